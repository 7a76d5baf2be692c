"""The offline analyst over a small SQLite warehouse a test writes itself, and hand-written gold SQL on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst


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
