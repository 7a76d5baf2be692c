"""PostgreSQL: contract fields, URL, engine options, a read-only session with a server-side
statement timeout, and a bulk pg_catalog reader that re-reads only changed tables on a re-sync."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from services.knowledge.drivers.base import Driver, Params, Session, network_options, port
from services.knowledge.snapshot import (
    CatalogRead,
    CatalogSnapshot,
    ColumnSnap,
    ForeignKeySnap,
    TableKey,
    TableSnap,
    query,
    schema_filter,
    try_sql,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine


def pg_like_url(driver: str, kind: str, default_port: int) -> Callable[[Params], URL]:
    """URL builder of a PostgreSQL-wire warehouse (PostgreSQL, Redshift)."""

    def build(params: Params) -> URL:
        from sqlalchemy.engine import URL

        return URL.create(
            driver,
            username=str(params["username"]),
            password=params.get("password") or None,
            host=str(params["host"]),
            port=port(params, kind, default_port),
            database=str(params["database"]),
        )

    return build


def engine_options(params: Params) -> dict[str, Any]:
    options = network_options(params)
    options["connect_args"] = {
        "connect_timeout": 10,
        "options": "-c default_transaction_read_only=on",
        "application_name": "dot-server",
    }
    return options


class PostgresSession(Session):
    def begin(self, timeout_s: float) -> None:
        ms = max(int(timeout_s * 1000), 1)
        self.conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        self.conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")
        if self.warehouse.kind == "postgres":
            # sqlglot renders '' for quotes and leaves backslashes alone: only safe when on
            self.conn.exec_driver_sql("SET LOCAL standard_conforming_strings = on")

    def cancel(self) -> None:
        driver = self.driver
        cancel = getattr(driver, "cancel_safe", None) or getattr(driver, "cancel", None)
        if callable(cancel):
            cancel()

    def is_timeout_error(self, err: BaseException) -> bool:
        return getattr(err, "sqlstate", None) == "57014" or getattr(err, "pgcode", None) == "57014"

    def stream(self) -> bool:
        return True


def sampling_timeout(conn: Connection, seconds: float) -> None:
    """Per-statement time limit on a catalog sampling connection."""
    try_sql(conn, f"SET statement_timeout = {int(seconds * 1000)}")
    try_sql(conn, "SET jit = off")  # sampling queries are short; JIT would dominate them


def reset_sampling_timeout(conn: Connection) -> None:
    try_sql(conn, "RESET statement_timeout")
    try_sql(conn, "RESET jit")


# --------------------------------------------------------------------------- catalog reader

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
) -> CatalogRead:
    """One bulk query for tables; columns, comments and keys only for changed tables."""
    try_sql(conn, "SET LOCAL jit = off")  # JIT compiles these cheap scans for 100s of ms
    cond, params = schema_filter("n.nspname", schemas)
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
        try_sql(conn, "SET LOCAL jit = off")
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
) -> CatalogRead:
    read = CatalogRead([], dialect="postgresql")
    fresh: dict[int, TableSnap] = {}
    for schema, name, relkind, oid, reltuples, size, data_v, struct_v, stats_exact in query(
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
        _pg_apply(fresh, _pg_columns(conn, cond, params), _pg_comments(conn, cond, params),
                  _pg_constraints(conn, cond, params))
    # Non-empty heaps are count candidates: estimates may be stale or missing (-1).
    read.count_keys = {k for k, size in read.sizes.items() if size > 0} - read.unchanged_data - read.stats_exact
    return read


def _adopt_structure(t: TableSnap, old: TableSnap, read: CatalogRead) -> None:
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
    for oid, blob in query(conn, _PG_COLUMNS.format(schema_filter=cond), params):
        cols = []
        for pos, rec in enumerate((blob or "").split("\x1e"), 1):
            f = rec.split("\x1f")
            if len(f) != 4:  # a separator inside a name: take the slow, exact path
                return _pg_columns_flat(conn, cond, params)
            cols.append(ColumnSnap(f[1], f[2], f[3] != "1", "", pos))
        out[oid] = cols
    return out


def _pg_columns_flat(conn: Connection, cond: str, params: dict[str, Any]) -> dict[int, list[ColumnSnap]]:
    rows = [tuple(r) for r in query(conn, _PG_COLUMNS_FLAT.format(schema_filter=cond), params)]
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
    return [tuple(r) for r in query(conn, _PG_COMMENTS.format(schema_filter=cond), params)]  # type: ignore[misc]


def _pg_constraints(conn: Connection, cond: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = [tuple(r) for r in query(conn, _PG_CONSTRAINTS.format(schema_filter=cond), params)]
    rows.sort(key=itemgetter(0, 2))
    return rows


def _pg_apply(
    by_oid: dict[int, TableSnap],
    columns: dict[int, list[ColumnSnap]],
    comments: list[tuple[int, int, str | None, str]],
    constraints: list[tuple[Any, ...]],
) -> None:
    """Attach columns, comments, primary and foreign keys to the tables in ``by_oid``."""
    for oid, owner in by_oid.items():
        owner.columns = columns.get(oid, [])
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


DRIVER = Driver(
    "postgres", ("host", "port", "database", "username", "password"), dialect="postgres",
    aliases=("postgresql",), url_fields=("host", "database", "username"), default_schema="public",
    identifier_case="lower", extra="postgres", default_port=5432,
    url=pg_like_url("postgresql+psycopg", "postgres", 5432), engine_options=engine_options,
    session=PostgresSession, limit_pushdown=True,
    catalog_reader=_read_postgres, reader_names=("postgres", "postgresql"), engine_dialects=("postgresql",),
    sampling_timeout=sampling_timeout, reset_sampling_timeout=reset_sampling_timeout,
)
