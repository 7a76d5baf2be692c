"""Two replicas of every service on PostgreSQL, the gateway with two workers in front (what
``make run-cluster`` starts), proved under faults:

- kill -9 one replica of each service in turn under load: reads see no errors (the channels
  retry idempotent calls on the surviving replica), writes either happen once or fail cleanly
  (503), nothing acknowledged is lost, no chat is left half-answered or answered twice;
- a token revoked is refused on the very next request by every gateway worker, whichever auth
  replica each one's invalidation stream is on;
- a sync whose replica dies is finished by the other replica, once.

Needs the local PostgreSQL (required in CI, skipped elsewhere); each run uses its own databases.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from services.common.config import SERVICE_NAMES, Settings
from services import launcher
from services.launcher import Child, Supervisor, wait_healthy
from tests.support.pg import pg_databases
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, FIXTURES, Stack, free_port
from tests.test_faults import READS, Load, assert_acknowledged_kept
from tests.test_sync_runs import connect_looker, release, stuck_project

LEASE_S = 3.0


@dataclass
class Cluster:
    stack: Stack
    sup: Supervisor
    pg: dict[str, str]  # service -> database URL

    def replica(self, name: str, i: int) -> Child:
        return next(c for c in self.sup.children if c.name == f"{name}-{i}")

    def kill(self, child: Child) -> None:
        assert child.proc is not None
        child.proc.kill()
        child.proc.wait(10)

    def restart(self, child: Child) -> None:
        self.sup.spawn(child)
        assert wait_healthy(child.health, time.monotonic() + 120), f"{child.name} did not come back"

    def sql(self, service: str, query: str, *args: object) -> list[tuple]:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.pg[service])
        with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as c:
            return c.execute(query, args).fetchall()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    launcher.READY_TIMEOUT_S = 180.0  # nine processes starting at once on two shared cores
    with pg_databases(SERVICE_NAMES, prefix="dot_cluster") as urls:
        data_dir = Path(tmp_path_factory.mktemp("cluster"))
        env = dict(os.environ)
        for k in ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_SMTP_URL"):
            env.pop(k, None)
        env.update({"DOT_DATA_DIR": str(data_dir), "DOT_ADMIN_EMAIL": ADMIN_EMAIL,
                    "DOT_ADMIN_PASSWORD": ADMIN_PASSWORD, "DOT_HTTP_PORT": str(free_port()),
                    "DOT_SECRET_KEY": "cluster-" + uuid.uuid4().hex, "DOT_GATEWAY_WORKERS": "2",
                    "DOT_LEASE_S": str(LEASE_S), "DOT_JOB_POLL_S": "0.3", "DOT_ANALYST_WORKERS": "1",
                    "DOT_FILE_SOURCES": os.pathsep.join([tempfile.gettempdir(), str(FIXTURES)])})
        for name, url in urls.items():
            env[f"DOT_{name.upper()}_DB_URL"] = url
        settings = Settings.from_env(env)
        ports = {name: [free_port(), free_port()] for name in SERVICE_NAMES}
        sup = Supervisor(settings, env, quiet=os.environ.get("DOT_TEST_VERBOSE") != "1", log_events=False,
                         replica_ports=ports)
        sup.start()
        try:
            stack = Stack(data_dir=data_dir, env=sup.env, settings=settings, procs=sup.procs())
            stack.admin_token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "cluster admin")
            yield Cluster(stack, sup, urls)
        finally:
            sup.stop()


def test_every_store_is_on_postgres_and_every_service_has_two_replicas(cluster: Cluster) -> None:
    assert sorted(c.name for c in cluster.sup.children) == sorted(
        [f"{n}-{i}" for n in SERVICE_NAMES for i in (1, 2)] + ["gateway"])
    for name in SERVICE_NAMES:
        assert cluster.sql(name, f"SELECT version_num FROM alembic_version_{name}")  # migrated once, by Alembic
    with cluster.stack.client(cluster.stack.admin_token) as c:
        health = c.get("/healthz").json()
    assert health["status"] == "ok", health


def test_kill_9_one_replica_of_each_service_in_turn_under_load(cluster: Cluster) -> None:
    stack = cluster.stack
    load = Load(stack)
    load.start()
    try:
        time.sleep(2.0)
        for name in SERVICE_NAMES:
            child = cluster.replica(name, 1)
            cluster.kill(child)  # SIGKILL: in-flight calls on it break
            time.sleep(3.0)  # the load runs on the surviving replica
            cluster.restart(child)
            time.sleep(1.0)
    finally:
        outcomes = load.stop()

    reads = [o for o in outcomes if o.kind == "read"]
    assert len(reads) > 50, len(reads)
    failed_reads = [(o.path, o.status, o.detail or o.error) for o in reads if not o.ok]
    assert not failed_reads, failed_reads[:10]  # idempotent calls were retried on the other replica
    assert not [o for o in outcomes if o.error], [o.error for o in outcomes if o.error][:5]
    statuses = {o.status for o in outcomes if not o.ok}
    assert statuses <= {503, 504}, statuses  # writes that failed, failed cleanly
    writes = [o for o in outcomes if o.kind != "read"]
    assert sum(o.ok for o in writes) >= 0.8 * len(writes), sorted((o.path, o.status) for o in writes if not o.ok)
    assert_acknowledged_kept(stack, outcomes)

    # every chat asked, acknowledged or not, ends answered once: a chat whose replica died mid-answer
    # is answered by the other one (its job's lease ran out), never twice
    chats = [o.key for o in outcomes if o.kind == "chat" and o.key]
    deadline = time.monotonic() + 4 * LEASE_S + 20
    with stack.client(stack.admin_token) as c:
        pending = set(chats)
        while pending and time.monotonic() < deadline:
            for cid in list(pending):
                r = c.get(f"/api/c2/{cid}")
                if r.status_code == 404 or r.json()["status"] != "in_progress":
                    pending.discard(cid)
            time.sleep(0.3)
        assert not pending, sorted(pending)
        for cid in chats:
            r = c.get(f"/api/c2/{cid}")
            if r.status_code == 404:
                continue  # the request failed before the chat was written
            roles = [m["role"] for m in r.json()["messages"]]
            assert roles == ["user", "assistant"], (cid, roles)
    assert not cluster.sql("conversation", "SELECT id FROM leased_jobs WHERE status = 'running'")


def test_a_revoked_token_is_refused_at_once_by_every_gateway_worker(cluster: Cluster) -> None:
    """Two gateway workers, each with its own invalidation stream on one of two auth replicas:
    the revocation returns only once both replicas' subscribers dropped the token."""
    stack = cluster.stack
    token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "to revoke")
    with stack.client(token) as c:
        for _ in range(20):  # warm every worker's cache
            assert c.get("/api/auth/me").status_code == 200
        token_id = next(t["id"] for t in c.get("/api/api_tokens").json() if t["name"] == "to revoke")
    with stack.client(stack.admin_token) as admin:
        assert admin.delete(f"/api/api_tokens/{token_id}").status_code in (200, 204)
    with stack.client(token) as c:
        refused = [c.get("/api/auth/me").status_code for _ in range(20)]  # new connections: any worker
    assert refused == [401] * 20, refused


def test_a_sync_whose_replica_dies_is_finished_by_the_other(cluster: Cluster, tmp_path: Path) -> None:
    stack = cluster.stack
    project = stuck_project(tmp_path / "proj")
    cid = connect_looker(stack, project)
    out: list[httpx.Response | BaseException] = []

    def run() -> None:
        try:
            with stack.client(stack.admin_token, timeout=60) as c:
                out.append(c.post(f"/api/sync/looker/{cid}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            out.append(exc)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    q = "SELECT id, status, owner FROM syncs WHERE connection_id = %s"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not cluster.sql("knowledge", q, cid):
        time.sleep(0.1)
    ((sync_id, status, owner),) = cluster.sql("knowledge", q, cid)
    assert status == "running"
    pid = int(owner.split(":")[1])
    dying = next(c for c in cluster.sup.children if c.proc is not None and c.proc.pid == pid)
    other = cluster.replica("knowledge", 2 if dying.name.endswith("-1") else 1)
    cluster.kill(dying)
    th.join(30)
    assert out and isinstance(out[0], httpx.Response) and out[0].status_code == 503, out  # failed cleanly

    deadline = time.monotonic() + 4 * LEASE_S + 10
    while time.monotonic() < deadline and cluster.sql("knowledge", q, cid)[0][1] == "running":
        release(project / "stuck.view.lkml")  # the run taken over reads the project again
        time.sleep(0.2)
    rows = cluster.sql("knowledge", q, cid)
    assert [(r[0], r[1]) for r in rows] == [(sync_id, "ok")], rows  # the same run, finished once
    assert other.proc is not None and int(rows[0][2].split(":")[1]) == other.proc.pid
    release(project / "stuck.view.lkml")
    (project / "stuck.view.lkml").unlink()
    cluster.restart(dying)
    with stack.client(stack.admin_token) as c:
        assert c.post(f"/api/sync/looker/{cid}").status_code == 200
