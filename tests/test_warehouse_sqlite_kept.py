"""A SQLite warehouse keeps its connections between queries, each on the file it opened: a file
replaced or removed under the same path is never read through a kept connection, a write into the
same file is seen, a cancelled connection is dropped, and disposing (connection changed or removed)
closes them."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.common.errors import Timeout, Unavailable
from services.knowledge.warehouse import ConnectionSpec, Warehouse


def _make(path: Path, rows: list[tuple[int, str]]) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE plant (id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO plant VALUES (?, ?)", rows)
    con.commit()
    con.close()
    return path


def _pool(wh: Warehouse) -> sa.pool.QueuePool:
    pool = wh.engine().pool
    assert isinstance(pool, sa.pool.QueuePool)
    return pool


def _counting(wh: Warehouse) -> list[Any]:
    """The DB-API connections the warehouse's engine opened, in order."""
    opened: list[Any] = []
    sa.event.listen(wh.engine(), "connect", lambda dbapi_conn, _record: opened.append(dbapi_conn))
    return opened


async def test_queries_reuse_one_kept_connection_still_hardened(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    opened = _counting(wh)
    try:
        for _ in range(5):
            assert (await wh.execute("SELECT name FROM plant")).rows == [("fern",)]
        assert len(opened) == 1
        # the hardening of the first open holds on the kept connection
        with pytest.raises(Exception):  # noqa: B017 - refused by query_only / the authorizer
            await wh.execute("INSERT INTO plant VALUES (2, 'moss')")
        assert (await wh.execute("SELECT count(*) FROM plant")).rows == [(1,)]
    finally:
        wh.dispose()


async def test_a_write_into_the_same_file_is_seen_by_the_kept_connection(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    opened = _counting(wh)
    try:
        assert (await wh.execute("SELECT count(*) FROM plant")).rows == [(1,)]
        con = sqlite3.connect(path)
        con.execute("INSERT INTO plant VALUES (2, 'moss')")
        con.commit()
        con.close()
        assert (await wh.execute("SELECT count(*) FROM plant")).rows == [(2,)]
        assert len(opened) == 1
    finally:
        wh.dispose()


async def test_a_replaced_file_is_read_at_once_and_a_removed_one_is_unavailable(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    opened = _counting(wh)
    try:
        assert (await wh.execute("SELECT name FROM plant")).rows == [("fern",)]
        # a new file renamed over the path (how files are usually replaced)
        fresh = _make(tmp_path / "next.db", [(1, "oak"), (2, "elm")])
        os.replace(fresh, path)
        assert (await wh.execute("SELECT name FROM plant ORDER BY id")).rows == [("oak",), ("elm",)]
        assert len(opened) == 2
        assert (await wh.execute("SELECT count(*) FROM plant")).rows == [(2,)]
        assert len(opened) == 2  # the new one is kept in turn
        os.remove(path)
        with pytest.raises(Unavailable):
            await wh.execute("SELECT count(*) FROM plant")
        assert not path.exists()  # read-only: never created
        _make(path, [(7, "ivy")])  # back: read again
        assert (await wh.execute("SELECT name FROM plant")).rows == [("ivy",)]
    finally:
        wh.dispose()


_ENDLESS = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"


async def test_a_statement_stopped_by_its_deadline_leaves_a_clean_connection(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    try:
        with pytest.raises(Timeout):
            await wh.execute(_ENDLESS, timeout_s=0.3)
        # whether kept or replaced, the next query runs in full (no deadline left behind on it)
        assert (await wh.execute(_ENDLESS.replace("FROM r)", "FROM r WHERE i < 300000)"), timeout_s=20)).rows == [
            (300000,)]
        assert _pool(wh).checkedout() == 0
    finally:
        wh.dispose()


async def test_a_connection_interrupted_from_another_thread_is_not_kept(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from services.knowledge.drivers import sqlite as sqlite_driver

    # only the watchdog's interrupt() stops the statement (no progress-handler deadline)
    monkeypatch.setattr(sqlite_driver.SQLiteSession, "begin", lambda self, timeout_s: None)
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    opened = _counting(wh)
    try:
        assert (await wh.execute("SELECT 1")).rows == [(1,)]
        with pytest.raises(Timeout):
            await wh.execute(_ENDLESS, timeout_s=0.3)
        assert (await wh.execute("SELECT name FROM plant")).rows == [("fern",)]
        assert len(opened) == 2  # the interrupted one was dropped, a new one opened
        with pytest.raises(sqlite3.ProgrammingError):  # and closed
            opened[0].execute("SELECT 1")
    finally:
        wh.dispose()


async def test_concurrent_queries_each_get_a_connection_of_their_own(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(i, f"p{i}") for i in range(1, 41)])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    try:
        for _ in range(3):
            results = await asyncio.gather(*(wh.execute(f"SELECT name FROM plant WHERE id = {i}")
                                             for i in range(1, 41)))
            assert [r.rows for r in results] == [[(f"p{i}",)] for i in range(1, 41)]
        pool = wh.engine().pool
        assert isinstance(pool, sa.pool.QueuePool) and pool.checkedout() == 0
    finally:
        wh.dispose()


async def test_dispose_closes_the_kept_connections(tmp_path: Path) -> None:
    path = _make(tmp_path / "garden.db", [(1, "fern")])
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    opened = _counting(wh)
    await wh.execute("SELECT 1")
    assert _pool(wh).checkedin() == 1
    wh.dispose()
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        opened[0].execute("SELECT 1")
    assert (await wh.execute("SELECT name FROM plant")).rows == [("fern",)]  # rebuilt on next use
    wh.dispose()
