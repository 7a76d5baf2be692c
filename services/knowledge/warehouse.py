"""Warehouse access: the only code that opens connections to customer databases.

Why it is shaped this way:
- Every statement runs in a worker thread of this warehouse's own small pool (so the event
  loop and other warehouses never wait on it), inside a read-only transaction or on a read-only
  connection where the driver allows it, and is always rolled back. That is the second wall
  behind the guard: a write that slipped past parsing still cannot change anything on
  PostgreSQL, MySQL/MariaDB, SQLite or DuckDB (see each driver's ``Session`` in ``drivers/``).
- Time is bounded three ways: the server's own statement timeout, a watchdog that cancels or
  interrupts the running statement at the deadline, and an outer asyncio timeout that frees
  the caller even if a driver ignores both.
- Rows are bounded by fetching at most ``max_rows + 1`` (plus a LIMIT pushed into the
  outermost SELECT where the dialect allows it, so the warehouse stops early too).
- Bytes are bounded too: rows are fetched in small batches from a streaming cursor where the
  driver has one, each value's size is counted as it arrives, and a value or a result over its
  byte budget stops the fetch at once with ``ResourceExhausted`` (a row limit alone lets
  ``LIMIT 1500`` of 200 kB strings take a gigabyte).
- Engines are created lazily per ``Warehouse`` and never shared through module state.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import quote

import sqlalchemy as sa
import sqlglot
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine
from sqlglot import exp

from services.common.errors import (
    DomainError,
    InvalidArgument,
    QueryFailed,
    ResourceExhausted,
    Timeout,
    Unavailable,
)
from services.common.lru import Lru
from services.knowledge.drivers import DRIVERS, TYPE_ALIASES, WAREHOUSE_TYPE_ORDER, Driver, Session
from services.knowledge.drivers.base import refuse_ssh_tunnel
from services.knowledge.guard import SQLGLOT_DIALECTS

CONNECTION_TYPES = WAREHOUSE_TYPE_ORDER
_TYPE_ALIASES = TYPE_ALIASES

#: optional extra of dot-server that brings each driver
_EXTRAS = {d.type: d.extra for d in DRIVERS.values() if d.warehouse and d.extra}

#: connection parameters whose values must never appear in messages
_SECRET_KEYS = ("password", "token", "private_key", "private_key_passphrase", "credentials_json")

#: dialects where sqlglot can safely push a LIMIT into the outermost query
_LIMIT_PUSHDOWN = frozenset(d.dialect for d in DRIVERS.values() if d.limit_pushdown)

_TIMEOUT_GRACE_S = 2.0

#: byte budgets of one result (counted as rows arrive) and of one value in it
MAX_RESULT_BYTES = 16 * 1024 * 1024
MAX_CELL_BYTES = 1024 * 1024
#: rows per fetch (and per driver buffer when streaming): a batch is small even at the cell cap
_FETCH_BATCH = 64
# statements a warehouse keeps with their row cap pushed down (``_push_limit`` parses and renders once
# per distinct guarded SQL and cap; an engine's repeated probes and re-run answers skip both)
_LIMITED_MEMO = 256
_LIMITED_MEMO_SQL_CHARS = 4_000
_MAX_MESSAGE_CHARS = 1500


# --------------------------------------------------------------------------- public types


@dataclass
class ConnectionSpec:
    """A warehouse connection: its type and the contract's fields for that type."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)


class QueryResult(NamedTuple):
    """Column names, at most ``max_rows`` rows, and whether more rows existed."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool


def connection_type(name: str) -> str:
    """Canonical connection type, or InvalidArgument."""
    key = _TYPE_ALIASES.get((name or "").strip().lower(), (name or "").strip().lower())
    if key not in CONNECTION_TYPES:
        raise InvalidArgument(
            f"unsupported connection type {name!r}; expected one of {', '.join(CONNECTION_TYPES)}"
        )
    return key


def sqlglot_dialect(type_: str) -> str:
    """The sqlglot dialect that parses and renders SQL for a connection type."""
    return SQLGLOT_DIALECTS[connection_type(type_)]


def driver(type_: str) -> Driver:
    """The registry's driver of a (canonical or alias) warehouse type, or InvalidArgument."""
    return DRIVERS[connection_type(type_)]


def sqlalchemy_url(spec: ConnectionSpec) -> URL:
    """Build the SQLAlchemy URL for a connection (no I/O, no driver needed)."""
    d = driver(spec.type)
    params = spec.params or {}
    missing = [k for k in d.url_fields if params.get(k) in (None, "")]
    if missing:
        raise InvalidArgument(f"{d.type} connection needs {', '.join(repr(m) for m in missing)}")
    refuse_ssh_tunnel(d.type, params)
    assert d.url is not None  # every warehouse driver builds a URL
    return d.url(params)


def engine_options(spec: ConnectionSpec) -> dict[str, Any]:
    """Keyword arguments for ``create_engine`` that do not fit in a URL (secrets, pools)."""
    return driver(spec.type).engine_options(spec.params or {})


# --------------------------------------------------------------------------- sessions


_PENDING, _FIRING, _FIRED, _ENDED = range(4)
_CLOCK_IDLE_S = 60.0  # a warehouse's watchdog thread ends after this long without statements


class _Deadlines:
    """One thread per warehouse that cancels the statements whose deadline passed. (A timer
    thread per statement cost a thread start and a join on every query: ~1 ms, more on a loaded
    machine.) Started on first use, ends when idle."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self._heap: list[tuple[float, int, _Watchdog]] = []
        self._seq = itertools.count()
        self._running = False
        self._wakes_at = 0.0  # when the thread wakes next by itself: later deadlines need no notify

    def add(self, dog: _Watchdog) -> None:
        with self.cond:
            heapq.heappush(self._heap, (dog.deadline, next(self._seq), dog))
            if not self._running:
                self._running = True
                threading.Thread(target=self._loop, daemon=True, name="warehouse-watchdog").start()
            elif dog.deadline < self._wakes_at:
                self.cond.notify_all()  # earlier than the thread's next wake-up

    def _next_due(self) -> _Watchdog | None:
        """Under the lock: wait for the earliest pending deadline; None when idle long enough."""
        while True:
            while self._heap and self._heap[0][2].state != _PENDING:
                heapq.heappop(self._heap)  # ended before its deadline
            if not self._heap:
                self._wakes_at = time.monotonic() + _CLOCK_IDLE_S
                self.cond.wait(_CLOCK_IDLE_S)
                if not self._heap:
                    self._running = False
                    return None
                continue
            deadline, _, dog = self._heap[0]
            left = deadline - time.monotonic()
            if left <= 0:
                heapq.heappop(self._heap)
                dog.state = _FIRING
                return dog
            self._wakes_at = deadline
            self.cond.wait(left)

    def _loop(self) -> None:
        while True:
            with self.cond:
                dog = self._next_due()
            if dog is None:
                return
            self._wakes_at = 0.0  # firing: anything added meanwhile notifies
            dog.fire()  # outside the lock: a cancel may take a round trip to the server
            with self.cond:
                dog.state = _FIRED
                self.cond.notify_all()


class _Watchdog:
    """Cancels the running statement at the deadline (through its warehouse's ``_Deadlines``);
    remembers whether it fired."""

    def __init__(self, timeout_s: float, cancel: Callable[[], None], clock: _Deadlines) -> None:
        self.fired = threading.Event()
        self._cancel = cancel
        self._clock = clock
        self.deadline = time.monotonic() + max(timeout_s, 0.001)
        self.state = _PENDING

    def fire(self) -> None:
        self.fired.set()
        try:
            self._cancel()
        except Exception:  # noqa: BLE001 - cancelling is best effort; the outer timeout remains
            pass

    def __enter__(self) -> _Watchdog:
        self._clock.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._clock.cond:
            if self.state == _PENDING:
                self.state = _ENDED
                return
            while self.state == _FIRING:  # let an in-flight cancel finish before the connection moves on
                self._clock.cond.wait()


# --------------------------------------------------------------------------- the warehouse


class Warehouse:
    """One customer warehouse. Thread-safe; create once per connection and reuse."""

    def __init__(self, spec: ConnectionSpec, *, max_concurrency: int = 8,
                 max_result_bytes: int = MAX_RESULT_BYTES, max_cell_bytes: int = MAX_CELL_BYTES) -> None:
        self.spec = spec
        self.max_result_bytes = max_result_bytes
        self.max_cell_bytes = max_cell_bytes
        self.kind = connection_type(spec.type)
        self.dialect = sqlglot_dialect(self.kind)
        self.max_concurrency = max(1, max_concurrency)
        self._engine: Engine | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._deadlines = _Deadlines()
        self._limited: Lru[tuple[str, int], str] = Lru(_LIMITED_MEMO)  # (sql, cap) -> statement; under _lock

    # ---- public API

    async def execute(
        self, sql: str, *, max_rows: int = 100_000, timeout_s: float = 30
    ) -> QueryResult:
        """Run one (already guarded) statement read-only; at most ``max_rows`` rows back."""
        if max_rows < 0:
            raise InvalidArgument("max_rows must be >= 0")
        if timeout_s <= 0:
            raise InvalidArgument("timeout_s must be > 0")
        loop = asyncio.get_running_loop()
        task = loop.run_in_executor(self._pool(), self._run, sql, max_rows, timeout_s)
        try:
            return await asyncio.wait_for(task, timeout_s + _TIMEOUT_GRACE_S)
        except asyncio.TimeoutError:
            raise Timeout(f"query exceeded the {timeout_s:g}s time limit and was cancelled") from None

    async def test(self, timeout_s: float = 15) -> None:
        """Open a connection and run SELECT 1; raises Unavailable/QueryFailed/Timeout."""
        result = await self.execute("SELECT 1", max_rows=1, timeout_s=timeout_s)
        if not result.rows:
            raise Unavailable(f"{self.kind} warehouse answered SELECT 1 with no rows")

    def dispose(self) -> None:
        """Close pooled connections and worker threads; both are rebuilt on next use."""
        with self._lock:
            engine, self._engine = self._engine, None
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if engine is not None:
            engine.dispose()

    def _pool(self) -> ThreadPoolExecutor:
        """Worker threads of this warehouse only, so slow queries cannot starve other work."""
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=self.max_concurrency, thread_name_prefix=f"warehouse-{self.kind}"
                )
            return self._executor

    def engine(self) -> Engine:
        """The lazily created engine (Unavailable when the driver is not installed)."""
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    # ---- internals

    def _create_engine(self) -> Engine:
        url = sqlalchemy_url(self.spec)
        options = engine_options(self.spec)
        try:
            engine = sa.create_engine(url, **options)
        except (sa_exc.NoSuchModuleError, ImportError, ModuleNotFoundError):
            extra = _EXTRAS.get(self.kind)
            hint = f"install dot-server[{extra}]" if extra else "install its driver"
            raise Unavailable(f"the {self.kind} driver is not installed; {hint}") from None
        on_connect = DRIVERS[self.kind].on_connect
        if on_connect is not None:
            sa.event.listen(engine, "connect", on_connect)
        on_engine = DRIVERS[self.kind].on_engine
        if on_engine is not None:
            on_engine(engine, self.spec.params or {})
        return engine

    def _run(self, sql: str, max_rows: int, timeout_s: float) -> QueryResult:
        engine = self.engine()
        conn = self._connect(engine)
        try:
            session = DRIVERS[self.kind].session(self, conn)
            return self._run_in_session(session, sql, max_rows, timeout_s)
        finally:
            conn.close()

    def _connect(self, engine: Engine) -> Connection:
        try:
            return engine.connect()
        except DomainError:
            raise
        except Exception as err:  # noqa: BLE001 - any driver failure while connecting
            raise Unavailable(
                f"cannot connect to the {self.kind} warehouse{self._where()}: "
                f"{self._sanitize(_driver_message(err))}"
            ) from None

    def _run_in_session(
        self, session: Session, sql: str, max_rows: int, timeout_s: float
    ) -> QueryResult:
        statement = self._prepare_sql(sql, max_rows)
        watchdog = _Watchdog(timeout_s, session.cancel, self._deadlines)
        try:
            with watchdog:
                session.begin(timeout_s)
                conn = session.conn
                if session.stream():
                    conn = conn.execution_options(stream_results=True, max_row_buffer=_FETCH_BATCH)
                result = conn.exec_driver_sql(statement)
                if not result.returns_rows:
                    raise QueryFailed("the statement returned no rows; only queries are allowed")
                columns = [str(c) for c in result.keys()]
                rows = self._fetch_bounded(result, columns, max_rows + 1)
                result.close()
        except ResourceExhausted:
            # rows may still be unread on a streaming cursor: drop the connection, never drain it
            session.abandon()
            self._end_quietly(session, watchdog, broken=True)
            raise
        except DomainError:
            self._end_quietly(session, watchdog)
            raise
        except Exception as err:  # noqa: BLE001 - mapped to domain errors below
            self._end_quietly(session, watchdog)
            raise self._map_error(err, session, watchdog, timeout_s) from None
        if watchdog.fired.is_set():
            # a cancel raced the end of the statement: never reuse this connection
            self._end_quietly(session, watchdog)
        else:
            session.end()
        return QueryResult(columns, rows[:max_rows], len(rows) > max_rows)

    def _prepare_sql(self, sql: str, max_rows: int) -> str:
        statement = self._limited_sql(sql, max_rows + 1)
        if self.engine().dialect.paramstyle in ("pyformat", "format"):
            statement = statement.replace("%", "%%")
        return statement

    def _limited_sql(self, sql: str, limit: int) -> str:
        """``_push_limit`` of this statement, kept per warehouse: it is a pure function of the SQL, the
        dialect (fixed per warehouse) and the cap, so a kept result is the same text."""
        if len(sql) > _LIMITED_MEMO_SQL_CHARS:
            return _push_limit(sql, self.dialect, limit)
        key = (sql, limit)
        with self._lock:
            hit = self._limited.get(key)
        if hit is None:
            hit = _push_limit(sql, self.dialect, limit)
            with self._lock:
                self._limited.put(key, hit)
        return hit

    def _fetch_bounded(self, result: Any, columns: list[str], limit: int) -> list[tuple[Any, ...]]:
        """At most ``limit`` rows, fetched in small batches; stop as soon as a byte budget is hit."""
        rows: list[tuple[Any, ...]] = []
        total = 0
        while len(rows) < limit:
            batch = result.fetchmany(min(_FETCH_BATCH, limit - len(rows)))
            if not batch:
                break
            for raw in batch:
                row = tuple(raw)
                for i, value in enumerate(row):
                    size = _value_bytes(value)
                    if size > self.max_cell_bytes:
                        raise ResourceExhausted(
                            f"result too large: a value in column '{columns[i]}' is {size:,} bytes; "
                            f"the limit is {self.max_cell_bytes:,} bytes per value"
                        )
                    total += size
                if total > self.max_result_bytes:
                    raise ResourceExhausted(
                        f"result too large: more than {self.max_result_bytes:,} bytes after "
                        f"{len(rows):,} rows; select fewer or narrower columns or aggregate"
                    )
                rows.append(row)
        return rows

    @staticmethod
    def _end_quietly(session: Session, watchdog: _Watchdog, broken: bool = False) -> None:
        """Roll back after a failure; drop the connection if it was cancelled or is broken."""
        try:
            if not broken:
                session.end()
            broken = broken or watchdog.fired.is_set()
        except Exception:  # noqa: BLE001 - the connection is discarded below anyway
            broken = True
        if broken:
            try:
                session.conn.invalidate()
            except Exception:  # noqa: BLE001
                pass

    def _map_error(
        self, err: BaseException, session: Session, watchdog: _Watchdog, timeout_s: float
    ) -> DomainError:
        orig = getattr(err, "orig", None) or err
        if watchdog.fired.is_set() or session.is_timeout_error(orig):
            return Timeout(f"query exceeded the {timeout_s:g}s time limit and was cancelled")
        if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
            return Unavailable(
                f"lost the connection to the {self.kind} warehouse: "
                f"{self._sanitize(_driver_message(err))}"
            )
        if isinstance(err, sa_exc.OperationalError) and _looks_like_connection_error(err):
            return Unavailable(
                f"the {self.kind} warehouse is unavailable: {self._sanitize(_driver_message(err))}"
            )
        message = self._sanitize(_driver_message(err))
        if self.kind == "sqlite" and message == "not authorized":
            message = "not authorized (the connection is read-only and allows SELECT only)"
        return QueryFailed(f"the warehouse rejected the query: {message}")

    def _where(self) -> str:
        params = self.spec.params or {}
        host = params.get("host") or params.get("server") or params.get("account")
        if host:
            port = params.get("port")
            return f" at {host}:{port}" if port else f" at {host}"
        location = params.get("database_location")
        return f" at {location}" if location else ""

    def _sanitize(self, message: str) -> str:
        return sanitize_message(message, _secret_values(self.spec.params or {}))


# --------------------------------------------------------------------------- helpers


def _value_bytes(value: Any) -> int:
    """Upper-bound size of one value as it travels (ASCII JSON: non-ASCII text escapes to 6x)."""
    if value is None:
        return 4
    if isinstance(value, str):
        return (len(value) if value.isascii() else 6 * len(value)) + 2
    if isinstance(value, (bytes, bytearray, memoryview)):
        return 2 * len(value) + 2
    return 24  # numbers, dates, decimals, booleans: small and fixed


def _push_limit(sql: str, dialect: str, limit: int) -> str:
    """Cap the outermost SELECT at ``limit`` rows so the warehouse stops early."""
    if dialect not in _LIMIT_PUSHDOWN:
        return sql
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except Exception:  # noqa: BLE001 - unparseable text runs unchanged (the guard ran before)
        return sql
    if len(statements) != 1 or not isinstance(statements[0], (exp.Select, exp.SetOperation)):
        return sql
    query = statements[0]
    if query.args.get("fetch") or query.args.get("locks"):
        return sql
    current = query.args.get("limit")
    if current is not None:
        value = current.expression if isinstance(current, exp.Limit) else None
        if not isinstance(value, exp.Literal) or value.is_string:
            return sql
        try:
            if int(value.this) <= limit:
                return sql
        except ValueError:
            return sql
    try:
        return query.limit(limit, copy=False).sql(dialect=dialect, comments=False, copy=False)  # the tree is ours
    except Exception:  # noqa: BLE001
        return sql


def _secret_values(params: dict[str, Any]) -> list[str]:
    values: list[str] = []
    for key in _SECRET_KEYS:
        value = params.get(key)
        if value:
            values.append(str(value))
    raw = params.get("credentials_json")
    if raw:
        try:
            info = json.loads(raw) if isinstance(raw, str) else dict(raw)
            values += [str(info[k]) for k in ("private_key", "private_key_id") if info.get(k)]
        except (ValueError, TypeError):
            pass
    return values


def sanitize_message(message: str, secrets: Iterable[str]) -> str:
    """Remove secrets (also URL-encoded) and SQLAlchemy boilerplate from a driver message."""
    text = message.split("\n(Background on this error", 1)[0]
    text = text.split("\n[SQL:", 1)[0]
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, "***")
    text = " ".join(text.split())
    return text[:_MAX_MESSAGE_CHARS] if text else "unknown error"


def _driver_message(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    source = orig if orig is not None else err
    args: tuple[Any, ...] = getattr(source, "args", ())
    if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):
        return f"({args[0]}) {args[1]}"  # pymysql: (code, message)
    return str(source) or type(source).__name__


def _looks_like_connection_error(err: BaseException) -> bool:
    text = str(getattr(err, "orig", err)).lower()
    return any(
        marker in text
        for marker in (
            "connection refused",
            "could not connect",
            "can't connect",
            "server closed the connection",
            "lost connection",
            "connection reset",
            "unable to open database",
            "no such host",
            "name or service not known",
        )
    )
