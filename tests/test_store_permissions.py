"""Store files are private to the server's user: the data dir is 0700, every file in it 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.common.config import Settings, ensure_private_dir
from services.common.store import create_all, open_store
from tests.support.stack import Stack


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_of_a_running_server_is_owner_only(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:  # touch every service's store, the demo warehouse too
        assert c.get("/api/tables?lite=true").status_code == 200
        assert c.get("/api/chat_history").status_code == 200
        assert c.get("/api/org").status_code == 200
    assert _mode(stack.data_dir) == 0o700
    files = [p for p in stack.data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"auth.db", "admin.db", "knowledge.db", "conversation.db"}
    loose = {p.name: oct(_mode(p)) for p in files if _mode(p) & 0o077}
    assert loose == {}


async def test_existing_loose_store_and_data_dir_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    db = data / "svc.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    Settings.from_env({"DOT_DATA_DIR": str(data), "DOT_SECRET_KEY": "k" * 40})
    assert _mode(data) == 0o700
    meta = sa.MetaData()
    sa.Table("t", meta, sa.Column("id", sa.Integer, primary_key=True))
    store = await open_store(f"sqlite+aiosqlite:///{db}", meta, [create_all(meta)])
    try:
        async with store.engine.begin() as conn:
            await conn.execute(sa.text("INSERT INTO t (id) VALUES (1)"))
        companions = [p for p in data.iterdir() if p.name.startswith("svc.db")]
        assert companions and all(_mode(p) == 0o600 for p in companions), {p.name: oct(_mode(p)) for p in companions}
    finally:
        await store.dispose()


def test_private_dir_is_created_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    ensure_private_dir(target)
    assert _mode(target) == 0o700


async def test_sqlite_store_runs_each_statement_in_one_driver_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The SQLite stores' driver buffers each statement's rows in one trip to aiosqlite's thread:
    reads, row counts of updates, last row ids of inserts and errors behave as the stock adapter's."""
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError

    from services.common.sqlite_driver import OneHopCursor
    from services.common.store import open_store

    md = sa.MetaData()
    items = sa.Table("items", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String, unique=True))
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 's.db'}", md, migrations=[lambda c: md.create_all(c)])
    try:
        async with store.engine.begin() as c:
            raw = await c.get_raw_connection()
            assert isinstance(raw.driver_connection, object) and raw.dbapi_connection._cursor_cls is OneHopCursor
            r = await c.execute(items.insert().values(name="a"))
            assert r.inserted_primary_key == (1,)
            await c.execute(items.insert(), [{"name": "b"}, {"name": "c"}])
            assert (await c.execute(items.update().where(items.c.id > 1).values(name=items.c.name + "!"))).rowcount == 2
        async with store.engine.connect() as c:
            assert (await c.execute(sa.select(items.c.name).order_by(items.c.id))).scalars().all() == ["a", "b!", "c!"]
        with pytest.raises(IntegrityError):
            async with store.engine.begin() as c:
                await c.execute(items.insert().values(name="a"))
    finally:
        await store.engine.dispose()


async def test_sqlite_store_makes_no_trip_to_end_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A commit or rollback with no SQLite transaction open (reads only, or the pool's reset after a
    commit) makes no trip to aiosqlite's thread; one with a transaction open still commits or rolls back."""
    import sqlalchemy as sa

    from services.common.store import open_store

    md = sa.MetaData()
    items = sa.Table("items", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String))
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 's.db'}", md, migrations=[lambda c: md.create_all(c)])
    trips: list[str] = []
    try:
        async with store.engine.connect() as c:
            driver = (await c.get_raw_connection()).driver_connection
        real = type(driver)._execute

        async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            trips.append(getattr(fn, "__name__", "?"))
            return await real(self, fn, *args, **kwargs)

        type(driver)._execute = counted  # type: ignore[method-assign]
        try:
            async with store.engine.connect() as c:
                assert (await c.execute(sa.select(items.c.id))).all() == []
            assert trips == ["_run"]  # the read; the pool's rollback of a connection with nothing open: no trip
            trips.clear()
            async with store.engine.begin() as c:
                await c.execute(items.insert().values(name="kept"))
            assert trips == ["_run", "commit"]  # the pool's rollback after the commit: no trip
            trips.clear()
            with pytest.raises(RuntimeError):
                async with store.engine.begin() as c:
                    await c.execute(items.insert().values(name="undone"))
                    raise RuntimeError("abandon")
            assert trips == ["_run", "rollback"]
        finally:
            type(driver)._execute = real  # type: ignore[method-assign]
        async with store.engine.connect() as c:
            assert (await c.execute(sa.select(items.c.name))).scalars().all() == ["kept"]
    finally:
        await store.engine.dispose()
