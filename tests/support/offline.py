"""The offline analyst over a small SQLite warehouse a test writes itself, and hand-written gold SQL on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.types import AnalystAnswer


@contextmanager
def script_box(directory: Path, name: str, script: str) -> Iterator[SqliteToolbox]:
    """A toolbox over ``directory/name.sqlite`` made by running ``script``; closed afterwards."""
    path = directory / f"{name}.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    box = SqliteToolbox(path)
    try:
        yield box
    finally:
        box.close()


async def ask(box: SqliteToolbox, question: str) -> list[tuple[Any, ...]]:
    """The rows of the answer's first query (the answer must have one)."""
    ans = await OfflineAnalyst().answer(question, toolbox=box, history=[], state={}, mode="economy", deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert part is not None and part.result is not None, [p.text for p in ans.parts]
    return [tuple(r) for r in part.result.rows]


def gold(box: SqliteToolbox, sql: str) -> list[tuple[Any, ...]]:
    """The rows hand-written SQL returns on the same warehouse."""
    conn = sqlite3.connect(box.path)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def warehouse_fixtures(name: str, script: str) -> tuple[Any, Any, Any]:
    """``path, box, db = warehouse_fixtures("gym", GYM)`` at a test module's top: the fixtures ``path`` (the
    warehouse file, made per test from ``script``), ``box`` (the analyst's toolbox on it) and ``db`` (a plain
    connection for gold SQL), so each module writes its schema and nothing else."""

    @pytest.fixture(name="path")
    def _path(tmp_path: Path) -> Path:
        p = tmp_path / f"{name}.sqlite"
        conn = sqlite3.connect(p)
        conn.executescript(script)
        conn.close()
        return p

    @pytest.fixture(name="box")
    def _box(path: Path) -> Iterator[SqliteToolbox]:
        b = SqliteToolbox(path)
        yield b
        b.close()

    @pytest.fixture(name="db")
    def _db(path: Path) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(path)
        yield conn
        conn.close()

    return _path, _box, _db


async def answer(box: SqliteToolbox, question: str) -> AnalystAnswer:
    """The offline analyst's whole answer (text, query parts, whether it understood)."""
    return await OfflineAnalyst().answer(question, toolbox=box, history=[], state={}, mode="economy", deep=False)


def answer_rows(ans: AnalystAnswer) -> list[tuple[Any, ...]] | None:
    """The rows of the answer's first query, or None when it ran none (it asked instead)."""
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    return None if part is None or part.result is None else [tuple(r) for r in part.result.rows]


def same(ans: AnalystAnswer, db: sqlite3.Connection, sql: str) -> bool:
    """The answer's rows equal the hand-written SQL's rows (any order, floats rounded to 6 places)."""
    def norm(rs: Any) -> list[str]:
        return sorted(repr(tuple(round(v, 6) if isinstance(v, float) else v for v in r)) for r in rs)
    got = answer_rows(ans)
    return got is not None and norm(got) == norm(db.execute(sql).fetchall())
