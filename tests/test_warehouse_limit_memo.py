"""A warehouse keeps each statement with its row cap pushed down (``Warehouse._limited_sql``): a kept
statement must be exactly ``_push_limit``'s text for that SQL and cap, and results must not change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from services.knowledge import warehouse as wmod
from services.knowledge.warehouse import ConnectionSpec, Warehouse


@pytest.fixture
def wh(tmp_path: Path):
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO items VALUES (?, ?)", [(i, f"n{i}") for i in range(20)])
    w = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    yield w
    w.dispose()


SQLS = ["SELECT id FROM items ORDER BY id", "SELECT id FROM items ORDER BY id LIMIT 3",
        "SELECT id FROM items ORDER BY id LIMIT 50", "SELECT name FROM items UNION SELECT 'x'"]


def test_kept_statement_is_push_limits_text(wh: Warehouse) -> None:
    for _ in range(2):
        for sql in SQLS:
            for cap in (5, 11):
                assert wh._limited_sql(sql, cap) == wmod._push_limit(sql, wh.dialect, cap)
    assert len(wh._limited) == len(SQLS) * 2  # one entry per (SQL, cap), however often asked
    long_sql = "SELECT id FROM items WHERE " + " OR ".join(f"id = {i}" for i in range(1000))
    assert wh._limited_sql(long_sql, 5) == wmod._push_limit(long_sql, wh.dialect, 5)
    assert len(wh._limited) == len(SQLS) * 2  # long SQL is not kept


async def test_repeated_queries_return_the_same_rows(wh: Warehouse) -> None:
    for max_rows in (4, 4, 100, 100):
        cols, rows, truncated = await wh.execute("SELECT id FROM items ORDER BY id", max_rows=max_rows)
        assert cols == ["id"] and [r[0] for r in rows] == list(range(min(max_rows, 20)))
        assert truncated == (max_rows < 20)
