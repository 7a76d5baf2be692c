"""Evaluations API through the running server: CRUD, roles, background runs, scoring, conflicts, permissions."""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.fixtures import make_concert_db
from tests.support.stack import Stack

COUNT_SINGERS = "How many singers do we have?"


@pytest.fixture(scope="module")
def concert(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = make_concert_db(tmp_path_factory.mktemp("evaluations") / "concerts.sqlite")
    cid = f"concerts-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location": str(db)})
        assert r.status_code == 200, r.text
        assert c.post(f"/api/sync/sqlite/{cid}").status_code == 200
    return cid


def wait_run(c: httpx.Client, run_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = c.get(f"/api/evaluation_runs/{run_id}")
        if r.status_code == 503:  # a restarted service: the gateway reconnects within about a second
            time.sleep(0.2)
            continue
        run = r.json()
        if run["finished"]:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish")


def test_crud_validation_and_roles(stack: Stack, concert: str) -> None:
    _, user = stack.create_user("user")
    _, modeler = stack.create_user("modeler")
    body = {"name": "smoke", "connection_id": concert,
            "questions": [{"question": COUNT_SINGERS, "expected_sql": "SELECT count(*) FROM singer"}]}
    with stack.client(user) as u:
        assert u.post("/api/evaluations", json=body).status_code == 403
        assert u.get("/api/evaluations").status_code == 403
    with stack.client(modeler) as m:
        r = m.post("/api/evaluations", json=body)
        assert r.status_code == 201, r.text
        ev = r.json()
        assert ev["id"].startswith("evl_") and ev["questions"] == [
            {"question": COUNT_SINGERS, "expected_sql": "SELECT count(*) FROM singer", "expected_rows": None}]
        assert ev["id"] in {e["id"] for e in m.get("/api/evaluations").json()}
        both = {**body, "questions": [{"question": "x", "expected_sql": "SELECT 1", "expected_rows": [[1]]}]}
        assert m.post("/api/evaluations", json=both).status_code == 422
        assert m.post("/api/evaluations", json={**body, "questions": []}).status_code == 422
        nested = {**body, "questions": [{"question": "x", "expected_rows": [[{"a": 1}]]}]}
        assert m.post("/api/evaluations", json=nested).status_code == 422
        put = m.put(f"/api/evaluations/{ev['id']}", json={**body, "name": "renamed", "questions": [
            {"question": COUNT_SINGERS, "expected_rows": [[6, 2.5, "six", True, None]]}]})
        assert put.status_code == 200 and put.json()["name"] == "renamed"
        got = m.get(f"/api/evaluations/{ev['id']}")
        # typed values over gRPC: the integer comes back as 6, not 6.0 (the text, not just ==)
        assert '"expected_rows":[[6,2.5,"six",true,null]]' in got.text
        assert got.json()["questions"][0]["expected_sql"] is None
        assert m.delete(f"/api/evaluations/{ev['id']}").status_code == 200
        assert m.get(f"/api/evaluations/{ev['id']}").status_code == 404
        assert m.get("/api/evaluation_runs/evr_missing").status_code == 404


def test_run_scores_each_question_by_execution_match(stack: Stack, concert: str) -> None:
    questions = [
        {"question": COUNT_SINGERS, "expected_sql": "SELECT count(*) FROM singer"},
        {"question": COUNT_SINGERS, "expected_rows": [[7]]},
        {"question": COUNT_SINGERS, "expected_sql": "SELECT no_such_column FROM singer"},
        {"question": COUNT_SINGERS, "expected_rows": [[6]]},
    ]
    with stack.client(stack.admin_token) as c:
        ev = c.post("/api/evaluations", json={"name": "scoring", "connection_id": concert,
                                              "questions": questions}).json()
        started = c.post(f"/api/evaluations/{ev['id']}/runs", json={"trigger": "api"})
        assert started.status_code == 201, started.text
        assert started.json()["id"].startswith("evr_") and started.json()["verdict"] == "pending"
        run = wait_run(c, started.json()["id"])
        assert run["status"] == "finished" and run["verdict"] == "fail", run
        assert run["summary"] == {"total": 4, "pass": 2, "fail": 1, "error": 1, "pending": 0}
        verdicts = [r["verdict"] for r in run["results"]]
        assert verdicts == ["pass", "fail", "error", "pass"], run["results"]
        assert "count" in run["results"][0]["sql"].lower()
        assert "expected SQL failed" in run["results"][2]["reason"]
        assert c.get(f"/api/evaluations/{ev['id']}").json()["last_run_id"] == run["id"]
        assert [r["id"] for r in c.get(f"/api/evaluations/{ev['id']}/runs").json()] == [run["id"]]


def test_a_second_start_while_one_runs_is_a_conflict(stack: Stack, concert: str) -> None:
    questions = [{"question": COUNT_SINGERS, "expected_rows": [[6]]}] * 120
    with stack.client(stack.admin_token) as c:
        ev = c.post("/api/evaluations", json={"name": "long", "connection_id": concert, "questions": questions}).json()
        first = c.post(f"/api/evaluations/{ev['id']}/runs", json={}).json()
        second = c.post(f"/api/evaluations/{ev['id']}/runs", json={})
        assert second.status_code == 409, second.text
        assert second.json()["detail"]["active_run_id"] == first["id"]
        assert c.delete(f"/api/evaluations/{ev['id']}").status_code == 409
        run = wait_run(c, first["id"])
        assert run["verdict"] == "pass" and run["summary"]["pass"] == 120
        assert c.post(f"/api/evaluations/{ev['id']}/runs", json={}).status_code == 201


def test_runs_honour_the_askers_permissions(stack: Stack, concert: str) -> None:
    venue = f"{concert}.main.venue"
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/add_doc_to_group", json={"doc_id": venue, "group": "finance"}).status_code == 200
        assert c.post("/api/remove_doc_from_group", json={"doc_id": venue, "group": "all_users"}).status_code == 200
    _, modeler = stack.create_user("modeler")
    body = {"name": "venues", "connection_id": concert,
            "questions": [{"question": "How many venues are there?", "expected_sql": "SELECT count(*) FROM venue"}]}
    with stack.client(modeler) as m:
        ev = m.post("/api/evaluations", json=body).json()
        run = wait_run(m, m.post(f"/api/evaluations/{ev['id']}/runs", json={}).json()["id"])
        assert run["results"][0]["verdict"] == "error", run
        assert "expected SQL failed" in run["results"][0]["reason"]
    _, finance_modeler = stack.create_user("modeler", groups=["finance"])
    with stack.client(finance_modeler) as f:
        run = wait_run(f, f.post(f"/api/evaluations/{ev['id']}/runs", json={}).json()["id"])
        assert run["results"][0]["verdict"] == "pass", run


def test_a_run_that_cannot_complete_is_an_error_not_zero_percent(stack: Stack) -> None:
    body = {"name": "gone", "connection_id": f"missing-{uuid.uuid4().hex[:6]}",
            "questions": [{"question": COUNT_SINGERS, "expected_rows": [[6]]}]}
    with stack.client(stack.admin_token) as c:
        ev = c.post("/api/evaluations", json=body).json()
        run = wait_run(c, c.post(f"/api/evaluations/{ev['id']}/runs", json={}).json()["id"])
        assert run["status"] == "error" and run["verdict"] == "error" and run["error"], run
        assert run["summary"]["pending"] == 1


def test_a_run_interrupted_by_a_crash_is_finished_after_the_restart(stack: Stack, concert: str, tmp_path: Path) -> None:
    """The run is held by a job (services/common/jobs.py): the restarted process sees that its
    owner is gone and runs it again from the first question (a replica would, after the lease)."""
    questions = [{"question": COUNT_SINGERS, "expected_rows": [[6]]}] * 100
    with stack.client(stack.admin_token) as c:
        ev = c.post("/api/evaluations", json={"name": "restart", "connection_id": concert,
                                              "questions": questions}).json()
        run_id = c.post(f"/api/evaluations/{ev['id']}/runs", json={}).json()["id"]
        time.sleep(0.5)
        stack.restart_service("conversation")  # kill -9, then start again
        run = wait_run(c, run_id)
        assert run["status"] == "finished" and run["summary"]["pass"] == 100, run
    con = sqlite3.connect(f"file:{stack.data_dir / 'conversation.db'}?mode=ro", uri=True)
    try:
        job = con.execute("SELECT status, attempts FROM leased_jobs WHERE id = ?", (run_id,)).fetchone()
    finally:
        con.close()
    assert job == ("done", 2)  # taken over once by the restarted process
    with stack.client(stack.admin_token) as c:
        assert c.post(f"/api/evaluations/{ev['id']}/runs", json={}).status_code == 201
