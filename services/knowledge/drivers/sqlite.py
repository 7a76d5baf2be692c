"""SQLite: a read-only URI, every new connection hardened (query_only, no ATTACH, an
authorizer that allows reading only), a progress-handler deadline; connections kept per file
identity (``watch_file``); a bulk reader over ``sqlite_master`` and the ``pragma_*`` table functions."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import Driver, Params, Session
from services.knowledge.snapshot import (
    CatalogRead,
    CatalogSnapshot,
    ColumnSnap,
    ForeignKeySnap,
    TableKey,
    TableSnap,
    text,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

# sqlite3 authorizer action codes (stable across SQLite versions)
_SQLITE_OK, _SQLITE_DENY = 0, 1
_SQLITE_SELECT, _SQLITE_READ, _SQLITE_FUNCTION, _SQLITE_RECURSIVE = 21, 20, 31, 33
_SQLITE_TRANSACTION = 22
_SQLITE_DENIED_FUNCTIONS = frozenset(
    {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "eval", "define"}
)


# Kept connections per warehouse: opened on demand, so an idle warehouse holds none; past the
# kept ones (more concurrent queries) a connection is opened and closed per query as before.
_KEPT_CONNECTIONS, _EXTRA_CONNECTIONS = 8, 8
_FILE_IDENTITY = "sqlite_file_identity"  # connection record info key


def _path(params: Params) -> str:
    path = str(params["database_location"])
    if path.startswith("file:"):
        path = path[len("file:") :].split("?", 1)[0]
    return path


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    path = _path(params)
    return URL.create(
        "sqlite+pysqlite",
        database="file:" + quote(path),
        query={"mode": "ro", "uri": "true"},
    )


def engine_options(params: Params) -> dict[str, Any]:
    """Connections are kept (opening and hardening one costs ~10x a short query); the
    Warehouse's ``watch_file`` drops a kept one whose file was replaced or removed. One
    connection serves one query (one thread) at a time: the pool hands it out exclusively."""
    from sqlalchemy.pool import QueuePool

    return {"poolclass": QueuePool, "pool_size": _KEPT_CONNECTIONS, "max_overflow": _EXTRA_CONNECTIONS,
            "connect_args": {"check_same_thread": False, "timeout": 5}}


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path`` now; None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def watch_file(engine: Engine, params: Params) -> None:
    """A kept connection is used only while the path still names the file it opened.

    The identity is taken just before a connection opens the file (a replacement in between makes
    it differ at the next use: the connection is dropped, never kept on the wrong file) and
    compared at every checkout; a replaced (rename over the path) or removed file makes the pool
    drop that connection and open a new one, which fails as before when no file is there. Writes
    into the same file need nothing: SQLite sees them at the next read transaction."""
    from sqlalchemy import event
    from sqlalchemy import exc as sa_exc

    path = _path(params)
    if path == ":memory:":
        return

    def before_open(_dialect: Any, record: Any, _cargs: Any, _cparams: Any) -> None:
        record.info[_FILE_IDENTITY] = file_identity(path)

    def still_same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        kept = record.info.get(_FILE_IDENTITY)
        if kept is None or kept != file_identity(path):
            raise sa_exc.DisconnectionError("the SQLite file was replaced or removed since this connection opened")

    event.listen(engine, "do_connect", before_open)
    event.listen(engine, "checkout", still_same_file)


def check(params: Params) -> None:
    loc = params["database_location"]
    if not isinstance(loc, str):
        raise InvalidArgument("database_location must be a file path")
    if loc != ":memory:" and not Path(loc).is_file():
        raise InvalidArgument(f"database_location '{loc}' is not an existing SQLite file on the server")


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Allow reading only: SELECT, column reads, recursive CTEs and safe functions."""
    if action in (_SQLITE_SELECT, _SQLITE_READ, _SQLITE_RECURSIVE, _SQLITE_TRANSACTION):
        return _SQLITE_OK
    if action == _SQLITE_FUNCTION:
        name = (arg2 or "").lower()
        return _SQLITE_DENY if name in _SQLITE_DENIED_FUNCTIONS else _SQLITE_OK
    return _SQLITE_DENY


def harden(dbapi_conn: Any, _record: Any) -> None:
    """Runs once per new sqlite3 connection, before any query."""
    import sqlite3

    dbapi_conn.execute("PRAGMA query_only = ON")
    dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    dbapi_conn.set_authorizer(_authorizer)


class SQLiteSession(Session):
    def begin(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        self.driver.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)

    def cancel(self) -> None:
        self.driver.interrupt()

    def end(self) -> None:
        try:
            self.driver.set_progress_handler(None, 0)
        finally:
            super().end()

    def is_timeout_error(self, err: BaseException) -> bool:
        return "interrupted" in str(err).lower()


# --------------------------------------------------------------------------- catalog reader

_SQLITE_COLUMNS = """
SELECT m.type, m.name, p.cid, p.name, p.type, p."notnull", p.pk
FROM sqlite_master m JOIN pragma_table_info(m.name) p
WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY m.name, p.cid
"""

_SQLITE_FKS = """
SELECT m.name, f.id, f.seq, f."table", f."from", f."to"
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY m.name, f.id, f.seq
"""


def _read_sqlite(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> CatalogRead:
    """sqlite_master joined with pragma_table_info / pragma_foreign_key_list (2 queries)."""
    if schemas and "main" not in schemas:
        return CatalogRead([], local=True, dialect="sqlite")
    tables: dict[TableKey, TableSnap] = {}
    pk_pos: dict[TableKey, list[tuple[int, str]]] = defaultdict(list)
    for mtype, tname, _cid, col, typ, notnull, pk in conn.execute(text(_SQLITE_COLUMNS)).all():
        key = ("main", tname)
        t = tables.setdefault(key, TableSnap(schema="main", name=tname, kind="view" if mtype == "view" else "table"))
        t.columns.append(
            ColumnSnap(name=col, type=typ or "", nullable=not notnull and not pk, ordinal=len(t.columns) + 1)
        )
        if pk:
            pk_pos[key].append((int(pk), col))
    for key, cols in pk_pos.items():
        tables[key].primary_key = [c for _, c in sorted(cols)]
    fks: dict[tuple[str, int], list[Sequence[Any]]] = defaultdict(list)
    for row in conn.execute(text(_SQLITE_FKS)).all():
        fks[(row[0], int(row[1]))].append(row)
    for (tname, _id), rows in sorted(fks.items()):
        ref_table = rows[0][3]
        ref = tables.get(("main", ref_table))
        ref_cols = tuple(
            r[5] if r[5] is not None else (ref.primary_key[i] if ref and i < len(ref.primary_key) else "")
            for i, r in enumerate(rows)
        )
        tables[("main", tname)].foreign_keys.append(
            ForeignKeySnap(tuple(r[4] for r in rows), "main", ref_table, ref_cols)
        )
    count_keys = {k for k, t in tables.items() if t.kind == "table"}
    return CatalogRead(list(tables.values()), count_keys, local=True, dialect="sqlite")


DRIVER = Driver(
    "sqlite", ("database_location",), dialect="sqlite", url_fields=("database_location",),
    default_schema="main", identifier_case="insensitive", check=check,
    url=url, engine_options=engine_options, on_connect=harden, on_engine=watch_file, session=SQLiteSession, limit_pushdown=True,
    catalog_reader=_read_sqlite, reader_names=("sqlite",), engine_dialects=("sqlite",),
)
