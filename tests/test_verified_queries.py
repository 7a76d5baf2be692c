"""Verified queries through the running server: 👍 proposes, reviewers approve or reject, the analyst reuses."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import httpx
import pytest

from tests.support.stack import Stack

QUESTION = "How many orders per region?"
APPROVED_SQL = ("SELECT r.name AS region, count(*) AS orders FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
                "JOIN regions r ON r.region_id = c.region_id GROUP BY r.name ORDER BY r.name")


def ask(c: httpx.Client, question: str, chat_id: str | None = None) -> tuple[str, dict[str, Any]]:
    chat_id = chat_id or f"vq-{uuid.uuid4().hex[:8]}"
    r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}], "chat_id": chat_id,
                                     "connection_id": "demo"})
    assert r.status_code == 200, r.text
    return chat_id, r.json()[-1]


def first_sql(message: dict[str, Any]) -> str:
    assets = message["additional_data"]["assets"]
    return next((a["sql_query"] for a in assets.values() if "sql_query" in a), "")


def test_thumbs_up_proposes_review_approves_and_the_analyst_reuses(stack: Stack) -> None:
    _, user = stack.create_user("user")
    _, modeler = stack.create_user("modeler")
    with stack.client(user) as u:
        chat_id, answer = ask(u, QUESTION)
        engine_sql = first_sql(answer)
        assert engine_sql
        r = u.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": True})
        assert r.status_code == 200, r.text
        assert u.get("/api/verified_queries").status_code == 403  # reviewing is for admins and modelers
    with stack.client(modeler) as m:
        proposals = [v for v in m.get("/api/verified_queries", params={"status": "proposed"}).json()
                     if v["source_chat_id"] == chat_id]
        assert len(proposals) == 1
        vq = proposals[0]
        assert vq["question"] == QUESTION and vq["sql"] == engine_sql and vq["connection_id"] == "demo"
        # not approved yet: a paraphrase is interpreted as usual
        with stack.client(user) as u:
            _, before = ask(u, "Please show me how many orders per region")
            assert "verified query" not in before["content"]
        approved = m.post(f"/api/verified_queries/{vq['id']}/approve", json={"sql": APPROVED_SQL})
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "approved" and approved.json()["reviewed_by"].startswith("modeler-")
    with stack.client(user) as u:
        _, reused = ask(u, "please show me how many orders per region")
        assert "verified query" in reused["content"], reused["content"]
        assert "ORDER BY" in first_sql(reused).upper()  # the approved SQL ran, not a new interpretation
        assert reused["additional_data"]["formatted_result"][0]["type"] == "text"
        _, unrelated = ask(u, "How many customers are there?")
        assert "verified query" not in unrelated["content"]
    with stack.client(modeler) as m:
        assert m.get(f"/api/verified_queries/{vq['id']}").json()["uses"] == 1
        assert m.post(f"/api/verified_queries/{vq['id']}/reject").json()["status"] == "rejected"
    with stack.client(user) as u:
        _, after = ask(u, QUESTION)
        assert "verified query" not in after["content"]
    with stack.client(modeler) as m:
        assert m.delete(f"/api/verified_queries/{vq['id']}").status_code == 200
        assert m.get(f"/api/verified_queries/{vq['id']}").status_code == 404


def test_a_second_thumbs_up_does_not_duplicate_and_thumbs_down_proposes_nothing(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        chat_id, _ = ask(c, "How many products are there?")
        for _ in range(2):
            assert c.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": True}
                          ).status_code == 200
        other, _ = ask(c, "How many categories are there?")
        assert c.post("/api/feedback", json={"chat_id": other, "message_position": 1, "positive": False}
                      ).status_code == 200
        mine = [v for v in c.get("/api/verified_queries").json() if v["source_chat_id"] in (chat_id, other)]
        assert [v["source_chat_id"] for v in mine] == [chat_id]


def test_reuse_never_widens_what_the_asker_may_see(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = tmp_path_factory.mktemp("verified") / "arenas.sqlite"
    con = sqlite3.connect(db)
    con.executescript("CREATE TABLE amphitheatre (amphitheatre_id INTEGER PRIMARY KEY, name TEXT, seats INTEGER);"
                      "INSERT INTO amphitheatre VALUES (1, 'Verona', 22000), (2, 'Nimes', 17000);")
    con.commit()
    con.close()
    cid = f"vq-arenas-{uuid.uuid4().hex[:6]}"
    question = "What is the largest amphitheatre by seats?"
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location": str(db)}).status_code == 200
        assert c.post(f"/api/sync/sqlite/{cid}").status_code == 200
        vq = c.post("/api/verified_queries", json={"connection_id": cid, "question": question,
                                                   "sql": "SELECT max(seats) AS seats FROM amphitheatre"})
        assert vq.status_code == 201 and vq.json()["status"] == "approved"
        table = f"{cid}.main.amphitheatre"
        assert c.post("/api/add_doc_to_group", json={"doc_id": table, "group": "finance"}).status_code == 200
        assert c.post("/api/remove_doc_from_group", json={"doc_id": table, "group": "all_users"}).status_code == 200
        assert c.post("/api/verified_queries", json={"connection_id": cid, "question": "please ?",
                                                     "sql": "SELECT 1"}).status_code == 422
    _, outsider = stack.create_user("user")
    _, insider = stack.create_user("user", groups=["finance"])
    for token, sees in ((outsider, False), (insider, True)):
        with stack.client(token) as u:
            r = u.post("/api/agentic", json={"messages": [{"role": "user", "content": question}],
                                             "chat_id": f"vq-{uuid.uuid4().hex[:8]}"})
            content = r.json()[-1]["content"]
            assert ("verified query" in content) is sees, content
            assert ("22000" in content or "22,000" in content) is sees, content
