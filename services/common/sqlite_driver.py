"""The SQLite stores' async driver: SQLAlchemy's aiosqlite adapter with one hand-off to
aiosqlite's thread per statement instead of four.

The stock adapter makes a cursor, executes, fetches and closes the cursor as four separate trips
to aiosqlite's worker thread, each a queue put and an event-loop wake-up; on a loaded machine each
trip waits for a CPU, so small store reads cost ~1 ms each. Here the four run together in that
thread, and a commit or rollback with nothing to end makes no trip at all. Server-side
(streaming) cursors are the stock ones."""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


def _run(aconn: Any, operation: Any, parameters: Any, many: bool) -> tuple[Any, list[Any], int, Any]:
    """In aiosqlite's thread: execute, fetch everything, close; (description, rows, rowcount, lastrowid)."""
    cur = aconn._conn.cursor()
    try:
        if many:
            cur.executemany(operation, parameters)
        elif parameters is None:
            cur.execute(operation)
        else:
            cur.execute(operation, parameters)
        description = cur.description
        rows = cur.fetchall() if description else []
        return description, rows, cur.rowcount, cur.lastrowid
    finally:
        cur.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement runs in one trip to the driver thread."""

    __slots__ = ("_description", "_rowcount", "_lastrowid", "_arraysize")

    def __init__(self, adapt_connection: Any) -> None:  # no driver cursor is opened up front
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None  # the driver cursor is closed already

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._one_hop(operation, parameters, False))
        except Exception as error:  # noqa: BLE001 - translated as the stock adapter does
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            return await_(self._one_hop(operation, seq_of_parameters, True))
        except Exception as error:  # noqa: BLE001 - translated as the stock adapter does
            self._adapt_connection._handle_exception(error)

    async def _one_hop(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            description, rows, rowcount, lastrowid = await self._connection._execute(
                _run, self._connection, operation, parameters, many)
        self._description, self._rowcount, self._lastrowid = description, rowcount, lastrowid
        self._rows = collections.deque(rows)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Also: no trip to the driver thread for a commit or rollback with no transaction open.

    pysqlite's own commit and rollback do nothing then (they act only while SQLite is outside
    autocommit), but each was still a hand-off to aiosqlite's thread: the pool rolls back every
    connection it takes back, after a commit or after reads only, so most scopes paid one more."""

    __slots__ = ()
    _cursor_cls = OneHopCursor

    def _idle(self) -> bool:
        """True when the driver connection is open and SQLite has no transaction open on it (the flag
        is read without the thread: nothing else runs on a connection while SQLAlchemy ends its scope)."""
        raw = self._connection._connection
        try:
            return raw is not None and not raw.in_transaction
        except sqlite3.Error:
            return False  # e.g. closed underneath: let the driver raise as before

    def rollback(self) -> None:
        if not self._idle():
            super().rollback()

    def commit(self) -> None:
        if not self._idle():
            super().commit()


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """What ``create_async_engine(..., module=...)`` uses for sqlite+aiosqlite URLs."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        conn = super().connect(*arg, **kw)
        conn.__class__ = OneHopConnection  # same layout: only the cursor class differs
        return conn  # type: ignore[return-value]


def dbapi() -> OneHopDbapi:
    return OneHopDbapi(aiosqlite, sqlite3)
