"""Row-level filters hold on every path that returns values (issue 11): a user limited to the
Consumer segment never sees an Enterprise customer's name or e-mail in table details, table
lists, search ranking or the schema engines get, while an admin still sees the stored samples."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import grpc

from dot.v1 import knowledge_pb2, knowledge_pb2_grpc
from services.common import values
from tests.support.stack import Stack
from tests.test_knowledge_api import connect, webhook_sync

SECRET_WORDS = ("zebulon", "bigcorp", "yolanda", "megacorp")


def make_customers(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, segment TEXT);
        INSERT INTO customers VALUES
            (1, 'Ann Archer', 'ann@home.example', 'Consumer'),
            (2, 'Bob Baker', 'bob@home.example', 'Consumer'),
            (3, 'Zebulon Zane', 'zebulon@bigcorp.example', 'Enterprise'),
            (4, 'Yolanda Young', 'yolanda@megacorp.example', 'Enterprise');
    """)
    con.commit()
    con.close()
    return path


def leaks(text: str) -> list[str]:
    return [w for w in SECRET_WORDS if w in text.lower()]


async def test_row_filtered_values_reach_no_one_who_may_not_see_the_rows(stack: Stack, tmp_path: Path) -> None:
    cid = f"crm-{uuid.uuid4().hex[:6]}"
    tid = f"{cid}.main.customers"
    _, consumer = stack.create_user("user", groups=["Consumer"])
    _, modeler = stack.create_user("modeler", groups=["Consumer"])
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(make_customers(tmp_path / "crm.sqlite")))
        webhook_sync(stack, "sqlite", cid)
        assert c.post("/api/set_row_filter", json={"table_id": tid, "template": "segment IN (${all_groupnames})"}
                      ).status_code == 200
        # admins still see the stored samples (they manage the catalog) and can search on them
        admin_table = c.get(f"/api/tables/{tid}").json()
        admin_cols = {col["name"]: col for col in admin_table["columns"]}
        assert "Zebulon Zane" in admin_cols["name"]["sample_values"] and admin_table["num_rows"] == 4
        assert any(r.get("id") == tid for r in c.get("/api/search", params={"q": "zebulon"}).json())

    for token in (consumer, modeler):
        with stack.client(token) as u:
            table = u.get(f"/api/tables/{tid}")
            assert table.status_code == 200 and not leaks(table.text), table.text
            cols = {col["name"]: col for col in table.json()["columns"]}
            # the asker's own rows, computed through the guarded query path
            assert cols["name"]["sample_values"] == ["Ann Archer", "Bob Baker"]
            assert cols["segment"]["sample_values"] == ["Consumer"]
            assert all(col["distinct_count"] is None for col in cols.values())
            assert table.json()["num_rows"] is None  # a count over rows the asker may not see
            listed = u.get("/api/tables", params={"lite": False})
            assert listed.status_code == 200 and not leaks(listed.text)
            assert next(x for x in listed.json() if x["id"] == tid)["num_rows"] is None
            for q in ("zebulon", "bigcorp", "yolanda megacorp"):
                found = u.get("/api/search", params={"q": q})
                assert found.status_code == 200 and all(r.get("id") != tid for r in found.json()), (q, found.text)
            # names still rank; values of a filtered table do not (the index holds them over all rows)
            found = [r for r in u.get("/api/search", params={"q": "customers archer"}).json() if r.get("id") == tid]
            assert found and found[0]["score"] == 6.0 and found[0]["num_rows"] is None

    # the schema engines get (conversation -> knowledge GetSchema) carries only the asker's values
    async with grpc.aio.insecure_channel(stack.settings.address("knowledge")) as ch:
        stub = knowledge_pb2_grpc.KnowledgeServiceStub(ch)
        r = await stub.GetSchema(knowledge_pb2.GetSchemaRequest(connection_id=cid),
                                 metadata=(("authorization", f"Bearer {consumer}"),), timeout=60)
    assert not leaks(str(r)), r
    cols = {col.name: col for col in r.tables[0].columns}
    assert [values.from_value(v) for v in cols["email"].sample_values] == ["ann@home.example", "bob@home.example"]
    assert not r.tables[0].HasField("row_count")

    # an answer about the table shows only the asker's rows and no hidden value anywhere
    with stack.client(consumer) as u:
        ans = u.post("/api/agentic", json={"messages": [{"role": "user", "content": "list all customer names"}],
                                           "chat_id": f"rlsv-{uuid.uuid4().hex[:6]}"})
        assert ans.status_code == 200 and not leaks(ans.text), ans.text


def test_search_index_follows_docs_and_removal(stack: Stack, tmp_path: Path) -> None:
    """The index is kept in step with the catalog: new docs are searchable, deleted setups are not."""
    cid = f"idx-{uuid.uuid4().hex[:6]}"
    tid = f"{cid}.main.customers"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(make_customers(tmp_path / "idx.sqlite")))
        webhook_sync(stack, "sqlite", cid)
        word = f"quux{uuid.uuid4().hex[:6]}"
        assert not any(r.get("id") == tid for r in c.get("/api/search", params={"q": word}).json())
        assert c.post("/api/save_table_doc", json={"table": {"id": tid, "description": f"buyers {word}"}}
                      ).status_code == 200
        hits = c.get("/api/search", params={"q": word}).json()
        assert [r["id"] for r in hits] == [tid] and hits[0]["score"] == 0.5
        named = c.get("/api/search", params={"q": "customers email"}).json()
        top = next(r for r in named if r.get("id") == tid)
        assert top["matched_names"] == ["customer", "customers"] and top["matched_columns"] == ["email"]
        assert c.post("/api/remove_connection", json={"connection_id": cid, "delete_setup": True}
                      ).status_code in (200, 204)
        assert not any(r.get("id") == tid for r in c.get("/api/search", params={"q": word}).json())
