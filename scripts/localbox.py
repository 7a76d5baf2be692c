"""A Toolbox over a local SQLite or DuckDB file, introspected the way a catalog sync would.

Used by the in-process evaluation (scripts/eval_*.py) and by tests; production engines get the
knowledge-service Toolbox, so this lives outside the production packages.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from services.common.column_roles import code_like_name, date_key_type, flag_like_name, kind_of_type, time_like_name
from services.common.errors import QueryFailed, QueryRefused, Timeout

from services.conversation.engine.types import Column, ForeignKey, QueryResult, Schema, Table

TEXT_HINTS = ("char", "text", "clob", "string", "varchar")
MAX_COMPLETE = 100
EXAMPLES = 5


def _is_text(col_type: str) -> bool:
    t = col_type.lower()
    return t == "" or any(h in t for h in TEXT_HINTS)


def _sampled(name: str, col_type: str) -> bool:
    """Text columns, and numbers named like a yes/no state or a point in time or typed like a packed date (as the
    knowledge service's sync reads them)."""
    return _is_text(col_type) or (kind_of_type(col_type) in ("num", "bool")
                                  and (flag_like_name(name) or time_like_name(name)
                                      or code_like_name(name) or date_key_type(col_type)))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteToolbox:
    """Read-only Toolbox on a SQLite file; the schema is introspected once and cached."""

    def __init__(self, path: str | Path, *, row_limit: int = 10000, timeout_s: float = 10.0,
                 docs: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.path = Path(path)
        self.docs = docs or {}
        self.row_limit = row_limit
        self.timeout_s = timeout_s
        self._schema: Schema | None = None
        self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._conn.text_factory = lambda b: b.decode("utf-8", errors="replace")
        self.queries: list[str] = []

    def close(self) -> None:
        self._conn.close()

    async def schema(self) -> Schema:
        if self._schema is None:
            self._schema = with_docs(introspect_sqlite(self._conn, connection_id=self.path.stem), self.docs)
        return self._schema

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        schema = await self.schema()
        words = {w.lower() for w in query.split()}
        scored = sorted(schema.tables, key=lambda t: -sum(w in t.name.lower() for w in words))
        return scored[:limit]

    async def run_sql(self, sql: str) -> QueryResult:
        head = sql.lstrip().split(None, 1)[0].lower() if sql.strip() else ""
        if head not in ("select", "with", "values"):
            raise QueryRefused("only read-only SELECT statements may run")
        self.queries.append(sql)
        deadline = time.monotonic() + self.timeout_s
        self._conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 20000)
        try:
            cur = self._conn.execute(sql)
            rows = cur.fetchmany(self.row_limit + 1)
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise Timeout("the query took too long") from e
            raise QueryFailed(f"the database rejected the query: {e}") from e
        except sqlite3.Error as e:
            raise QueryFailed(f"the database rejected the query: {e}") from e
        cols = tuple(d[0] for d in cur.description or ())
        truncated = len(rows) > self.row_limit
        await asyncio.sleep(0)
        return QueryResult(sql=sql, columns=cols, rows=tuple(tuple(r) for r in rows[: self.row_limit]), truncated=truncated)


def with_docs(schema: Schema, docs: Mapping[str, Mapping[str, Any]]) -> Schema:
    """Table and column descriptions applied after introspection, as the knowledge service does after a sync:
    ``{"orders": {"description": "...", "columns": {"status": "..."}}}``."""
    if not docs:
        return schema
    tables = []
    for t in schema.tables:
        doc = docs.get(t.name) or {}
        cols = doc.get("columns") or {}
        tables.append(replace(t, description=str(doc.get("description") or t.description),
                              columns=tuple(replace(c, description=str(cols.get(c.name) or c.description)) for c in t.columns)))
    return replace(schema, tables=tuple(tables))


def introspect_sqlite(conn: sqlite3.Connection, connection_id: str = "") -> Schema:
    """Tables, columns, types, keys, row counts and text samples from PRAGMA and cheap scans."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    tables: list[Table] = []
    for name in names:
        info = conn.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
        fks = [
            ForeignKey(column=r[3], ref_table=r[2], ref_column=r[4] or "")
            for r in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})").fetchall()
        ]
        rows = conn.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        cols: list[Column] = []
        for _cid, cname, ctype, _notnull, _default, pk in info:
            samples: tuple[str, ...] = ()
            complete = False
            distinct: int | None = None
            if _sampled(cname, ctype or ""):
                samples, complete, distinct = _text_profile(conn, name, cname)
            cols.append(Column(name=cname, type=ctype or "", is_primary_key=bool(pk), sample_values=samples,
                               values_complete=complete, distinct_count=distinct))
        fixed = [ForeignKey(f.column, f.ref_table, f.ref_column or _pk_of(conn, f.ref_table)) for f in fks]
        tables.append(Table(name=name, columns=tuple(cols), foreign_keys=tuple(fixed), row_count=rows))
    return Schema(tables=tuple(tables), dialect="sqlite", connection_id=connection_id)


def _pk_of(conn: sqlite3.Connection, table: str) -> str:
    for r in conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall():
        if r[5]:
            return str(r[1])
    return ""


def _text_profile(conn: sqlite3.Connection, table: str, col: str) -> tuple[tuple[str, ...], bool, int]:
    q = _quote(col)
    distinct = conn.execute(f"SELECT count(DISTINCT {q}) FROM {_quote(table)}").fetchone()[0]
    if distinct <= MAX_COMPLETE:
        vals = conn.execute(f"SELECT DISTINCT {q} FROM {_quote(table)} WHERE {q} IS NOT NULL").fetchall()
        return tuple(str(v[0]) for v in vals), True, distinct
    vals = conn.execute(f"SELECT DISTINCT {q} FROM {_quote(table)} WHERE {q} IS NOT NULL LIMIT {EXAMPLES}").fetchall()
    return tuple(str(v[0]) for v in vals), False, distinct


class DuckdbToolbox:
    """Read-only Toolbox on a DuckDB file (schema from information_schema)."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self._conn: Any = duckdb.connect(str(path), read_only=True)
        self._schema: Schema | None = None
        self.queries: list[str] = []

    def close(self) -> None:
        self._conn.close()

    async def schema(self) -> Schema:
        if self._schema is None:
            self._schema = self._introspect()
        return self._schema

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        return list((await self.schema()).tables)[:limit]

    async def run_sql(self, sql: str) -> QueryResult:
        self.queries.append(sql)
        try:
            cur = self._conn.execute(sql)
            rows = cur.fetchall()
        except Exception as e:  # duckdb raises many error classes
            raise QueryFailed(f"the database rejected the query: {e}") from e
        cols = tuple(d[0] for d in cur.description or ())
        return QueryResult(sql=sql, columns=cols, rows=tuple(tuple(r) for r in rows))

    def _introspect(self) -> Schema:
        c = self._conn
        tables: list[Table] = []
        tnames = [r[0] for r in c.execute("SELECT table_name FROM information_schema.tables WHERE table_schema='main' ORDER BY 1").fetchall()]
        pks = {(r[0], r[1]) for r in c.execute(
            "SELECT table_name, unnest(constraint_column_names) FROM duckdb_constraints() WHERE constraint_type='PRIMARY KEY'").fetchall()}
        fk_rows = c.execute(
            "SELECT table_name, constraint_column_names[1], referenced_table, referenced_column_names[1] "
            "FROM duckdb_constraints() WHERE constraint_type='FOREIGN KEY'").fetchall()
        for t in tnames:
            cols: list[Column] = []
            for name, dtype in c.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name=? ORDER BY ordinal_position", [t]
            ).fetchall():
                samples: tuple[str, ...] = ()
                complete, distinct = False, None
                if _sampled(name, dtype):
                    distinct = c.execute(f"SELECT count(DISTINCT {_quote(name)}) FROM {_quote(t)}").fetchone()[0]
                    lim = "" if distinct <= MAX_COMPLETE else f" LIMIT {EXAMPLES}"
                    vals = c.execute(f"SELECT DISTINCT {_quote(name)} FROM {_quote(t)} WHERE {_quote(name)} IS NOT NULL{lim}").fetchall()
                    samples, complete = tuple(str(v[0]) for v in vals), distinct <= MAX_COMPLETE
                cols.append(Column(name=name, type=dtype, is_primary_key=(t, name) in pks, sample_values=samples,
                                   values_complete=complete, distinct_count=distinct))
            fks = tuple(ForeignKey(r[1], r[2], r[3]) for r in fk_rows if r[0] == t)
            rows = c.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]
            tables.append(Table(name=t, columns=tuple(cols), foreign_keys=fks, row_count=rows))
        return Schema(tables=tuple(tables), dialect="duckdb")
