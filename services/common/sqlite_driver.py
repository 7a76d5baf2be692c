"""The SQLite stores' async driver: SQLAlchemy's aiosqlite adapter with one hand-off to
aiosqlite's thread per statement instead of four.

The stock adapter makes a cursor, executes, fetches and closes the cursor as four separate trips
to aiosqlite's worker thread, each a queue put and an event-loop wake-up; on a loaded machine each
trip waits for a CPU, so small store reads cost ~1 ms each. Here the four run together in that
thread, and a commit or rollback with nothing to end makes no trip at all. Server-side
(streaming) cursors are the stock ones."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ClauseElement
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


# ---- one transaction of writes in one trip ---------------------------------------------------------
Params = Mapping[str, Any] | Sequence[Mapping[str, Any]]  # one row's values, or several (executemany)


class OneTripWrites:
    """Runs a transaction of several write statements on a SQLite store in one trip to the driver thread.

    Each statement through SQLAlchemy costs a trip to aiosqlite's thread (a queue put, a wake-up of the
    event loop) plus its execution context; a transaction of four writes paid five trips (the commit too).
    Here the statements are compiled by SQLAlchemy once per (statement, parameter names), their values
    taken from ``construct_params`` in the compiled order, and the whole transaction (BEGIN, every
    statement, COMMIT; ROLLBACK on any error) runs as one function in that thread. Driver errors come
    back as SQLAlchemy's (``DBAPIError.instance``: OperationalError, IntegrityError, ...), as before.
    Only for tables whose column types need no bind processing on SQLite (strings, integers, floats,
    bytes); ``None`` from ``for_store`` when the store is not a SQLite one on this driver."""

    KEPT = 256  # compiled statements kept (one per statement and set of parameter names)

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._compiled: dict[tuple[int, tuple[str, ...]], tuple[ClauseElement, str, tuple[str, ...], Any]] = {}

    @classmethod
    def for_store(cls, engine: AsyncEngine) -> OneTripWrites | None:
        return cls(engine) if isinstance(engine.dialect.loaded_dbapi, OneHopDbapi) else None

    def _compile(self, stmt: ClauseElement, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...], Any]:
        key = (id(stmt), keys)
        hit = self._compiled.get(key)
        if hit is None or hit[0] is not stmt:
            compiled = stmt.compile(dialect=self.engine.dialect, column_keys=list(keys))
            if len(self._compiled) >= self.KEPT:
                self._compiled.clear()
            hit = self._compiled[key] = (stmt, str(compiled), tuple(getattr(compiled, "positiontup", None) or ()), compiled)
        return hit[1], hit[2], hit[3]

    def _bound(self, stmt: ClauseElement, params: Params) -> tuple[str, Any, bool]:
        """(SQL, positional values, many) of one step."""
        many = not isinstance(params, Mapping)
        rows: Sequence[Mapping[str, Any]] = params if many else [params]  # type: ignore[assignment,list-item]
        sql, order, compiled = self._compile(stmt, tuple(rows[0]))
        values = [tuple(compiled.construct_params(row)[name] for name in order) for row in rows]
        return sql, values if many else values[0], many

    async def run_in(self, conn: AsyncConnection, steps: Sequence[tuple[ClauseElement, Params]]) -> list[Any]:
        """Run ``steps`` in ``conn``'s open transaction in one trip (no BEGIN, no COMMIT: the caller's scope
        ends it, and rolls back what ran when one fails). Per step: its rows as dicts by column name when it
        returns rows, else its row count (0, not run, for an empty list of values)."""
        bound = [None if isinstance(params, Sequence) and not params else self._bound(stmt, params)
                 for stmt, params in steps]

        def work(db: sqlite3.Connection) -> list[Any]:
            out: list[Any] = []
            for step in bound:
                if step is None:
                    out.append(0)
                    continue
                sql, values, many = step
                cur = db.executemany(sql, values) if many else db.execute(sql, values)
                if cur.description:
                    names = [d[0] for d in cur.description]
                    out.append([dict(zip(names, row, strict=True)) for row in cur.fetchall()])
                else:
                    out.append(cur.rowcount)
            return out

        return list(await _in_driver_thread(conn, work, next((b[0] for b in bound if b is not None), "")))

    async def run(self, steps: Sequence[tuple[ClauseElement, Params]], first_must_change_one: bool = False) -> bool:
        """Run ``steps`` (statement, values) in one transaction; False, with nothing written, when
        ``first_must_change_one`` and the first statement did not change exactly one row."""
        bound = [self._bound(stmt, params) for stmt, params in steps if not isinstance(params, Sequence) or params]

        def transaction(db: sqlite3.Connection) -> bool:
            db.execute("BEGIN")
            try:
                for i, (sql, values, many) in enumerate(bound):
                    cur = db.executemany(sql, values) if many else db.execute(sql, values)
                    if i == 0 and first_must_change_one and cur.rowcount != 1:
                        db.rollback()
                        return False
                db.commit()
                return True
            except BaseException:
                if db.in_transaction:
                    db.rollback()
                raise

        async with self.engine.connect() as c:
            return bool(await _in_driver_thread(c, transaction, bound[0][0] if bound else ""))


async def _in_driver_thread(conn: AsyncConnection, fn: Any, sql: str) -> Any:
    """``fn(sqlite3 connection)`` on ``conn``'s driver connection, in one trip under the adapter's mutex (as every
    statement of that connection runs); a driver error comes back as SQLAlchemy's, naming ``sql``."""
    raw = await conn.get_raw_connection()
    adapted = raw.dbapi_connection
    aconn = adapted._connection  # type: ignore[union-attr]
    try:
        async with adapted._execute_mutex:  # type: ignore[union-attr]
            return await _trip(aconn, fn)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc


async def _trip(aconn: Any, fn: Any) -> Any:
    """``fn(sqlite3 connection)`` in aiosqlite's thread. Cancelled meanwhile, the trip still runs to its end
    there: it is waited for before the cancellation goes on, so the caller's scope ends (rolls back) a
    transaction the trip opened, never a connection whose statements are still running."""
    fut = asyncio.ensure_future(aconn._execute(fn, aconn._conn))
    try:
        return await asyncio.shield(fut)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await fut
        raise
