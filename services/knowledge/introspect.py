"""Read a warehouse catalog: tables, views, columns, keys, comments, row estimates, values.

Sync code (callers run it in a worker thread). Catalog metadata is read with a few BULK
queries per dialect by the driver's own catalog reader (``drivers/postgres.py`` pg_catalog,
``drivers/mysql.py`` information_schema, ``drivers/duckdb.py`` ``duckdb_*()`` functions,
``drivers/sqlite.py`` ``pragma_*`` table functions) because one round trip per table is what
makes syncing a 2,000-table warehouse slow. Other drivers fall back to SQLAlchemy's
multi-table reflection here; counting and value sampling are shared.

Distinct values are read only for text-like columns (and numbers named like a yes/no state) of non-empty tables, one UNION ALL
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
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from services.common.errors import InvalidArgument, QueryFailed, Unavailable
from services.common.column_roles import code_like_name, date_key_type, flag_like_name, kind_of_type, time_like_name
from services.knowledge import drivers
from services.knowledge.snapshot import (  # noqa: F401 - the snapshot types are re-exported
    CatalogRead,
    CatalogSnapshot,
    ColumnSnap,
    ForeignKeySnap,
    Reader,
    TableKey,
    TableKind,
    TableSnap,
    query,
    table_from_dict,
    table_to_dict,
    try_sql,
)

logger = logging.getLogger(__name__)

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


def _reader_for(engine: Engine, dialect_name: str) -> Reader:
    """Pick a driver's bulk reader by the requested dialect AND the engine's real driver."""
    want = dialect_name.lower().strip()
    actual = engine.dialect.name
    for driver in drivers.DRIVERS.values():
        if driver.catalog_reader and want in driver.reader_names and actual in driver.engine_dialects:
            return driver.catalog_reader
    if not want:
        raise InvalidArgument("dialect_name is required")
    return _read_generic


# --------------------------------------------------------------------------- generic


def _read_generic(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> CatalogRead:
    """SQLAlchemy multi-table reflection for drivers without a bulk reader."""
    from sqlalchemy.engine.reflection import ObjectKind

    insp = sa.inspect(conn)
    names = schemas or [s for s in insp.get_schema_names() if s.lower() not in SYSTEM_SCHEMAS]
    out: list[TableSnap] = []
    for schema in names:
        out.extend(_reflect_schema(insp, conn, schema, ObjectKind))
    return CatalogRead(out, set(), dialect=conn.dialect.name, plain_sql=False)


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


def _apply_exact_counts(engine: Engine, read: CatalogRead, opts: SamplingOptions) -> None:
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
    engine: Engine, read: CatalogRead, opts: SamplingOptions, previous: CatalogSnapshot | None
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
    read: CatalogRead, opts: SamplingOptions, previous: CatalogSnapshot | None
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
            if text_types[c.type] or (kind_of_type(c.type) in ("num", "bool")
                                       and (flag_like_name(c.name) or time_like_name(c.name)
                                           or code_like_name(c.name) or date_key_type(c.type))):
                cols.append(c)  # text, numbers named like a yes/no state (0/1 there makes them flags) or a time
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
    read: CatalogRead,
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


def _pg_values_from_stats(engine: Engine, read: CatalogRead, plans: list[_Plan], opts: SamplingOptions) -> list[_Plan]:
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
        stats = {(r[0], r[1], r[2]): r[3:] for r in query(conn, _PG_STATS, params)}
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
        for schema, table, col, nd in query(conn, sql, {"schemas": schemas}):
            hit = todo.get((schema, table, col))
            if hit is None or nd is None:
                continue
            rows = hit[0].row_estimate
            estimate = nd if nd > 0 else (-nd * rows if rows else None)
            if estimate is not None:
                hit[1].distinct_count = int(round(estimate))


def _set_timeout(conn: Connection, read: CatalogRead, opts: SamplingOptions) -> None:
    """Per-statement time limit on sampling connections, so one slow view cannot stall sync."""
    if read.local:
        return
    driver = drivers.for_engine_dialect(read.dialect)
    if driver is not None and driver.sampling_timeout is not None:
        driver.sampling_timeout(conn, opts.statement_timeout_s)


def _reset_timeout(conn: Connection, read: CatalogRead) -> None:
    """Pooled connections go back to the pool as they came."""
    if read.local:
        return
    driver = drivers.for_engine_dialect(read.dialect)
    if driver is not None and driver.reset_sampling_timeout is not None:
        driver.reset_sampling_timeout(conn)
    if conn.in_transaction():
        conn.rollback()

