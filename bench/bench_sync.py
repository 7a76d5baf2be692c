"""Benchmark catalog sync against a bulk information_schema read on local PostgreSQL.

Creates ``--tables`` tables of ``--columns`` columns in a private schema (dropped at the
end), fills ``--filled`` of them with rows so value sampling has real work, then times:

  baseline   one bulk ``information_schema.columns`` read of the same columns
  full sync  ``read_catalog`` (catalog + keys + comments + row counts + values)
  re-sync    ``read_catalog(previous=...)`` + ``diff_catalog`` with nothing changed

Filled tables are ANALYZEd as autovacuum would; ``--no-analyze`` leaves them without
statistics so every value comes from a sampling query.

Targets: full sync < 3x baseline, no-change re-sync < 1x baseline. Exits non-zero only on
errors, never on a missed target.

    .venv/bin/python bench/bench_sync.py [--tables 2000 --columns 25 --filled 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.knowledge.catalog_diff import diff_catalog  # noqa: E402
from services.knowledge.introspect import CatalogSnapshot, SamplingOptions, read_catalog  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"
TYPES = ("integer", "text", "varchar(40)", "numeric(12,2)", "timestamp", "boolean", "date", "bigint", "text")
STATUS = ("new", "open", "closed", "archived")
MAX_TABLES = 5000
MAX_COLUMNS = 200


def _column_type(j: int) -> str:
    return TYPES[j % len(TYPES)]


def _ddl(schema: str, tables: int, columns: int) -> str:
    """One script: every table with a PK, a comment, some column comments, some FKs."""
    out = [f'CREATE SCHEMA "{schema}";']
    for i in range(tables):
        cols = ["id integer PRIMARY KEY"]
        cols += [f"c{j} {_column_type(j)}" for j in range(1, columns)]
        if i % 10 == 1:
            cols.append(f'parent_id integer REFERENCES "{schema}".t{i - 1}(id)')
        out.append(f'CREATE TABLE "{schema}".t{i} ({", ".join(cols)});')
        out.append(f"COMMENT ON TABLE \"{schema}\".t{i} IS 'Benchmark table {i}';")
        for j in range(1, columns, 5):
            out.append(f"COMMENT ON COLUMN \"{schema}\".t{i}.c{j} IS 'Column {j} of table {i}';")
    return "\n".join(out)


def _fill(conn: sa.Connection, schema: str, table: int, columns: int, rows: int) -> None:
    """Rows whose text columns are low-cardinality (statuses) or unique (names)."""
    exprs = ["g"]
    for j in range(1, columns):
        t = _column_type(j)
        if t == "text":
            exprs.append(f"(ARRAY{list(STATUS)!r})[1 + mod(g, 4)]" if j % 2 else "'name ' || g")
        elif t.startswith("varchar"):
            exprs.append("'city ' || mod(g, 30)")
        elif t in ("integer", "bigint"):
            exprs.append("g * 7")
        elif t.startswith("numeric"):
            exprs.append("g * 1.25")
        elif t == "timestamp":
            exprs.append("timestamp '2024-01-01' + g * interval '1 hour'")
        elif t == "boolean":
            exprs.append("mod(g, 2) = 0")
        else:
            exprs.append("date '2024-01-01' + g")
    conn.exec_driver_sql(
        f'INSERT INTO "{schema}".t{table} (id, {", ".join(f"c{j}" for j in range(1, columns))}) '
        f"SELECT {', '.join(exprs)} FROM generate_series(1, {rows}) g"
    )


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[tuple[float, float], Any]:
    """(best, median) seconds over ``repeat`` runs, and the last result. The best run is
    the least disturbed by other load on the machine, so ratios use it."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return (min(times), statistics.median(times)), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=int, default=2000)
    ap.add_argument("--columns", type=int, default=25)
    ap.add_argument("--filled", type=int, default=100, help="tables that get rows (values to sample)")
    ap.add_argument("--rows", type=int, default=500, help="rows per filled table")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-analyze", action="store_true",
                    help="leave filled tables un-ANALYZEd, so values must be sampled by queries")
    ap.add_argument("--url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    args = ap.parse_args()
    if not (1 <= args.tables <= MAX_TABLES and 2 <= args.columns <= MAX_COLUMNS):
        print(f"--tables must be 1..{MAX_TABLES} and --columns 2..{MAX_COLUMNS}", file=sys.stderr)
        return 2
    schema = f"bench_sync_{os.getpid()}"
    setup = sa.create_engine(args.url)
    engine = sa.create_engine(args.url)
    try:
        t0 = time.perf_counter()
        with setup.begin() as conn:
            conn.exec_driver_sql(_ddl(schema, args.tables, args.columns))
            for i in range(min(args.filled, args.tables)):
                _fill(conn, schema, i, args.columns, args.rows)
        if not args.no_analyze:
            with setup.connect() as conn:  # as autovacuum would after a load
                conn.execution_options(isolation_level="AUTOCOMMIT")
                for i in range(min(args.filled, args.tables)):
                    conn.exec_driver_sql(f'ANALYZE "{schema}".t{i}')
        setup.dispose()  # backend exit flushes table statistics counters
        print(f"setup: {args.tables} tables x {args.columns} columns, {args.filled} filled with {args.rows} rows, "
              f"{'not ' if args.no_analyze else ''}analyzed ({time.perf_counter() - t0:.1f} s)")
        return _run(engine, schema, args)
    finally:
        _drop_schema(engine, schema)
        engine.dispose()


def _drop_schema(engine: sa.Engine, schema: str) -> None:
    """Drop in batches: one DROP SCHEMA CASCADE of 2,000 tables exceeds the lock table."""
    with engine.connect() as conn:
        names = conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars().all()
        conn.rollback()
        for i in range(0, len(names), 100):
            for name in names[i : i + 100]:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{schema}"."{name}" CASCADE')
            conn.commit()
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.commit()


def _run(engine: sa.Engine, schema: str, args: argparse.Namespace) -> int:
    sql = sa.text(
        "SELECT table_name, column_name, data_type, is_nullable, ordinal_position, column_default "
        "FROM information_schema.columns WHERE table_schema = :s"
    )

    def baseline() -> int:
        with engine.connect() as conn:
            return len(conn.execute(sql, {"s": schema}).all())

    def full() -> CatalogSnapshot:
        return read_catalog(engine, dialect_name="postgresql", schemas=[schema])

    def catalog_only() -> CatalogSnapshot:
        return read_catalog(engine, dialect_name="postgresql", schemas=[schema], options=SamplingOptions(enabled=False))

    baseline()  # warm the catalog caches and the pool once, for every contender alike
    t_base, n_cols = _timed(baseline, args.repeat)
    t_cat, _ = _timed(catalog_only, args.repeat)
    t_full, snap = _timed(full, args.repeat)

    def resync() -> Any:
        again = read_catalog(engine, dialect_name="postgresql", schemas=[schema], previous=snap)
        return diff_catalog(snap, again)

    t_re, diff = _timed(resync, args.repeat)
    sampled = sum(1 for t in snap.tables if any(c.sample_values for c in t.columns))
    complete = sum(1 for t in snap.tables for c in t.columns if c.values_complete)
    print(f"columns read by baseline: {n_cols}; tables in snapshot: {len(snap.tables)}; "
          f"columns: {sum(len(t.columns) for t in snap.tables)}; tables with values: {sampled}; "
          f"complete value sets: {complete}")
    print(f"re-sync diff: {diff.counts()}")
    rows = [
        ("baseline information_schema.columns", t_base, None),
        ("catalog only (no value sampling)", t_cat, None),
        ("full sync (read_catalog)", t_full, 3.0),
        ("no-change re-sync (read + diff)", t_re, 1.0),
    ]
    print(f"\n{'step':<40} {'best s':>8} {'median s':>9} {'x baseline':>11} {'target':>8} {'met':>4}")
    for name, (best, median), target in rows:
        ratio = best / t_base[0] if t_base[0] else float("inf")
        tgt = f"< {target:g}x" if target else ""
        met = ("yes" if ratio < target else "NO") if target else ""
        print(f"{name:<40} {best:>8.3f} {median:>9.3f} {ratio:>11.2f} {tgt:>8} {met:>4}")
    if not diff.is_empty:
        print("error: an unchanged schema re-synced with changes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
