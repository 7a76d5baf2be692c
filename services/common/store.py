"""A service's own relational store: SQLAlchemy 2 async Core, migrations at start.

SQLite (aiosqlite, WAL) by default; a ``postgresql+asyncpg://`` URL works unchanged
because services use only Core constructs and portable types.

A SQLite store keeps one idle connection of its own open for its whole life (``Store.anchor``):
the first connection a process opens to a WAL database must (re)create and size its
``-shm`` index, which is a file write. Without the anchor, a process whose pooled connections
were all closed (SQLAlchemy closes one whose statement was cancelled, e.g. by an RPC the
caller abandoned) could no longer open a connection to READ once the disk is full or writes
are refused (EFBIG, ENOSPC): reads answered 503. With it, a new pooled connection only maps
the index the anchor holds, which writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Awaitable
from dataclasses import dataclass, field
import logging
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from services.common.config import private_file

from services.common.errors import Unavailable

log = logging.getLogger(__name__)
Migration = Callable[[sa.Connection], None]


@dataclass(frozen=True)
class Store:
    """An engine plus the service's metadata."""

    engine: AsyncEngine
    metadata: sa.MetaData
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list, compare=False)
    # SQLite file stores: an idle connection held open so the WAL index never has to be
    # recreated by a read (see the module docstring); None for PostgreSQL and in-memory stores.
    anchor: sqlite3.Connection | None = field(default=None, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def on_dispose(self, stop: Callable[[], Awaitable[None]]) -> None:
        """Run ``stop`` (something living on this store's database) before the engine closes."""
        self._closers.append(stop)

    async def dispose(self) -> None:
        for stop in self._closers:
            await stop()
        self._closers.clear()
        await self.engine.dispose()
        if self.anchor is not None:
            self.anchor.close()  # last: the pool's connections are closed, this one checkpoints


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


async def open_store(url: str, metadata: sa.MetaData, migrations: Sequence[Migration] = (),
                     history: str | None = None) -> Store:
    """Create the engine and apply pending migrations in one transaction: the service's Alembic
    ``history`` (services/common/migrations.py), or else a plain list of steps (tests' own stores)."""
    if make_url(url).drivername == "sqlite+aiosqlite":  # one trip to the driver thread per statement
        from services.common.sqlite_driver import dbapi

        engine = create_async_engine(url, pool_pre_ping=False, module=dbapi())
    else:
        engine = create_async_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    file_db: Path | None = None
    if engine.dialect.name == "sqlite":
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            file_db = Path(database)
            private_file(file_db)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    async with engine.begin() as conn:
        if history is not None:
            from services.common.migrations import upgrade

            await conn.run_sync(upgrade, history)
        else:
            await conn.run_sync(_migrate, list(migrations))
    return Store(engine=engine, metadata=metadata, anchor=None if file_db is None else _anchor(file_db))


def _anchor(database: Path) -> sqlite3.Connection | None:
    """An idle connection to a (WAL) SQLite file that holds its shared-memory index open.

    It reads once (that maps the index) and then stays outside any transaction, so it takes
    no snapshot and never holds back a checkpoint. None (logged) when it cannot be opened: the
    store still works, only without this protection."""
    try:
        anchor = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        log.warning("store %s: no anchor connection (%s)", database.name, exc)
        return None
    try:
        anchor.execute("PRAGMA busy_timeout=5000")
        anchor.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as exc:
        anchor.close()
        log.warning("store %s: no anchor connection (%s)", database.name, exc)
        return None
    return anchor


def _migrate(conn: sa.Connection, migrations: list[Migration]) -> None:
    conn.execute(sa.text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
    row = conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar()
    current = int(row or 0)
    for version, migration in enumerate(migrations, start=1):
        if version <= current:
            continue
        migration(conn)
        conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})


def create_all(metadata: sa.MetaData) -> Migration:
    """Migration 1 of every service: create its tables as declared."""

    def run(conn: sa.Connection) -> None:
        metadata.create_all(conn)

    return run


def rebuild_table(conn: sa.Connection, table: sa.Table, source: str, exprs: dict[str, str] | None = None) -> None:
    """Recreate ``table`` as declared (e.g. a new primary key, which SQLite cannot alter in place),
    filling it from ``source`` (a FROM clause over the old table, aliased ``o``); ``exprs`` gives
    the SQL of new columns. Copy, drop the old table, rename: portable to PostgreSQL, one transaction."""
    exprs = exprs or {}
    tmp = table.to_metadata(sa.MetaData(), name=f"{table.name}_rebuild")
    tmp.create(conn)
    names = [c.name for c in table.columns]
    select = ", ".join(exprs.get(n, f"o.{n}") for n in names)
    conn.execute(sa.text(f"INSERT INTO {tmp.name} ({', '.join(names)}) SELECT {select} FROM {source}"))
    conn.execute(sa.text(f"DROP TABLE {table.name}"))
    conn.execute(sa.text(f"ALTER TABLE {tmp.name} RENAME TO {table.name}"))


STORE_FAILURES = ("database or disk is full", "readonly database", "read-only", "disk i/o error",
                  "database is locked", "unable to open database file", "no space left")


def store_error(exc: BaseException) -> Unavailable | None:
    """A store failure that escaped its handler (disk full, read-only, locked) as a clear 503; else None.

    Servicers map every unexpected exception in one place (services.common.server); this keeps
    a write that no domain method anticipated from surfacing as a 500.
    """
    if not isinstance(exc, sa.exc.OperationalError | sa.exc.DatabaseError):
        return None
    text = str(getattr(exc, "orig", exc)).lower()
    if not any(f in text for f in STORE_FAILURES):
        return None
    return write_error(exc)


def write_error(exc: Exception) -> Unavailable:
    """Map a store write failure (disk full, read-only file) to a clear 503."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "disk" in text or "full" in text:
        return Unavailable("the server's store is not writable right now (disk full or read-only); try again later")
    return Unavailable("the server's store failed to save the change; try again later")


__all__ = ["Store", "open_store", "create_all", "rebuild_table", "AsyncConnection", "write_error", "store_error"]
