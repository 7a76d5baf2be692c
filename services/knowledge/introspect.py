"""Read a warehouse catalog: tables, views, columns, keys, comments, row estimates, values.

Sync code (callers run it in a worker thread). Catalog metadata is read with a few BULK
queries per dialect (PostgreSQL pg_catalog, MySQL/MariaDB information_schema, DuckDB
``duckdb_*()`` functions, SQLite ``pragma_*`` table functions) because one round trip per
table is what makes syncing a 2,000-table warehouse slow. Other dialects fall back to
SQLAlchemy's multi-table reflection.

Distinct values are read only for text-like columns of non-empty tables, one UNION ALL
query per table, bounded by ``LIMIT value_limit + 1`` per column; huge tables and views are
read through a row-limited prefix so no sampling query scans unbounded data, and empty
tables cost nothing. A re-sync passes the previous snapshot: on PostgreSQL a per-table
structure marker lets unchanged tables skip the column/comment/key queries, and where the
warehouse exposes a cheap data marker (PostgreSQL tuple counters + heap size, MySQL
UPDATE_TIME) unchanged tables keep their row counts and values instead of re-reading them.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from services.common.errors import InvalidArgument, QueryFailed, Unavailable
from services.knowledge import drivers

logger = logging.getLogger(__name__)

TableKind = Literal["table", "view"]
TableKey = tuple[str, str]

# Schemas that hold the warehouse's own bookkeeping (one list with the guard's).
SYSTEM_SCHEMAS = drivers.SYSTEM_SCHEMAS

_NOT_TEXT = ("json", "uuid", "xml", "tsvector", "binary", "blob", "bytea", "[]")
_NOT_TEXT_PREFIX = ("struct", "map", "list", "union", "array", "set<", "row(")
_CONNECT_ERRORS = (
    "connection refused",
    "could not connect",
    "can't connect",
    "unable to open",
    "timeout expired",
    "name or service not known",
)
_TEXT_MARKERS = ("char", "text", "string", "clob", "enum", "citext")


# --------------------------------------------------------------------------- snapshot


class ForeignKeySnap(NamedTuple):
    """``columns`` of the owning table reference ``ref_columns`` of ref_schema.ref_table."""

    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(slots=True)
class ColumnSnap:
    """One column as the warehouse reports it, plus values seen by sampling."""

    name: str
    type: str
    nullable: bool = True
    comment: str = ""
    ordinal: int = 0  # 1-based position in the table
    # Distinct non-null values (text-like columns only). When ``values_complete`` these
    # are ALL distinct values, sorted; otherwise a few examples.
    sample_values: list[str] = field(default_factory=list)
    values_complete: bool = False
    distinct_count: int | None = None


@dataclass(slots=True)
class TableSnap:
    """A table or view with its columns, keys and a row estimate (None when unknown)."""

    schema: str
    name: str
    kind: TableKind = "table"
    comment: str = ""
    columns: list[ColumnSnap] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKeySnap] = field(default_factory=list)
    row_estimate: int | None = None
    # Opaque markers: ``data_version`` changes whenever the table's rows may have changed,
    # ``structure_version`` whenever its columns, comments or keys may have. None when the
    # warehouse offers no cheap marker. Neither is a warehouse fact for diffing.
    data_version: str | None = None
    structure_version: str | None = None

    @property
    def key(self) -> TableKey:
        return (self.schema, self.name)

    def column(self, name: str) -> ColumnSnap | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(slots=True)
class CatalogSnapshot:
    """Everything one sync read from one connection."""

    tables: list[TableSnap] = field(default_factory=list)
    dialect: str = ""

    def table(self, schema: str, name: str) -> TableSnap | None:
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the knowledge store."""
        return {"dialect": self.dialect, "tables": [table_to_dict(t) for t in self.tables]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogSnapshot:
        return cls(
            tables=[table_from_dict(t) for t in data.get("tables", [])],
            dialect=str(data.get("dialect", "")),
        )


def table_to_dict(t: TableSnap) -> dict[str, Any]:
    """JSON-able form of one table (the store may keep tables one row each)."""
    return {
        "schema": t.schema,
        "name": t.name,
        "kind": t.kind,
        "comment": t.comment,
        "columns": [
            {
                "name": c.name,
                "type": c.type,
                "nullable": c.nullable,
                "comment": c.comment,
                "ordinal": c.ordinal,
                "sample_values": list(c.sample_values),
                "values_complete": c.values_complete,
                "distinct_count": c.distinct_count,
            }
            for c in t.columns
        ],
        "primary_key": list(t.primary_key),
        "foreign_keys": [
            {
                "columns": list(fk.columns),
                "ref_schema": fk.ref_schema,
                "ref_table": fk.ref_table,
                "ref_columns": list(fk.ref_columns),
            }
            for fk in t.foreign_keys
        ],
        "row_estimate": t.row_estimate,
        "data_version": t.data_version,
        "structure_version": t.structure_version,
    }


def table_from_dict(d: dict[str, Any]) -> TableSnap:
    return TableSnap(
        schema=d["schema"],
        name=d["name"],
        kind="view" if d.get("kind") == "view" else "table",
        comment=d.get("comment") or "",
        columns=[
            ColumnSnap(
                name=c["name"],
                type=c.get("type") or "",
                nullable=bool(c.get("nullable", True)),
                comment=c.get("comment") or "",
                ordinal=int(c.get("ordinal") or 0),
                sample_values=list(c.get("sample_values") or []),
                values_complete=bool(c.get("values_complete")),
                distinct_count=c.get("distinct_count"),
            )
            for c in d.get("columns", [])
        ],
        primary_key=list(d.get("primary_key") or []),
        foreign_keys=[
            ForeignKeySnap(
                tuple(fk["columns"]), fk["ref_schema"], fk["ref_table"], tuple(fk["ref_columns"])
            )
            for fk in d.get("foreign_keys") or []
        ],
        row_estimate=d.get("row_estimate"),
        data_version=d.get("data_version"),
        structure_version=d.get("structure_version"),
    )


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class SamplingOptions:
    """Bounds on value sampling and row counting; defaults suit an interactive sync."""

    value_limit: int = 100  # a column with <= this many distinct values is "complete"
    examples: int = 5  # values kept for high-cardinality columns
    max_value_chars: int = 200
    full_scan_rows: int = 2_000_000  # above this, read values from a row-limited prefix
    prefix_rows: int = 100_000
    count_distinct_rows: int = 200_000  # exact COUNT(DISTINCT) only on tables this small
    exact_count_below: int = 100_000  # replace estimates below this by an exact count
    exact_count_max_bytes: int = 256 * 1024 * 1024
    statement_timeout_s: float = 15.0
    budget_s: float | None = None  # wall-clock budget for all sampling, None = unbounded
    workers: int = 4  # parallel sampling connections (remote warehouses only)
    columns_per_query: int = 25
    batch_rows: int = 100_000  # tables up to this size are sampled many per query...
    batch_columns: int = 50  # ...up to this many columns per query (fewer round trips)
    enabled: bool = True


# --------------------------------------------------------------------------- entry point


@dataclass(slots=True)
class _Read:
    """What a dialect reader returns: tables plus hints for counting and sampling."""

    tables: list[TableSnap]
    count_keys: set[TableKey] = field(default_factory=set)  # may get an exact COUNT(*)
    sizes: dict[TableKey, int] = field(default_factory=dict)  # bytes, where known
    local: bool = False  # embedded database: no timeouts, no worker pool, views are cheap
    dialect: str = ""
    # Tables whose data is unchanged since ``previous``: their columns (with values) and
    # row count are shared with the previous snapshot and need no counting or sampling.
    unchanged_data: set[TableKey] = field(default_factory=set)
    plain_sql: bool = True  # sampling SQL may be built as text (see _values_sql)
    # PostgreSQL tables whose statistics were computed from every row and are current.
    stats_exact: set[TableKey] = field(default_factory=set)


def read_catalog(
    engine: Engine | str | sa.URL,
    *,
    dialect_name: str,
    schemas: list[str] | None = None,
    value_limit: int = 100,
    previous: CatalogSnapshot | None = None,
    options: SamplingOptions | None = None,
) -> CatalogSnapshot:
    """Read tables, columns, keys, comments, row estimates and low-cardinality values.

    ``engine`` is a SQLAlchemy Engine (pooled; the caller owns it) or a URL, for which a
    private engine is created and disposed.
    ``schemas`` limits the read (MySQL: databases); None means every non-system schema
    (MySQL: the connection's database; SQLite: ``main``). ``previous`` (the last snapshot
    of the same connection) lets unchanged tables skip re-reading: on PostgreSQL tables
    whose structure digest is unchanged are not re-read column by column, and tables
    whose data marker is unchanged keep their counts and values. Unchanged tables may
    share column objects with ``previous``: treat snapshots as immutable.
    Raises Unavailable when the warehouse cannot be reached and QueryFailed when a
    catalog query is rejected.
    """
    opts = options or SamplingOptions()
    if opts.value_limit != value_limit:  # the explicit argument wins
        opts = replace(opts, value_limit=value_limit)
    if isinstance(engine, str | sa.URL):
        own = sa.create_engine(engine)
        try:
            return read_catalog(
                own, dialect_name=dialect_name, schemas=schemas, value_limit=value_limit,
                previous=previous, options=opts,
            )
        finally:
            own.dispose()
    reader = _reader_for(engine, dialect_name)
    try:
        with engine.connect() as conn:
            read = reader(conn, schemas, previous)
            conn.rollback()
        _apply_exact_counts(engine, read, opts)
        if opts.enabled:
            _fill_values(engine, read, opts, previous)
    except sa.exc.OperationalError as exc:
        if _is_connect_error(exc):
            raise Unavailable("cannot connect to the warehouse to read its catalog") from exc
        raise QueryFailed(f"reading the warehouse catalog failed: {_short(exc)}") from exc
    except sa.exc.DBAPIError as exc:
        raise QueryFailed(f"reading the warehouse catalog failed: {_short(exc)}") from exc
    read.tables.sort(key=lambda t: (t.schema, t.name))
    return CatalogSnapshot(tables=read.tables, dialect=read.dialect)


def _short(exc: BaseException) -> str:
    """First line of a driver error, without the SQL text or parameters."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0][:300] if str(orig).strip() else type(orig).__name__


def _is_connect_error(exc: sa.exc.OperationalError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(marker in text for marker in _CONNECT_ERRORS)


Reader = Callable[[Connection, list[str] | None, CatalogSnapshot | None], _Read]


def _reader_for(engine: Engine, dialect_name: str) -> Reader:
    """Pick the bulk reader by the requested dialect AND the engine's real driver."""
    want = dialect_name.lower().strip()
    actual = engine.dialect.name
    if want in ("postgres", "postgresql") and actual == "postgresql":
        return _read_postgres
    if want in ("mysql", "mariadb") and actual in ("mysql", "mariadb"):
        return _read_mysql
    if want in ("duckdb", "motherduck") and actual == "duckdb":
        return _read_duckdb
    if want == "sqlite" and actual == "sqlite":
        return _read_sqlite
    if not want:
        raise InvalidArgument("dialect_name is required")
    return _read_generic


def _schema_filter(column: str, schemas: list[str] | None) -> tuple[str, dict[str, Any]]:
    """SQL condition + params restricting ``column`` to the chosen (or non-system) schemas."""
    if schemas:
        return f"{column} IN :schemas", {"schemas": list(schemas)}
    excluded = sorted(SYSTEM_SCHEMAS)
    return (
        f"{column} NOT IN :excluded AND {column} NOT LIKE 'pg\\_%'",
        {"excluded": excluded},
    )


def _text(sql: str, params: dict[str, Any]) -> sa.TextClause:
    stmt = sa.text(sql)
    for name, value in params.items():
        if isinstance(value, list):
            stmt = stmt.bindparams(sa.bindparam(name, expanding=True))
    return stmt


def _query(conn: Connection, sql: str, params: dict[str, Any]) -> list[Sequence[Any]]:
    return list(conn.execute(_text(sql, params), params).all())


# --------------------------------------------------------------------------- PostgreSQL

# Per table: kind, estimates, heap size, a data marker (tuple counters, which PostgreSQL
# publishes within seconds, plus relfilenode and heap size, which TRUNCATE, rewrites and
# growth change at once) and a structure marker, so a re-sync can skip re-reading
# tables whose structure did not change. Every ALTER/COMMENT writes new catalog row
# versions, so the count and xmin sum of a table's pg_attribute, pg_description and
# pg_constraint rows change with it (freezing keeps xmin since PostgreSQL 9.4).
# The last column says ANALYZE read every row (tables up to 300 x statistics target rows)
# and nothing changed since: then reltuples is exact and pg_stats holds every value.
_PG_TABLES = """
SELECT n.nspname, c.relname, c.relkind, c.oid::bigint,
  CASE WHEN c.relkind = 'p' THEN (
      SELECT sum(greatest(pc.reltuples, 0)) FROM pg_partition_tree(c.oid) pt
      JOIN pg_class pc ON pc.oid = pt.relid WHERE pt.isleaf)
    ELSE c.reltuples END AS reltuples,
  CASE WHEN c.relkind IN ('r', 'm') THEN pg_relation_size(c.oid)
       WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(pt.relid)), 0)
                                  FROM pg_partition_tree(c.oid) pt WHERE pt.isleaf)
  END AS size,
  concat_ws(':', c.oid, c.relfilenode, pg_stat_get_tuples_inserted(c.oid),
            pg_stat_get_tuples_updated(c.oid), pg_stat_get_tuples_deleted(c.oid),
            CASE WHEN c.relkind IN ('r', 'm') THEN pg_relation_size(c.oid) END),
  concat_ws('/', c.relkind,
    (SELECT count(*) || ':' || sum(a.xmin::text::bigint)
       FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0),
    (SELECT count(*) || ':' || sum(d.xmin::text::bigint)
       FROM pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass),
    (SELECT count(*) || ':' || sum(con.xmin::text::bigint) || ':'
            || string_agg(con.confrelid::regclass::text, ',' ORDER BY con.conname)
       FROM pg_constraint con WHERE con.conrelid = c.oid AND con.contype IN ('p', 'f'))),
  c.relkind IN ('r', 'm') AND c.reltuples > 0
    AND c.reltuples <= 300 * current_setting('default_statistics_target')::int
    AND pg_stat_get_mod_since_analyze(c.oid) = 0
    AND coalesce(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) IS NOT NULL
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND {schema_filter}
  AND has_table_privilege(c.oid, 'SELECT')
"""

# Columns aggregated per table: 2,000 rows decode far faster than 50,000.
_PG_COLUMNS = """
SELECT a.attrelid::bigint,
  string_agg(concat_ws(chr(31), a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                       a.attnotnull::int), chr(30) ORDER BY a.attnum)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND {schema_filter}
GROUP BY a.attrelid
"""

# The same, one row per column, for names containing the separators above.
_PG_COLUMNS_FLAT = """
SELECT a.attrelid::bigint, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND {schema_filter}
"""

# Table (objsubid 0) and column comments in one pass.
_PG_COMMENTS = """
SELECT d.objoid::bigint, d.objsubid, a.attname, d.description
FROM pg_description d
JOIN pg_class c ON c.oid = d.objoid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE d.classoid = 'pg_class'::regclass AND {schema_filter}
"""

_PG_CONSTRAINTS = """
SELECT c.oid::bigint, con.contype, con.conname,
  ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
        ORDER BY k.i)::text[],
  rn.nspname, rc.relname,
  ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
        ORDER BY k.i)::text[]
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'f') AND con.conparentid = 0
  AND {schema_filter}
"""

# Re-reading everything beats many per-table lookups once this share of tables changed.
_PG_REREAD_ALL_SHARE = 0.3


def _read_postgres(
    conn: Connection, schemas: list[str] | None, previous: CatalogSnapshot | None
) -> _Read:
    """One bulk query for tables; columns, comments and keys only for changed tables."""
    _try(conn, "SET LOCAL jit = off")  # JIT compiles these cheap scans for 100s of ms
    cond, params = _schema_filter("n.nspname", schemas)
    prev = {t.key: t for t in previous.tables} if previous else {}
    if prev:
        return _read_postgres_tables(conn, cond, params, prev, None)
    # First sync: every table is new, so fetch the details on other connections while
    # this one reads the table list.
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="catalog-read") as pool:
        futures = [
            pool.submit(_on_own_connection, conn.engine, fetch, cond, params)
            for fetch in (_pg_columns, _pg_comments, _pg_constraints)
        ]
        return _read_postgres_tables(conn, cond, params, prev, futures)


def _on_own_connection(engine: Engine, fetch: Callable[..., Any], cond: str, params: dict[str, Any]) -> Any:
    with engine.connect() as conn:
        _try(conn, "SET LOCAL jit = off")
        try:
            return fetch(conn, cond, params)
        finally:
            conn.rollback()


def _read_postgres_tables(
    conn: Connection,
    cond: str,
    params: dict[str, Any],
    prev: dict[TableKey, TableSnap],
    prefetched: list[Future[Any]] | None,
) -> _Read:
    read = _Read([], dialect="postgresql")
    fresh: dict[int, TableSnap] = {}
    for schema, name, relkind, oid, reltuples, size, data_v, struct_v, stats_exact in _query(
        conn, _PG_TABLES.format(schema_filter=cond), params
    ):
        t = TableSnap(
            schema=schema,
            name=name,
            kind="view" if relkind in ("v", "m") else "table",
            row_estimate=_pg_estimate(relkind, reltuples, size),
            # a partitioned parent has no rows of its own, so no marker: always re-sample
            data_version=data_v if relkind in ("r", "m") else None,
            structure_version=struct_v,
        )
        read.tables.append(t)
        old = prev.get(t.key)
        if old is not None and old.structure_version == struct_v:
            _adopt_structure(t, old, read)
        else:
            fresh[oid] = t
        if size is not None:
            read.sizes[t.key] = int(size)
        if stats_exact:
            read.stats_exact.add(t.key)
    if prefetched is not None:
        _pg_apply(fresh, *(f.result() for f in prefetched))
    elif fresh:
        if len(fresh) <= _PG_REREAD_ALL_SHARE * len(read.tables):
            cond, params = f"{cond} AND c.oid IN :oids", {**params, "oids": list(fresh)}
        _pg_apply(fresh, *(fetch(conn, cond, params) for fetch in (_pg_columns, _pg_comments, _pg_constraints)))
    # Non-empty heaps are count candidates: estimates may be stale or missing (-1).
    read.count_keys = {k for k, size in read.sizes.items() if size > 0} - read.unchanged_data - read.stats_exact
    return read


def _adopt_structure(t: TableSnap, old: TableSnap, read: _Read) -> None:
    """Take columns, comments and keys from the previous read of a structurally equal table."""
    t.comment = old.comment
    t.primary_key = list(old.primary_key)
    t.foreign_keys = list(old.foreign_keys)
    if t.data_version is not None and t.data_version == old.data_version:
        t.columns = old.columns  # shared, values included: nothing to count or sample
        t.row_estimate = old.row_estimate
        read.unchanged_data.add(t.key)
    else:
        t.columns = [_copy_column(c) for c in old.columns]


def _copy_column(c: ColumnSnap) -> ColumnSnap:
    return ColumnSnap(
        c.name, c.type, c.nullable, c.comment, c.ordinal, list(c.sample_values), c.values_complete, c.distinct_count
    )


def _pg_columns(conn: Connection, cond: str, params: dict[str, Any]) -> dict[int, list[ColumnSnap]]:
    """Columns by table oid, in position order."""
    out: dict[int, list[ColumnSnap]] = {}
    for oid, blob in _query(conn, _PG_COLUMNS.format(schema_filter=cond), params):
        cols = []
        for pos, rec in enumerate((blob or "").split("\x1e"), 1):
            f = rec.split("\x1f")
            if len(f) != 4:  # a separator inside a name: take the slow, exact path
                return _pg_columns_flat(conn, cond, params)
            cols.append(ColumnSnap(f[1], f[2], f[3] != "1", "", pos))
        out[oid] = cols
    return out


def _pg_columns_flat(conn: Connection, cond: str, params: dict[str, Any]) -> dict[int, list[ColumnSnap]]:
    rows = [tuple(r) for r in _query(conn, _PG_COLUMNS_FLAT.format(schema_filter=cond), params)]
    rows.sort(key=itemgetter(0, 1))
    out: dict[int, list[ColumnSnap]] = defaultdict(list)
    for oid, _attnum, name, typ, notnull in rows:
        out[oid].append(ColumnSnap(name, typ, not notnull, "", len(out[oid]) + 1))
    return out


def _pg_estimate(relkind: str, reltuples: float | None, size: int | None) -> int | None:
    """reltuples is -1 until first ANALYZE; an empty heap (size 0) is certainly empty."""
    if relkind in ("v", "f"):
        return None
    if size == 0:
        return 0
    if reltuples is None or reltuples < 0:
        return None
    return int(reltuples)


def _pg_comments(conn: Connection, cond: str, params: dict[str, Any]) -> list[tuple[int, int, str | None, str]]:
    return [tuple(r) for r in _query(conn, _PG_COMMENTS.format(schema_filter=cond), params)]  # type: ignore[misc]


def _pg_constraints(conn: Connection, cond: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = [tuple(r) for r in _query(conn, _PG_CONSTRAINTS.format(schema_filter=cond), params)]
    rows.sort(key=itemgetter(0, 2))
    return rows


def _pg_apply(
    by_oid: dict[int, TableSnap],
    columns: dict[int, list[ColumnSnap]],
    comments: list[tuple[int, int, str | None, str]],
    constraints: list[tuple[Any, ...]],
) -> None:
    """Attach columns, comments, primary and foreign keys to the tables in ``by_oid``."""
    for oid, t in by_oid.items():
        t.columns = columns.get(oid, [])
    named: dict[int, dict[str, ColumnSnap]] = {}
    for oid, subid, attname, text in comments:
        t = by_oid.get(oid)
        if t is None:
            continue
        if subid == 0:
            t.comment = text or ""
            continue
        if oid not in named:
            named[oid] = {c.name: c for c in t.columns}
        col = named[oid].get(attname or "")
        if col is not None:
            col.comment = text or ""
    for oid, contype, _name, cols, ref_schema, ref_table, ref_cols in constraints:
        t = by_oid.get(oid)
        if t is None:
            continue
        if contype == "p":
            t.primary_key = list(cols)
        elif ref_table:
            t.foreign_keys.append(ForeignKeySnap(tuple(cols), ref_schema, ref_table, tuple(ref_cols)))


# --------------------------------------------------------------------------- MySQL / MariaDB

_MY_TABLES = """
SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT, UPDATE_TIME,
       DATA_LENGTH, ENGINE
FROM information_schema.TABLES
WHERE {schema_filter} AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
"""

_MY_COLUMNS = """
SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE,
       COLUMN_COMMENT
FROM information_schema.COLUMNS
WHERE {schema_filter}
"""

_MY_KEYS = """
SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION,
       REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE {schema_filter}
  AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)
"""


def _read_mysql(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> _Read:
    """Three information_schema queries (TABLES, COLUMNS, KEY_COLUMN_USAGE)."""
    if not _is_mariadb(conn):
        # MySQL 8 caches TABLES statistics for a day by default; we want current numbers.
        _try(conn, "SET SESSION information_schema_stats_expiry = 0")
    if not schemas:
        current = conn.execute(sa.text("SELECT DATABASE()")).scalar()
        schemas = [current] if current else None
    cond, params = _schema_filter("TABLE_SCHEMA", schemas)
    tables: dict[TableKey, TableSnap] = {}
    count_keys: set[TableKey] = set()
    sizes: dict[TableKey, int] = {}
    for schema, name, ttype, rows, comment, updated, length, engine in _query(
        conn, _MY_TABLES.format(schema_filter=cond), params
    ):
        is_view = ttype == "VIEW"
        estimate = None if is_view or rows is None else int(rows)
        key = (schema, name)
        tables[key] = TableSnap(
            schema=schema,
            name=name,
            kind="view" if is_view else "table",
            comment="" if is_view else (comment or ""),
            row_estimate=estimate,
            data_version=f"{updated}:{rows}:{length}" if updated is not None else None,
        )
        if not is_view and (engine or "").lower() != "myisam" and estimate != 0:
            count_keys.add(key)
        if length is not None:
            sizes[key] = int(length)
    rows_ = _query(conn, _MY_COLUMNS.format(schema_filter=cond), params)
    rows_.sort(key=lambda r: (r[0], r[1], int(r[3])))
    for schema, name, col, _pos, typ, nullable, comment in rows_:
        t = tables.get((schema, name))
        if t is not None:
            t.columns.append(
                ColumnSnap(
                    name=col,
                    type=_decode(typ),
                    nullable=nullable == "YES",
                    comment=comment or "",
                    ordinal=len(t.columns) + 1,
                )
            )
    _my_add_keys(conn, cond, params, tables)
    return _Read(list(tables.values()), count_keys, sizes=sizes, dialect="mysql")


def _my_add_keys(
    conn: Connection, cond: str, params: dict[str, Any], tables: dict[TableKey, TableSnap]
) -> None:
    grouped: dict[tuple[str, str, str], list[Sequence[Any]]] = defaultdict(list)
    for row in _query(conn, _MY_KEYS.format(schema_filter=cond), params):
        grouped[(row[0], row[1], row[2])].append(row)
    for (schema, name, constraint), rows in sorted(grouped.items()):
        t = tables.get((schema, name))
        if t is None:
            continue
        rows.sort(key=lambda r: int(r[4]))
        if constraint == "PRIMARY":
            t.primary_key = [r[3] for r in rows]
        else:
            t.foreign_keys.append(
                ForeignKeySnap(tuple(r[3] for r in rows), rows[0][5], rows[0][6], tuple(r[7] for r in rows))
            )


def _is_mariadb(conn: Connection) -> bool:
    return bool(getattr(conn.dialect, "is_mariadb", False))


def _decode(value: Any) -> str:
    return value.decode() if isinstance(value, bytes | bytearray) else str(value)


def _try(conn: Connection, sql: str) -> bool:
    """Run a session setting that some server versions lack; failure is harmless."""
    try:
        conn.execute(sa.text(sql))
        return True
    except sa.exc.DBAPIError:
        conn.rollback()
        return False


# --------------------------------------------------------------------------- DuckDB

_DUCK_TABLES = """
SELECT schema_name, table_name, 'table' AS kind, comment, estimated_size
FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT schema_name, view_name, 'view', comment, NULL
FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary
"""

_DUCK_COLUMNS = """
SELECT schema_name, table_name, column_name, column_index, data_type, is_nullable, comment
FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal
"""

_DUCK_CONSTRAINTS = """
SELECT schema_name, table_name, constraint_type, constraint_column_names,
       referenced_table, referenced_column_names, constraint_index
FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
"""


def _read_duckdb(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> _Read:
    """duckdb_tables()/duckdb_views(), duckdb_columns(), duckdb_constraints()."""
    wanted = set(schemas) if schemas else None
    tables: dict[TableKey, TableSnap] = {}
    for schema, name, kind, comment, estimate in conn.execute(sa.text(_DUCK_TABLES)).all():
        if (wanted is None and schema in SYSTEM_SCHEMAS) or (wanted is not None and schema not in wanted):
            continue
        tables[(schema, name)] = TableSnap(
            schema=schema,
            name=name,
            kind=kind,
            comment=comment or "",
            row_estimate=None if estimate is None else int(estimate),
        )
    rows = sorted(conn.execute(sa.text(_DUCK_COLUMNS)).all(), key=lambda r: (r[0], r[1], r[3]))
    for schema, name, col, _idx, typ, nullable, comment in rows:
        t = tables.get((schema, name))
        if t is not None:
            t.columns.append(
                ColumnSnap(name=col, type=typ, nullable=bool(nullable), comment=comment or "", ordinal=len(t.columns) + 1)
            )
    cons = sorted(conn.execute(sa.text(_DUCK_CONSTRAINTS)).all(), key=lambda r: (r[0], r[1], r[6]))
    for schema, name, ctype, cols, ref_table, ref_cols, _idx in cons:
        t = tables.get((schema, name))
        if t is None:
            continue
        if ctype == "PRIMARY KEY":
            t.primary_key = list(cols)
        elif ref_table:
            fk = ForeignKeySnap(tuple(cols), schema, ref_table, tuple(ref_cols or ()))
            if fk not in t.foreign_keys:
                t.foreign_keys.append(fk)
    return _Read(list(tables.values()), set(), local=True, dialect="duckdb")


# --------------------------------------------------------------------------- SQLite

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


def _read_sqlite(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> _Read:
    """sqlite_master joined with pragma_table_info / pragma_foreign_key_list (2 queries)."""
    if schemas and "main" not in schemas:
        return _Read([], local=True, dialect="sqlite")
    tables: dict[TableKey, TableSnap] = {}
    pk_pos: dict[TableKey, list[tuple[int, str]]] = defaultdict(list)
    for mtype, tname, _cid, col, typ, notnull, pk in conn.execute(sa.text(_SQLITE_COLUMNS)).all():
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
    for row in conn.execute(sa.text(_SQLITE_FKS)).all():
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
    return _Read(list(tables.values()), count_keys, local=True, dialect="sqlite")


# --------------------------------------------------------------------------- generic


def _read_generic(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> _Read:
    """SQLAlchemy multi-table reflection for dialects without a bulk reader here."""
    from sqlalchemy.engine.reflection import ObjectKind

    insp = sa.inspect(conn)
    names = schemas or [s for s in insp.get_schema_names() if s.lower() not in SYSTEM_SCHEMAS]
    out: list[TableSnap] = []
    for schema in names:
        out.extend(_reflect_schema(insp, conn, schema, ObjectKind))
    return _Read(out, set(), dialect=conn.dialect.name, plain_sql=False)


def _reflect_schema(insp: Any, conn: Connection, schema: str, kinds: Any) -> list[TableSnap]:
    views = set(insp.get_view_names(schema=schema))
    cols = insp.get_multi_columns(schema=schema, kind=kinds.ANY)
    pks = insp.get_multi_pk_constraint(schema=schema, kind=kinds.ANY)
    fks = insp.get_multi_foreign_keys(schema=schema, kind=kinds.ANY)
    try:
        comments = insp.get_multi_table_comment(schema=schema, kind=kinds.ANY)
    except NotImplementedError:
        comments = {}
    out = []
    for (sch, name), columns in cols.items():
        key = (sch, name)
        out.append(
            TableSnap(
                schema=sch or schema,
                name=name,
                kind="view" if name in views else "table",
                comment=(comments.get(key) or {}).get("text") or "",
                columns=[
                    ColumnSnap(
                        name=c["name"],
                        type=_type_text(c["type"], conn.dialect),
                        nullable=bool(c.get("nullable", True)),
                        comment=c.get("comment") or "",
                        ordinal=i + 1,
                    )
                    for i, c in enumerate(columns)
                ],
                primary_key=list((pks.get(key) or {}).get("constrained_columns") or []),
                foreign_keys=[
                    ForeignKeySnap(
                        tuple(fk["constrained_columns"]),
                        fk.get("referred_schema") or sch or schema,
                        fk["referred_table"],
                        tuple(fk["referred_columns"]),
                    )
                    for fk in fks.get(key) or []
                ],
            )
        )
    return out


def _type_text(typ: Any, dialect: Any) -> str:
    try:
        return str(typ.compile(dialect=dialect))
    except Exception:  # noqa: BLE001 - NullType and exotic types cannot compile
        return str(getattr(typ, "__visit_name__", "") or "")


# --------------------------------------------------------------------------- row counts


def _apply_exact_counts(engine: Engine, read: _Read, opts: SamplingOptions) -> None:
    """Replace missing/small estimates by COUNT(*), batched 100 tables per query."""
    wanted = [
        t
        for t in read.tables
        if t.key in read.count_keys
        and (read.local or t.row_estimate is None or t.row_estimate < opts.exact_count_below)
        and read.sizes.get(t.key, 0) <= opts.exact_count_max_bytes
    ]
    if not wanted:
        return
    with engine.connect() as conn:
        _set_timeout(conn, read, opts)
        for chunk in _chunks(wanted, 100):
            for t, n in _count_chunk(conn, chunk):
                t.row_estimate = n
            conn.rollback()
        _reset_timeout(conn, read)


def _count_chunk(conn: Connection, chunk: list[TableSnap]) -> list[tuple[TableSnap, int]]:
    selects = [
        sa.select(sa.literal_column(str(i)).label("k"), sa.func.count().label("n")).select_from(
            _sa_table(t, [])
        )
        for i, t in enumerate(chunk)
    ]
    stmt = selects[0] if len(selects) == 1 else sa.union_all(*selects)
    try:
        return [(chunk[int(k)], int(n)) for k, n in conn.execute(stmt).all()]
    except sa.exc.DBAPIError:
        conn.rollback()
        if len(chunk) == 1:
            return []
    out: list[tuple[TableSnap, int]] = []
    for t in chunk:  # one bad table (dropped meanwhile, no privilege) must not hide others
        out.extend(_count_chunk(conn, [t]))
    return out


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _sa_table(t: TableSnap, columns: list[str]) -> sa.TableClause:
    schema = None if t.schema in ("", None) else t.schema
    return sa.table(t.name, *[sa.column(c) for c in columns], schema=schema)


# --------------------------------------------------------------------------- values


def is_text_type(type_text: str, *, untyped_is_text: bool = False) -> bool:
    """True for character types worth sampling (not JSON, UUID, arrays, structs, binary)."""
    t = type_text.lower().strip()
    if not t:
        return untyped_is_text
    if t.startswith(_NOT_TEXT_PREFIX) or any(k in t for k in _NOT_TEXT):
        return False
    return any(k in t for k in _TEXT_MARKERS)


_PREFIX_COUNT = -1  # result key of the prefix row count in a sampling query
_BATCH_KEY = 1000  # in batched sampling, result key = table item * _BATCH_KEY + column
_TEXT_CAST = {"postgresql": "TEXT", "mysql": "CHAR", "mariadb": "CHAR", "sqlite": "TEXT", "duckdb": "VARCHAR"}


@dataclass(slots=True)
class _Plan:
    """Columns of one table to sample, and whether a full scan is affordable."""

    table: TableSnap
    columns: list[ColumnSnap]
    full: bool  # False: read a row-limited prefix; complete only if the prefix was all rows
    plain_sql: bool = True  # False: build queries with SQLAlchemy (generic dialects)


def _fill_values(
    engine: Engine, read: _Read, opts: SamplingOptions, previous: CatalogSnapshot | None
) -> None:
    plans = _plan_sampling(read, opts, previous)
    if read.dialect == "postgresql" and read.stats_exact:
        plans = _pg_values_from_stats(engine, read, plans, opts)
    if not plans:
        return
    deadline = None if opts.budget_s is None else time.monotonic() + opts.budget_s
    units = _work_units(plans, opts)
    workers = 1 if read.local else max(1, min(opts.workers, len(units)))
    if workers == 1:
        _sample_worker(engine, read, opts, units, deadline)
    else:
        shares = [units[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="catalog-sample") as pool:
            for fut in [pool.submit(_sample_worker, engine, read, opts, s, deadline) for s in shares]:
                fut.result()
    if read.dialect == "postgresql":
        _pg_distinct_estimates(engine, plans)


def _plan_sampling(
    read: _Read, opts: SamplingOptions, previous: CatalogSnapshot | None
) -> list[_Plan]:
    old = {t.key: t for t in previous.tables} if previous else {}
    untyped = read.dialect == "sqlite"
    text_types: dict[str, bool] = {}  # types repeat across thousands of columns
    plans: list[_Plan] = []
    for t in read.tables:
        if t.row_estimate == 0 or t.key in read.unchanged_data:
            continue
        cols = []
        for c in t.columns:
            if c.type not in text_types:
                text_types[c.type] = is_text_type(c.type, untyped_is_text=untyped)
            if text_types[c.type]:
                cols.append(c)
        prev = old.get(t.key)
        if cols and prev is not None and t.data_version is not None and prev.data_version == t.data_version:
            cols = [c for c in cols if not _reuse_values(c, prev.column(c.name))]
        if not cols:
            continue
        if t.row_estimate is None:
            full = read.local  # unknown size: only embedded databases risk a full scan
        else:
            full = t.row_estimate <= opts.full_scan_rows
        plans.append(_Plan(t, cols, full, plain_sql=read.plain_sql))
    plans.sort(key=lambda p: -(p.table.row_estimate or 0))  # biggest first balances workers
    return plans


def _reuse_values(col: ColumnSnap, old: ColumnSnap | None) -> bool:
    """Copy values from the previous snapshot when the column is the same; True if copied."""
    if old is None or old.type != col.type:
        return False
    col.sample_values = list(old.sample_values)
    col.values_complete = old.values_complete
    col.distinct_count = old.distinct_count
    return True


def _work_units(plans: list[_Plan], opts: SamplingOptions) -> list[list[_Plan]]:
    """Small tables are sampled many per query (round trips dominate their cost); big
    tables, views and prefix reads get a query each so one statement timeout is theirs."""
    units: list[list[_Plan]] = []
    batch: list[_Plan] = []
    width = 0
    for p in plans:
        est = p.table.row_estimate
        if not (p.plain_sql and p.full and est is not None and est <= opts.batch_rows) or (
            len(p.columns) > opts.columns_per_query
        ):
            units.append([p])
            continue
        batch.append(p)
        width += len(p.columns)
        if width >= opts.batch_columns:
            units.append(batch)
            batch, width = [], 0
    if batch:
        units.append(batch)
    return units


def _sample_worker(
    engine: Engine,
    read: _Read,
    opts: SamplingOptions,
    units: list[list[_Plan]],
    deadline: float | None,
) -> None:
    with engine.connect() as conn:
        if not read.local:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        _set_timeout(conn, read, opts)
        try:
            for unit in units:
                if deadline is not None and time.monotonic() > deadline:
                    logger.info("catalog value sampling stopped at its time budget")
                    break
                if len(unit) == 1:
                    _sample_table(conn, unit[0], opts)
                else:
                    _sample_batch(conn, unit, opts)
                if conn.in_transaction():
                    conn.rollback()  # release locks/snapshots table by table
        finally:
            _reset_timeout(conn, read)


def _sample_table(conn: Connection, plan: _Plan, opts: SamplingOptions) -> None:
    for cols in _chunks(plan.columns, opts.columns_per_query):
        values = _distinct_values(conn, plan, cols, opts)
        covered = plan.full
        prefix = values.pop(_PREFIX_COUNT, None)
        if prefix and int(prefix[0]) < opts.prefix_rows:
            covered = True  # the row-limited prefix was the whole relation
            if plan.table.row_estimate is None:
                plan.table.row_estimate = int(prefix[0])
        wide = [c for i, c in enumerate(cols) if i in values and not _set_values(c, values[i], covered, opts)]
        est = plan.table.row_estimate
        if wide and covered and est is not None and est <= opts.count_distinct_rows:
            _count_distinct(conn, plan, wide)


def _sample_batch(conn: Connection, plans: list[_Plan], opts: SamplingOptions) -> None:
    """Values of several small tables in one UNION ALL query (keys item * _BATCH_KEY + column),
    then one query for the distinct counts of their high-cardinality columns."""
    parts = [_values_sql(p, [c.name for c in p.columns], opts, conn.dialect, key_base=j * _BATCH_KEY) for j, p in enumerate(plans)]
    try:
        rows = conn.execute(sa.text(" UNION ALL ".join(filter(None, parts)).replace(":", "\\:"))).all()
    except sa.exc.DBAPIError:
        if conn.in_transaction():
            conn.rollback()
        for p in plans:  # find the table the warehouse refuses; the others still count
            _sample_table(conn, p, opts)
        return
    got: dict[int, list[str]] = defaultdict(list)
    for k, v in rows:
        text = str(v)[: opts.max_value_chars]
        if text not in got[int(k)]:
            got[int(k)].append(text)
    wide = [
        (j * _BATCH_KEY + i, p, c)
        for j, p in enumerate(plans)
        for i, c in enumerate(p.columns)
        if not _set_values(c, got.get(j * _BATCH_KEY + i, []), True, opts)
        and (p.table.row_estimate or 0) <= opts.count_distinct_rows
    ]
    if wide:
        _count_distinct_batch(conn, wide)


def _count_distinct_batch(conn: Connection, wide: list[tuple[int, _Plan, ColumnSnap]]) -> None:
    cast = _TEXT_CAST[conn.dialect.name]
    q = conn.dialect.identifier_preparer.quote
    sql = " UNION ALL ".join(
        f"SELECT {k} AS k, CAST({_count_expr(conn.dialect.name, q(c.name))} AS {cast}) AS v "
        f"FROM {_quoted_table(p.table, conn.dialect)}"
        for k, p, c in wide
    )
    try:
        counts = {int(k): int(v) for k, v in conn.execute(sa.text(sql.replace(":", "\\:"))).all()}
    except sa.exc.DBAPIError:
        if conn.in_transaction():
            conn.rollback()
        return
    for k, _p, c in wide:
        c.distinct_count = counts.get(k)


def _count_expr(dialect_name: str, quoted_column: str) -> str:
    # PostgreSQL: byte-wise "C" comparison, several times faster than locale collations
    if dialect_name == "postgresql":
        return f'COUNT(DISTINCT CAST({quoted_column} AS TEXT) COLLATE "C")'
    return f"COUNT(DISTINCT {quoted_column})"


def _set_values(col: ColumnSnap, got: list[str], covered: bool, opts: SamplingOptions) -> bool:
    """Store sampled values on the column; True when they are all its distinct values."""
    if covered and len(got) <= opts.value_limit:
        col.sample_values = sorted(got)
        col.values_complete = True
        col.distinct_count = len(got)
        return True
    col.sample_values = got[: opts.examples] if len(got) > opts.value_limit else got
    col.values_complete = False
    col.distinct_count = None
    return False


def _distinct_values(
    conn: Connection, plan: _Plan, cols: list[ColumnSnap], opts: SamplingOptions
) -> dict[int, list[str]]:
    """One UNION ALL query: per column, DISTINCT non-null values with LIMIT value_limit+1.

    Result keys: column index -> values; _PREFIX_COUNT -> [rows in the prefix].
    """
    names = [c.name for c in cols]
    sql = _values_sql(plan, names, opts, conn.dialect) if plan.plain_sql else None
    try:
        if sql is not None:
            rows = conn.execute(sa.text(sql.replace(":", "\\:"))).all()
        else:
            rows = conn.execute(_values_query(plan, names, opts)).all()
    except sa.exc.DBAPIError as exc:
        if conn.in_transaction():
            conn.rollback()
        if len(cols) == 1:
            logger.debug("value sampling skipped for %s.%s: %s", plan.table.schema, plan.table.name, _short(exc))
            return {}
        out: dict[int, list[str]] = {}
        for i, c in enumerate(cols):  # isolate the column the warehouse cannot read
            for k, got in _distinct_values(conn, plan, [c], opts).items():
                out[k + i if k >= 0 else k] = got
        return out
    grouped: dict[int, list[str]] = {i: [] for i in range(len(cols))}
    seen: dict[int, set[str]] = defaultdict(set)
    for k, v in rows:
        text = str(v)[: opts.max_value_chars]
        idx = int(k)
        if idx == _PREFIX_COUNT:
            grouped[idx] = [text]
        elif text not in seen[idx]:
            seen[idx].add(text)
            grouped[idx].append(text)
    return grouped


def _values_sql(
    plan: _Plan, names: list[str], opts: SamplingOptions, dialect: Any, key_base: int = 0
) -> str | None:
    """Plain SQL text for dialects with LIMIT and CAST; building SQLAlchemy constructs for
    thousands of tables costs more than the queries themselves. None: use _values_query."""
    cast = _TEXT_CAST.get(dialect.name)
    if cast is None:
        return None
    q = dialect.identifier_preparer.quote
    table = _quoted_table(plan.table, dialect)
    n = opts.value_limit + 1
    parts = []
    if not plan.full:
        parts.append(
            f"SELECT {_PREFIX_COUNT} AS k, CAST(COUNT(*) AS {cast}) AS v "
            f"FROM (SELECT 1 AS one FROM {table} LIMIT {opts.prefix_rows}) pc"
        )
    for i, name in enumerate(names):
        col = q(name)
        src = f"(SELECT {col} FROM {table} LIMIT {opts.prefix_rows}) p{i}" if not plan.full else table
        parts.append(
            f"SELECT k, v FROM (SELECT DISTINCT {key_base + i} AS k, CAST({col} AS {cast}) AS v "
            f"FROM {src} WHERE {col} IS NOT NULL LIMIT {n}) d{key_base + i}"
        )
    return " UNION ALL ".join(parts)


def _quoted_table(t: TableSnap, dialect: Any) -> str:
    q = dialect.identifier_preparer.quote
    return f"{q(t.schema)}.{q(t.name)}" if t.schema else q(t.name)


def _values_query(plan: _Plan, names: list[str], opts: SamplingOptions) -> sa.Select[Any] | sa.CompoundSelect:
    """Portable form of _values_sql for dialects SQLAlchemy adapts (MSSQL TOP, Oracle FETCH)."""
    t = _sa_table(plan.table, names)
    parts = []
    if not plan.full:  # how many rows the prefix holds: fewer than asked = whole relation
        rows = sa.select(sa.literal_column("1").label("one")).select_from(t).limit(opts.prefix_rows).subquery("pc")
        parts.append(
            sa.select(
                sa.literal_column(str(_PREFIX_COUNT)).label("k"),
                sa.cast(sa.func.count(), sa.Text()).label("v"),
            ).select_from(rows)
        )
    for i, name in enumerate(names):
        src: Any = t
        col: Any = t.c[name]
        if not plan.full:
            src = sa.select(col).select_from(t).limit(opts.prefix_rows).subquery(f"p{i}")
            col = src.c[name]
        inner = (
            sa.select(sa.literal_column(str(i)).label("k"), sa.cast(col, sa.Text()).label("v"))
            .select_from(src)
            .where(col.is_not(None))
            .distinct()
            .limit(opts.value_limit + 1)
            .subquery(f"d{i}")
        )
        parts.append(sa.select(inner.c.k, inner.c.v))
    return parts[0] if len(parts) == 1 else sa.union_all(*parts)


def _count_distinct(conn: Connection, plan: _Plan, cols: list[ColumnSnap]) -> None:
    """Exact distinct counts of high-cardinality columns, one scan for all of them."""
    if plan.plain_sql and conn.dialect.name in _TEXT_CAST:
        q = conn.dialect.identifier_preparer.quote
        counts = ", ".join(_count_expr(conn.dialect.name, q(c.name)) for c in cols)
        sql = f"SELECT {counts} FROM {_quoted_table(plan.table, conn.dialect)}"
        stmt: Any = sa.text(sql.replace(":", "\\:"))
    else:
        t = _sa_table(plan.table, [c.name for c in cols])
        stmt = sa.select(*[sa.func.count(sa.distinct(t.c[c.name])) for c in cols]).select_from(t)
    try:
        row = conn.execute(stmt).one()
    except sa.exc.DBAPIError:
        if conn.in_transaction():
            conn.rollback()
        return
    for col, n in zip(cols, row, strict=True):
        col.distinct_count = int(n)


_PG_STATS = """
SELECT schemaname, tablename, attname, n_distinct,
       most_common_vals::text::text[], histogram_bounds::text::text[]
FROM pg_stats
WHERE NOT inherited AND schemaname IN :schemas AND tablename IN :tables AND attname IN :columns
"""


def _pg_values_from_stats(engine: Engine, read: _Read, plans: list[_Plan], opts: SamplingOptions) -> list[_Plan]:
    """Answer columns of fully-analyzed, unchanged tables from pg_stats in one query;
    returns the plans (or parts of plans) that still need sampling queries."""
    todo = [p for p in plans if p.table.key in read.stats_exact]
    if not todo:
        return plans
    params = {
        "schemas": sorted({p.table.schema for p in todo}),
        "tables": sorted({p.table.name for p in todo}),
        "columns": sorted({c.name for p in todo for c in p.columns}),
    }
    with engine.connect() as conn:
        stats = {(r[0], r[1], r[2]): r[3:] for r in _query(conn, _PG_STATS, params)}
        conn.rollback()
    out = [p for p in plans if p.table.key not in read.stats_exact]
    for p in todo:
        rows = p.table.row_estimate or 0
        left = [c for c in p.columns if not _values_from_stats(c, stats.get((*p.table.key, c.name)), rows, opts)]
        if left:
            out.append(_Plan(p.table, left, p.full, p.plain_sql))
    return out


def _values_from_stats(col: ColumnSnap, stat: Sequence[Any] | None, rows: int, opts: SamplingOptions) -> bool:
    """ANALYZE over every row keeps ALL values as most-common values when they fit; True if
    the column was answered (complete set, or examples + distinct count)."""
    if stat is None or rows <= 0 or stat[0] is None:
        return False
    n_distinct, mcv, hist = stat[0], list(stat[1] or []), list(stat[2] or [])
    distinct = round(n_distinct if n_distinct > 0 else -n_distinct * rows)
    if 0 < distinct <= opts.value_limit and len(mcv) == distinct:
        col.sample_values = sorted({str(v)[: opts.max_value_chars] for v in mcv})
        col.values_complete, col.distinct_count = True, distinct
        return True
    examples = (hist or mcv)[: opts.examples]
    if distinct > opts.value_limit and examples:
        col.sample_values = [str(v)[: opts.max_value_chars] for v in examples]
        col.values_complete, col.distinct_count = False, distinct
        return True
    return False


def _pg_distinct_estimates(engine: Engine, plans: list[_Plan]) -> None:
    """pg_stats.n_distinct for sampled high-cardinality columns that got no exact count."""
    todo = {
        (p.table.schema, p.table.name, c.name): (p.table, c)
        for p in plans
        for c in p.columns
        if not c.values_complete and c.distinct_count is None and c.sample_values
    }
    if not todo:
        return
    schemas = sorted({k[0] for k in todo})
    sql = "SELECT schemaname, tablename, attname, n_distinct FROM pg_stats WHERE schemaname IN :schemas"
    with engine.connect() as conn:
        for schema, table, col, nd in _query(conn, sql, {"schemas": schemas}):
            hit = todo.get((schema, table, col))
            if hit is None or nd is None:
                continue
            rows = hit[0].row_estimate
            estimate = nd if nd > 0 else (-nd * rows if rows else None)
            if estimate is not None:
                hit[1].distinct_count = int(round(estimate))


def _set_timeout(conn: Connection, read: _Read, opts: SamplingOptions) -> None:
    """Per-statement time limit on sampling connections, so one slow view cannot stall sync."""
    if read.local:
        return
    ms = int(opts.statement_timeout_s * 1000)
    if read.dialect == "postgresql":
        _try(conn, f"SET statement_timeout = {ms}")
        _try(conn, "SET jit = off")  # sampling queries are short; JIT would dominate them
    elif read.dialect == "mysql":
        if _is_mariadb(conn):
            _try(conn, f"SET SESSION max_statement_time = {opts.statement_timeout_s:.3f}")
        else:
            _try(conn, f"SET SESSION max_execution_time = {ms}")


def _reset_timeout(conn: Connection, read: _Read) -> None:
    """Pooled connections go back to the pool as they came."""
    if read.local:
        return
    if read.dialect == "postgresql":
        _try(conn, "RESET statement_timeout")
        _try(conn, "RESET jit")
    elif read.dialect == "mysql":
        if _is_mariadb(conn):
            _try(conn, "SET SESSION max_statement_time = DEFAULT")
        else:
            _try(conn, "SET SESSION max_execution_time = DEFAULT")
    if conn.in_transaction():
        conn.rollback()

