"""ListVisibleConnections (what routing lists candidates from) follows ListTables' permission rule
without reading table rows, its schema keys change when the schema would, and a question is never
routed to a connection the asker cannot see."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import grpc
import pytest

from dot.v1 import knowledge_pb2, knowledge_pb2_grpc
from tests.support.stack import Stack
from tests.test_knowledge_api import connect, webhook_sync


def make_db(path: Path, table: str, names: list[str]) -> Path:
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT, weight REAL)")
    con.executemany(f"INSERT INTO {table} (name, weight) VALUES (?, ?)", [(n, 10.0 * i) for i, n in enumerate(names)])
    con.commit()
    con.close()
    return path


def auth(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


async def test_visible_connections_follow_list_tables_and_routing_never_leaves_them(stack: Stack,
                                                                                    tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:6]
    shared, hidden = f"vis-{tag}", f"vis-hidden-{tag}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", shared, database_location=str(make_db(tmp_path / "a.sqlite", "gadgets", ["Cog", "Gear"])))
        connect(c, "sqlite", hidden, database_location=str(
            make_db(tmp_path / "b.sqlite", "zeppelins", ["Hindenburg", "Graf Zeppelin", "Norge"])))
        webhook_sync(stack, "sqlite", shared)
        webhook_sync(stack, "sqlite", hidden)
        tid = f"{hidden}.main.zeppelins"
        assert c.post("/api/add_doc_to_group", json={"doc_id": tid, "group": "airships"}).status_code == 200
        assert c.post("/api/remove_doc_from_group", json={"doc_id": tid, "group": "all_users"}).status_code == 200
    _, user = stack.create_user("user")
    _, pilot = stack.create_user("user", groups=["airships"])

    async with grpc.aio.insecure_channel(stack.settings.address("knowledge")) as ch:
        stub = knowledge_pb2_grpc.KnowledgeServiceStub(ch)

        async def visible(token: str) -> dict[str, Any]:
            r = await stub.ListVisibleConnections(knowledge_pb2.ListVisibleConnectionsRequest(), metadata=auth(token),
                                                  timeout=60)
            return {x.connection_id: x for x in r.connections}

        async def listed(token: str) -> set[str]:
            r = await stub.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=auth(token), timeout=60)
            return {t.connection_id for t in r.tables if not t.archived}

        for token in (stack.admin_token, user, pilot):  # the same rule as listing tables
            assert set(await visible(token)) == await listed(token)
        mine = await visible(user)
        assert shared in mine and hidden not in mine
        assert hidden in await visible(pilot) and hidden in await visible(stack.admin_token)
        assert mine[shared].table_count == 1 and mine[shared].schema_key

        # the key names the schema: unchanged while nothing changes, new once a doc changes it
        assert (await visible(user))[shared].schema_key == mine[shared].schema_key
        with stack.client(stack.admin_token) as c:
            assert c.post("/api/save_table_doc", json={"table": {"id": f"{shared}.main.gadgets",
                                                                 "description": "Parts we sell"}}).status_code == 200
        after = (await visible(user))[shared]
        assert after.schema_key != mine[shared].schema_key and after.catalog_version > mine[shared].catalog_version
        # a row filter makes the sample values the asker's own: no key, the schema is read each time
        with stack.client(stack.admin_token) as c:
            assert c.post("/api/set_row_filter", json={"table_id": f"{shared}.main.gadgets",
                                                       "template": "name IN (${all_groupnames})"}).status_code == 200
        assert (await visible(user))[shared].schema_key == ""

        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ListVisibleConnections(knowledge_pb2.ListVisibleConnectionsRequest(), timeout=60)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED

    def ask(token: str) -> str:
        with stack.client(token) as u:
            r = u.post("/api/agentic", json={"chat_id": f"vis-{uuid.uuid4().hex[:10]}",
                                             "messages": [{"role": "user", "content": "How many zeppelins are there?"}]})
            assert r.status_code == 200, r.text
            return str(r.json()[-1].get("additional_data", {}).get("connection_id", ""))

    assert ask(pilot) == hidden  # who may see the airships is routed to them
    assert ask(user) != hidden  # who may not is never routed there
