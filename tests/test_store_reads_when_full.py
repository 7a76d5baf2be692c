"""A store that refuses writes (full disk, RLIMIT_FSIZE) still serves reads, even after every
pooled connection was closed: a SQLite read must never need a file write.

The defect this pins: SQLAlchemy closes a connection whose statement was cancelled (an RPC the
caller abandoned); when that was the process's only connection, the next one had to recreate the
WAL index (``-shm``), a write, and the read failed with "disk I/O error" (a 503). Each scenario
runs in a child process that lowers its own RLIMIT_FSIZE (the unprivileged "full disk") and
reports over a pipe, so the test process keeps writing normally.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCENARIO = r'''
import asyncio, json, resource, sys
import sqlalchemy as sa
from services.common.store import open_store

md = sa.MetaData()
items = sa.Table("items", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text))

def refuse_writes():
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))  # any write past byte 1: EFBIG

async def count(store):
    async with store.engine.connect() as c:
        return (await c.execute(sa.select(sa.func.count()).select_from(items))).scalar()

async def main(path, how):
    store = await open_store(f"sqlite+aiosqlite:///{path}", md, [lambda c: md.create_all(c)])
    async with store.engine.begin() as c:
        await c.execute(items.insert(), [{"name": "x" * 200} for _ in range(500)])
    out = {}
    if how == "invalidated":
        # What SQLAlchemy does to a connection whose statement was cancelled (an RPC the caller
        # abandoned, seen in the fault tests): invalidated, hence closed. Here it is the only one.
        async with store.engine.connect() as c:
            await c.invalidate()
    refuse_writes()
    if how == "disposed":
        await store.engine.dispose()  # every pooled connection closed while writes are refused
    out["pool_connections"] = store.engine.pool.checkedin() + store.engine.pool.checkedout()
    try:
        async with store.engine.begin() as c:
            await c.execute(items.insert().values(name="refused"))
        out["write"] = "ok"
    except sa.exc.OperationalError as exc:
        out["write"] = str(exc.orig)
    try:
        out["read"] = await count(store)
    except sa.exc.OperationalError as exc:
        out["read"] = str(exc.orig)
    await store.dispose()
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], sys.argv[2]))
'''


def run(tmp_path: Path, how: str) -> dict[str, object]:
    r = subprocess.run([sys.executable, "-c", SCENARIO, str(tmp_path / "store.db"), how], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("how", ["invalidated", "disposed"])
def test_reads_work_when_writes_are_refused_and_no_pooled_connection_is_left(tmp_path: Path, how: str) -> None:
    out = run(tmp_path, how)
    assert out["write"] != "ok", out  # writes really are refused
    if how == "disposed":
        assert out["pool_connections"] == 0, out  # no pooled connection was left open
    assert out["read"] == 500, out


def test_the_store_keeps_no_snapshot_open(tmp_path: Path) -> None:
    """The anchor connection holds no read transaction, so checkpoints still empty the WAL."""
    import asyncio

    import sqlalchemy as sa

    from services.common.store import open_store

    md = sa.MetaData()
    items = sa.Table("items", md, sa.Column("id", sa.Integer, primary_key=True))

    async def main() -> tuple[int, int, int]:
        store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 's.db'}", md, [lambda c: md.create_all(c)])
        try:
            assert store.anchor is not None
            async with store.engine.begin() as c:
                await c.execute(items.insert(), [{} for _ in range(1000)])
            async with store.engine.connect() as c:
                busy, log, done = (await c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
            return busy, log, done
        finally:
            await store.dispose()

    busy, log_frames, _ = asyncio.run(main())
    assert busy == 0 and log_frames == 0


DEMO_SCENARIO = r'''
import asyncio, json, resource, sys
from pathlib import Path
from services.common.principal import Principal
from services.common.store import open_store
from services.knowledge import tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.secrets_box import SecretBox

async def main(root):
    store = await open_store(f"sqlite+aiosqlite:///{root}/knowledge.db", tables.metadata, history="knowledge")
    d = KnowledgeDomain(store, SecretBox("test-secret-key-0123456789abcdef"), Path(root) / "data", demo_data=True)
    admin = Principal(user_id="u-admin", org_id="org-new", role="admin", groups=("all_users",))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
    out = {"full": {"tables": len(await d.list_tables(admin, True, False)),
                    "search": len(await d.search(admin, "customers", 5)),
                    "connections": len(await d.list_connections(admin))}}
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    out["after"] = {"tables": len(await d.list_tables(admin, True, False))}
    for wh in d.state.warehouses.values():
        wh.dispose()
    await store.dispose()
    print(json.dumps(out))

asyncio.run(main(sys.argv[1]))
'''


def test_first_read_of_an_org_on_a_full_store_answers_without_the_demo_then_creates_it(tmp_path: Path) -> None:
    """The demo warehouse is created on an org's first read: a store that refuses that write must
    not fail the read (it answers what exists), and a read once writes work creates the demo."""
    (tmp_path / "data").mkdir()
    r = subprocess.run([sys.executable, "-c", DEMO_SCENARIO, str(tmp_path)], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["full"] == {"tables": 0, "search": 0, "connections": 0}, out
    assert out["after"]["tables"] > 0, out
