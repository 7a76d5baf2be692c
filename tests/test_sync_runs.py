"""Sync runs cannot be left ``running`` forever (issue 10): a sync stuck in something that never
returns (here: a LookML file that is a FIFO nobody writes) stops holding off new syncs once it is
older than the sync timeout, and a run whose process was killed is taken over and finished by the
restarted process (services/common/jobs.py)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.stack import Stack, start_stack

SYNC_TIMEOUT_S = 3.0
VIEW = 'view: things {\n  sql_table_name: main.things ;;\n  dimension: id { sql: ${TABLE}.id ;; }\n}\n'


@pytest.fixture(scope="module")
def sync_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = start_stack(Path(tmp_path_factory.mktemp("syncruns")), {"DOT_SYNC_TIMEOUT_S": str(SYNC_TIMEOUT_S)})
    try:
        yield s
    finally:
        s.stop()


def stuck_project(root: Path) -> Path:
    """A LookML project whose second file blocks every reader (a FIFO with no writer)."""
    root.mkdir()
    (root / "a.view.lkml").write_text(VIEW)
    os.mkfifo(root / "stuck.view.lkml")
    return root


def release(fifo: Path) -> None:
    """Let a reader blocked on the FIFO go (it reads an empty file)."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass  # nobody is blocked on it any more


def connect_looker(stack: Stack, project: Path) -> str:
    cid = f"lkml-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/connect_looker", json={"connection_id": cid, "project_dir": str(project)})
        assert r.status_code == 200, r.text
    return cid


def start_sync(stack: Stack, cid: str) -> tuple[threading.Thread, list[httpx.Response | BaseException]]:
    out: list[httpx.Response | BaseException] = []

    def run() -> None:
        try:
            with stack.client(stack.admin_token, timeout=120) as c:
                out.append(c.post(f"/api/sync/looker/{cid}"))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            out.append(exc)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th, out


def sync_rows(stack: Stack, cid: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"file:{stack.data_dir / 'knowledge.db'}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id, status FROM syncs WHERE connection_id = ? ORDER BY started_at",
                           (cid,)).fetchall()
    finally:
        con.close()


def wait_running(stack: Stack, cid: str, timeout_s: float = 20.0) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        running = [sid for sid, status in sync_rows(stack, cid) if status == "running"]
        if running:
            return running[0]
        time.sleep(0.1)
    raise AssertionError(f"no sync of {cid} started running")


def test_a_stuck_sync_older_than_the_timeout_no_longer_blocks_syncs(sync_stack: Stack, tmp_path: Path) -> None:
    project = stuck_project(tmp_path / "proj")
    cid = connect_looker(sync_stack, project)
    first, first_out = start_sync(sync_stack, cid)
    stuck_id = wait_running(sync_stack, cid)
    with sync_stack.client(sync_stack.admin_token) as c:
        busy = c.post(f"/api/sync/looker/{cid}")
        assert busy.status_code == 409 and busy.json()["detail"]["running_sync_id"] == stuck_id
        time.sleep(SYNC_TIMEOUT_S + 0.5)
        os.rename(project / "stuck.view.lkml", tmp_path / "fifo")  # the stuck reader keeps the FIFO
        (project / "stuck.view.lkml").write_text("")
        again = c.post(f"/api/sync/looker/{cid}")
        assert again.status_code == 200, again.text
    first.join(30)
    release(tmp_path / "fifo")
    (old,) = first_out
    assert isinstance(old, httpx.Response) and old.status_code == 504, old
    assert "replaced by a newer one" in old.json()["detail"]
    statuses = dict(sync_rows(sync_stack, cid))
    assert statuses[stuck_id] == "failed" and list(statuses.values()).count("ok") == 1, statuses


def test_a_run_left_running_by_a_killed_process_is_finished_after_restart(sync_stack: Stack, tmp_path: Path) -> None:
    """The run is held by a job (services/common/jobs.py): the restarted process sees its owner is
    gone and takes it over at once (a replica would after the lease), finishing the same run."""
    project = stuck_project(tmp_path / "proj")
    cid = connect_looker(sync_stack, project)
    th, _ = start_sync(sync_stack, cid)
    try:
        stuck_id = wait_running(sync_stack, cid)
        sync_stack.stop_service("knowledge")  # kill -9 mid-sync
        assert dict(sync_rows(sync_stack, cid))[stuck_id] == "running"
        sync_stack.restart_service("knowledge")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and dict(sync_rows(sync_stack, cid))[stuck_id] == "running":
            release(project / "stuck.view.lkml")  # the run taken over reads the project again
            time.sleep(0.2)
        assert dict(sync_rows(sync_stack, cid))[stuck_id] == "ok"
        assert [s for _, s in sync_rows(sync_stack, cid)] == ["ok"]  # finished once, no second run
    finally:
        release(project / "stuck.view.lkml")
        th.join(30)
    (project / "stuck.view.lkml").unlink()
    with sync_stack.client(sync_stack.admin_token) as c:
        assert c.post(f"/api/sync/looker/{cid}").status_code == 200
