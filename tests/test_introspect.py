"""Catalog reading and diffing against real SQLite, DuckDB, PostgreSQL and MariaDB."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from services.common.column_roles import catalog_roles, flag_like_name
from services.common.errors import InvalidArgument, Unavailable
from services.knowledge.catalog_diff import diff_catalog, table_fingerprint
from services.knowledge.introspect import (
    CatalogSnapshot,
    ForeignKeySnap,
    SamplingOptions,
    is_text_type,
    read_catalog,
)

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
MY_URL = os.environ.get("TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
COUNTRIES = ("DE", "FR", "US")


def _server_engine(url: str, what: str) -> sa.Engine:
    """An engine for a shared test server; CI must have it, locally a skip is fine."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = f"{what} not reachable at {url.split('@')[-1]}: {str(exc.orig).splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return engine


def _col(snap: CatalogSnapshot, schema: str, table: str, column: str):  # noqa: ANN202
    t = snap.table(schema, table)
    assert t is not None, f"{schema}.{table} missing"
    c = t.column(column)
    assert c is not None, f"{schema}.{table}.{column} missing"
    return c


# --------------------------------------------------------------------------- SQLite


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    path = tmp_path / "shop.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE customer (
          id INTEGER PRIMARY KEY, name VARCHAR(40), email TEXT, country CHAR(2),
          region_id INTEGER REFERENCES region(id), score REAL, photo BLOB);
        CREATE TABLE line (
          order_id INTEGER, line_no INTEGER, qty INTEGER, note,
          PRIMARY KEY (order_id, line_no));
        CREATE TABLE shipment (
          id INTEGER PRIMARY KEY, order_id INTEGER, line_no INTEGER,
          FOREIGN KEY (order_id, line_no) REFERENCES line(order_id, line_no));
        CREATE TABLE empty_one (id INTEGER, label TEXT);
        CREATE VIEW customer_region AS
          SELECT c.name, c.country, r.name AS region FROM customer c JOIN region r ON r.id = c.region_id;
        """
    )
    conn.executemany("INSERT INTO region VALUES (?, ?)", [(1, "Europe"), (2, "Americas")])
    conn.executemany(
        "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [(i, f"Customer {i}", f"c{i}@example.com", COUNTRIES[i % 3], 1 + i % 2, i / 3) for i in range(1, 301)],
    )
    conn.executemany("INSERT INTO line VALUES (?, ?, ?, ?)", [(i // 3, i % 3, i, "gift" if i % 2 else None) for i in range(60)])
    conn.commit()
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def test_sqlite_reads_tables_views_keys_and_counts(sqlite_engine: sa.Engine) -> None:
    snap = read_catalog(sqlite_engine, dialect_name="sqlite")
    names = [(t.schema, t.name, t.kind) for t in snap.tables]
    assert names == [
        ("main", "customer", "table"),
        ("main", "customer_region", "view"),
        ("main", "empty_one", "table"),
        ("main", "line", "table"),
        ("main", "region", "table"),
        ("main", "shipment", "table"),
    ]
    customer = snap.table("main", "customer")
    assert [c.name for c in customer.columns] == ["id", "name", "email", "country", "region_id", "score", "photo"]
    assert [c.ordinal for c in customer.columns] == [1, 2, 3, 4, 5, 6, 7]
    assert customer.column("name").type == "VARCHAR(40)"
    assert customer.column("id").nullable is False
    assert customer.primary_key == ["id"]
    assert customer.foreign_keys == [ForeignKeySnap(("region_id",), "main", "region", ("id",))]
    assert customer.row_estimate == 300
    assert snap.table("main", "line").primary_key == ["order_id", "line_no"]
    assert snap.table("main", "shipment").foreign_keys == [
        ForeignKeySnap(("order_id", "line_no"), "main", "line", ("order_id", "line_no"))
    ]
    assert snap.table("main", "empty_one").row_estimate == 0
    assert snap.dialect == "sqlite"


def test_sqlite_sample_values(sqlite_engine: sa.Engine) -> None:
    snap = read_catalog(sqlite_engine, dialect_name="sqlite")
    country = _col(snap, "main", "customer", "country")
    assert country.sample_values == ["DE", "FR", "US"]
    assert country.values_complete is True
    assert country.distinct_count == 3
    name = _col(snap, "main", "customer", "name")
    assert name.values_complete is False
    assert len(name.sample_values) == 5
    assert all(v.startswith("Customer ") for v in name.sample_values)
    assert name.distinct_count == 300
    # numbers (unless named like a yes/no state) and blobs are never sampled; untyped SQLite columns are
    assert _col(snap, "main", "customer", "score").sample_values == []
    assert _col(snap, "main", "customer", "photo").sample_values == []
    assert _col(snap, "main", "line", "note").sample_values == ["gift"]
    # views are sampled too
    assert _col(snap, "main", "customer_region", "region").sample_values == ["Americas", "Europe"]
    assert _col(snap, "main", "empty_one", "label").sample_values == []


def test_numbers_named_like_a_state_are_sampled(tmp_path: Path) -> None:
    """'auto_renew', 'discontinued' are read (0/1 there makes them flags); 'killed' is read and keeps its counts;
    other numbers stay unread."""
    path = tmp_path / "flags.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE plan (id INTEGER PRIMARY KEY, auto_renew INTEGER, Discontinued INT, killed INTEGER, seats INTEGER);
        INSERT INTO plan VALUES (1, 1, 0, 8, 5), (2, 0, 1, 3, 7), (3, 1, 0, 25, 9);
    """)
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        snap = read_catalog(engine, dialect_name="sqlite")
    finally:
        engine.dispose()
    assert _col(snap, "main", "plan", "auto_renew").sample_values == ["0", "1"]
    assert _col(snap, "main", "plan", "Discontinued").values_complete
    assert _col(snap, "main", "plan", "killed").sample_values == ["25", "3", "8"]
    assert _col(snap, "main", "plan", "seats").sample_values == []
    roles = catalog_roles([{"name": c.name, "type": c.type, "sample_values": c.sample_values, "values_complete": c.values_complete,
                            "distinct_count": c.distinct_count} for c in snap.tables[0].columns], ["id"], [])
    assert (roles["auto_renew"], roles["Discontinued"], roles["killed"], roles["seats"]) == ("flag", "flag", "measure", "measure")


def test_value_limit_boundary(tmp_path: Path) -> None:
    path = tmp_path / "limit.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (exact10 TEXT, eleven TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(f"v{i % 10}", f"w{i % 11}") for i in range(110)])
    conn.commit()
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    snap = read_catalog(engine, dialect_name="sqlite", value_limit=10)
    exact = _col(snap, "main", "t", "exact10")
    assert exact.values_complete and len(exact.sample_values) == 10
    eleven = _col(snap, "main", "t", "eleven")
    assert not eleven.values_complete
    assert len(eleven.sample_values) == 5
    assert eleven.distinct_count == 11


def test_big_tables_are_sampled_through_a_bounded_prefix(sqlite_engine: sa.Engine) -> None:
    opts = SamplingOptions(full_scan_rows=100, prefix_rows=50)
    country = _col(read_catalog(sqlite_engine, dialect_name="sqlite", options=opts), "main", "customer", "country")
    # 300 rows > full_scan_rows: only 50 rows were read, so the set cannot be called complete
    assert sorted(country.sample_values) == ["DE", "FR", "US"]
    assert not country.values_complete and country.distinct_count is None
    opts = SamplingOptions(full_scan_rows=100, prefix_rows=1000)
    country = _col(read_catalog(sqlite_engine, dialect_name="sqlite", options=opts), "main", "customer", "country")
    assert country.values_complete  # the prefix held every row


def test_sampling_budget_stops_sampling(sqlite_engine: sa.Engine) -> None:
    snap = read_catalog(sqlite_engine, dialect_name="sqlite", options=SamplingOptions(budget_s=0.0))
    assert all(not c.sample_values for t in snap.tables for c in t.columns)


def test_sampling_can_be_disabled(sqlite_engine: sa.Engine) -> None:
    snap = read_catalog(sqlite_engine, dialect_name="sqlite", options=SamplingOptions(enabled=False))
    assert all(not c.sample_values for t in snap.tables for c in t.columns)
    assert snap.table("main", "customer").row_estimate == 300


def test_generic_reflection_fallback(sqlite_engine: sa.Engine) -> None:
    """An unknown dialect name takes SQLAlchemy reflection and portable sampling SQL."""
    snap = read_catalog(sqlite_engine, dialect_name="some-other-warehouse")
    customer = snap.table("main", "customer")
    assert customer is not None and customer.primary_key == ["id"]
    assert customer.foreign_keys == [ForeignKeySnap(("region_id",), "main", "region", ("id",))]
    assert snap.table("main", "customer_region").kind == "view"
    country = customer.column("country")
    # size unknown: values come from a bounded prefix, which here covers the whole table
    assert country.sample_values == ["DE", "FR", "US"] and country.values_complete
    assert customer.row_estimate == 300


def test_unreachable_warehouse_is_unavailable() -> None:
    with pytest.raises(Unavailable):
        read_catalog("postgresql+psycopg://nobody@127.0.0.1:1/none", dialect_name="postgresql")


def test_empty_dialect_name_is_rejected(sqlite_engine: sa.Engine) -> None:
    with pytest.raises(InvalidArgument):
        read_catalog(sqlite_engine, dialect_name="")


def test_snapshot_json_roundtrip_and_diff_stability(sqlite_engine: sa.Engine) -> None:
    first = read_catalog(sqlite_engine, dialect_name="sqlite")
    again = read_catalog(sqlite_engine, dialect_name="sqlite", previous=first)
    diff = diff_catalog(first, again)
    assert diff.is_empty and diff.counts()["tables_unchanged"] == 6
    restored = CatalogSnapshot.from_dict(first.to_dict())
    assert restored == first
    assert [table_fingerprint(t) for t in restored.tables] == [table_fingerprint(t) for t in again.tables]


def test_diff_reports_added_changed_removed(sqlite_engine: sa.Engine) -> None:
    before = read_catalog(sqlite_engine, dialect_name="sqlite")
    with sqlite_engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE customer ADD COLUMN tier TEXT"))
        conn.execute(sa.text("INSERT INTO region VALUES (3, 'Asia')"))
        conn.execute(sa.text("DROP TABLE empty_one"))
        conn.execute(sa.text("CREATE TABLE supplier (id INTEGER PRIMARY KEY, name TEXT)"))
    after = read_catalog(sqlite_engine, dialect_name="sqlite", previous=before)
    diff = diff_catalog(before, after)
    assert diff.tables_added == [("main", "supplier")]
    assert diff.tables_removed == [("main", "empty_one")]
    changed = {(c.schema, c.table): c for c in diff.tables_changed}
    assert set(changed) == {("main", "customer"), ("main", "region")}  # no customer is in Asia
    assert changed[("main", "customer")].columns_added == ("tier",)
    assert [(c.column, c.fields) for c in changed[("main", "region")].columns_changed] == [("name", ("values",))]
    assert diff.counts() == {
        "tables_added": 1,
        "tables_changed": 2,
        "tables_removed": 1,
        "tables_unchanged": 3,
        "columns_added": 3,  # supplier.id, supplier.name, customer.tier
        "columns_changed": 1,  # region.name gained 'Asia'
        "columns_removed": 2,  # empty_one.id, empty_one.label
    }
    assert table_fingerprint(before.table("main", "line")) == table_fingerprint(after.table("main", "line"))
    assert table_fingerprint(before.table("main", "region")) != table_fingerprint(after.table("main", "region"))


def test_flag_like_names() -> None:
    assert all(flag_like_name(n) for n in ("auto_renew", "IsPreferred", "discontinued", "churned", "has_parking"))
    assert not any(flag_like_name(n) for n in ("units_sold", "amount_paid", "rating", "length", "customer_id", "weight_kg"))


def test_is_text_type() -> None:
    for t in ("text", "VARCHAR(20)", "character varying(40)", "char(2)", "nvarchar(max)", "STRING", "enum('a','b')", "citext"):
        assert is_text_type(t), t
    for t in ("integer", "jsonb", "uuid", "text[]", "VARCHAR[]", "STRUCT(a VARCHAR)", "bytea", "BLOB", "varbinary(10)", ""):
        assert not is_text_type(t), t
    assert is_text_type("", untyped_is_text=True)


# --------------------------------------------------------------------------- DuckDB


def test_duckdb_catalog(tmp_path: Path) -> None:
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        """
        CREATE SCHEMA sales;
        CREATE TABLE sales.region (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);
        COMMENT ON TABLE sales.region IS 'Sales regions';
        CREATE TABLE sales.customer (
          id INTEGER PRIMARY KEY, name VARCHAR, region_id INTEGER REFERENCES sales.region(id),
          tier VARCHAR, amount DECIMAL(10, 2), tags VARCHAR[]);
        COMMENT ON COLUMN sales.customer.tier IS 'Loyalty tier';
        INSERT INTO sales.region VALUES (1, 'North'), (2, 'South');
        INSERT INTO sales.customer SELECT i, 'n' || i, 1 + i % 2, ['gold', 'silver'][1 + i % 2], i * 1.5, NULL
          FROM range(1, 201) t(i);
        CREATE VIEW sales.big_customers AS SELECT * FROM sales.customer WHERE amount > 100;
        CREATE TABLE main.other (x INTEGER);
        """
    )
    con.close()
    engine = sa.create_engine(f"duckdb:///{path}")
    try:
        snap = read_catalog(engine, dialect_name="duckdb", schemas=["sales"])
        assert [(t.name, t.kind) for t in snap.tables] == [
            ("big_customers", "view"),
            ("customer", "table"),
            ("region", "table"),
        ]
        region = snap.table("sales", "region")
        assert region.comment == "Sales regions" and region.row_estimate == 2
        customer = snap.table("sales", "customer")
        assert customer.primary_key == ["id"]
        assert customer.foreign_keys == [ForeignKeySnap(("region_id",), "sales", "region", ("id",))]
        assert customer.column("amount").type == "DECIMAL(10,2)"
        assert customer.column("tier").comment == "Loyalty tier"
        assert customer.column("tier").sample_values == ["gold", "silver"]
        assert customer.column("tier").values_complete
        assert customer.column("tags").sample_values == []
        assert customer.row_estimate == 200
        assert snap.table("sales", "big_customers").column("tier").values_complete
        everything = read_catalog(engine, dialect_name="duckdb")
        assert {t.schema for t in everything.tables} == {"main", "sales"}
        assert diff_catalog(snap, read_catalog(engine, dialect_name="duckdb", schemas=["sales"])).is_empty
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg() -> Iterator[tuple[sa.Engine, str]]:
    engine = _server_engine(PG_URL, "PostgreSQL")
    schema = f"t_introspect_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield engine, schema
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        engine.dispose()


def _pg_run(engine: sa.Engine, sql: str) -> None:
    """Run and commit, then publish this session's table counters now: PostgreSQL batches
    them for up to seconds, which is how a sync may lag behind writes."""
    with engine.connect() as conn:
        conn.exec_driver_sql(sql)
        conn.commit()
        conn.exec_driver_sql("SELECT pg_stat_force_next_flush()")
        conn.commit()


def _pg_setup(engine: sa.Engine, s: str) -> None:
    _pg_run(
        engine,
        f"""
            CREATE TABLE "{s}".region (id int PRIMARY KEY, name text NOT NULL);
            COMMENT ON TABLE "{s}".region IS 'Sales regions';
            COMMENT ON COLUMN "{s}".region.name IS 'Region name';
            CREATE TABLE "{s}".customer (
              id int PRIMARY KEY, name varchar(40), country char(2), region_id int REFERENCES "{s}".region(id),
              amount numeric(10,2), meta jsonb, status text, created_at timestamp);
            CREATE TABLE "{s}".line (order_id int, line_no int, qty int, PRIMARY KEY (order_id, line_no));
            CREATE TABLE "{s}".shipment (id int PRIMARY KEY, order_id int, line_no int,
              FOREIGN KEY (order_id, line_no) REFERENCES "{s}".line(order_id, line_no));
            CREATE TABLE "{s}".empty_one (id int, label text);
            INSERT INTO "{s}".region VALUES (1, 'Europe'), (2, 'Americas');
            INSERT INTO "{s}".customer
              SELECT i, 'Customer ' || i, (ARRAY['DE','FR','US'])[1 + mod(i, 3)], 1 + mod(i, 2), i * 1.5,
                     '{{}}'::jsonb, 'active', now() FROM generate_series(1, 300) i;
            CREATE VIEW "{s}".customer_region AS
              SELECT c.name, c.country, r.name AS region FROM "{s}".customer c JOIN "{s}".region r ON r.id = c.region_id;
            COMMENT ON VIEW "{s}".customer_region IS 'Customers with their region';
            CREATE MATERIALIZED VIEW "{s}".country_counts AS SELECT country, count(*) AS n FROM "{s}".customer GROUP BY 1;
            """,
    )


def test_postgres_catalog(pg: tuple[sa.Engine, str]) -> None:
    engine, s = pg
    _pg_setup(engine, s)
    snap = read_catalog(engine, dialect_name="postgres", schemas=[s])
    assert [(t.name, t.kind) for t in snap.tables] == [
        ("country_counts", "view"),
        ("customer", "table"),
        ("customer_region", "view"),
        ("empty_one", "table"),
        ("line", "table"),
        ("region", "table"),
        ("shipment", "table"),
    ]
    region = snap.table(s, "region")
    assert region.comment == "Sales regions"
    assert region.column("name").comment == "Region name"
    assert region.column("name").nullable is False
    assert snap.table(s, "customer_region").comment == "Customers with their region"
    customer = snap.table(s, "customer")
    assert {c.name: c.type for c in customer.columns} == {
        "id": "integer",
        "name": "character varying(40)",
        "country": "character(2)",
        "region_id": "integer",
        "amount": "numeric(10,2)",
        "meta": "jsonb",
        "status": "text",
        "created_at": "timestamp without time zone",
    }
    assert customer.primary_key == ["id"]
    assert customer.foreign_keys == [ForeignKeySnap(("region_id",), s, "region", ("id",))]
    assert snap.table(s, "line").primary_key == ["order_id", "line_no"]
    assert snap.table(s, "shipment").foreign_keys == [
        ForeignKeySnap(("order_id", "line_no"), s, "line", ("order_id", "line_no"))
    ]
    assert customer.row_estimate == 300
    assert snap.table(s, "empty_one").row_estimate == 0
    assert customer.column("country").sample_values == ["DE", "FR", "US"]
    assert customer.column("country").values_complete
    assert customer.column("status").sample_values == ["active"]
    assert customer.column("meta").sample_values == []
    name = customer.column("name")
    assert not name.values_complete and len(name.sample_values) == 5 and name.distinct_count == 300
    # views: sampled through a bounded prefix that here covers every row
    view_region = snap.table(s, "customer_region").column("region")
    assert view_region.sample_values == ["Americas", "Europe"] and view_region.values_complete
    assert snap.table(s, "customer_region").row_estimate == 300
    assert snap.table(s, "country_counts").column("country").values_complete


def test_postgres_resync_is_stable_and_sees_changes(pg: tuple[sa.Engine, str]) -> None:
    engine, s = pg
    _pg_setup(engine, s)
    first = read_catalog(engine, dialect_name="postgresql", schemas=[s])
    for previous in (None, first):  # full re-read and the incremental path agree
        again = read_catalog(engine, dialect_name="postgresql", schemas=[s], previous=previous)
        diff = diff_catalog(first, again)
        assert diff.is_empty, diff
        assert diff.counts()["tables_unchanged"] == 7
    assert again.table(s, "customer").column("country").sample_values == ["DE", "FR", "US"]
    assert again.table(s, "customer").row_estimate == 300

    with engine.begin() as conn:
        conn.exec_driver_sql(f'ALTER TABLE "{s}".customer ALTER COLUMN amount TYPE numeric(12,2)')
    changed = read_catalog(engine, dialect_name="postgresql", schemas=[s], previous=first)
    diff = diff_catalog(first, changed)
    assert diff.counts()["tables_changed"] == 1 and diff.counts()["columns_changed"] == 1
    assert diff.columns_changed[0].column == "amount" and diff.columns_changed[0].fields == ("type",)
    assert changed.table(s, "customer").column("amount").type == "numeric(12,2)"
    # the rewrite changed the data marker, yet values were re-read identically
    assert changed.table(s, "customer").column("country").sample_values == ["DE", "FR", "US"]

    _pg_run(engine, f"COMMENT ON COLUMN \"{s}\".line.qty IS 'Units'; INSERT INTO \"{s}\".region VALUES (3, 'Asia')")
    later = read_catalog(engine, dialect_name="postgresql", schemas=[s], previous=changed)
    diff = diff_catalog(changed, later)
    by_table = {c.table: c for c in diff.tables_changed}
    assert by_table["line"].columns_changed[0].fields == ("comment",)
    assert later.table(s, "line").column("qty").comment == "Units"
    assert later.table(s, "region").column("name").sample_values == ["Americas", "Asia", "Europe"]
    assert later.table(s, "region").row_estimate == 3


def test_postgres_values_from_complete_statistics(pg: tuple[sa.Engine, str]) -> None:
    """After ANALYZE has read every row, values come from pg_stats without sampling."""
    engine, s = pg
    _pg_setup(engine, s)
    _pg_run(engine, f'ANALYZE "{s}".customer; ANALYZE "{s}".region')
    no_sampling = SamplingOptions(budget_s=0.0)  # sampling queries stop at once
    snap = read_catalog(engine, dialect_name="postgresql", schemas=[s], options=no_sampling)
    customer = snap.table(s, "customer")
    assert customer.row_estimate == 300
    assert customer.column("country").sample_values == ["DE", "FR", "US"]
    assert customer.column("country").values_complete and customer.column("country").distinct_count == 3
    assert customer.column("status").sample_values == ["active"]
    name = customer.column("name")
    assert not name.values_complete and name.distinct_count == 300
    assert len(name.sample_values) == 5 and all(v.startswith("Customer ") for v in name.sample_values)
    # all-unique values have no most-common list, and views have no statistics: both sampled
    assert snap.table(s, "region").column("name").sample_values == []
    assert snap.table(s, "customer_region").column("region").sample_values == []
    # a write after ANALYZE makes the statistics stale: values are sampled again
    _pg_run(engine, f"INSERT INTO \"{s}\".region VALUES (3, 'Asia')")
    fresh = read_catalog(engine, dialect_name="postgresql", schemas=[s])
    assert fresh.table(s, "region").column("name").sample_values == ["Americas", "Asia", "Europe"]
    assert diff_catalog(fresh, read_catalog(engine, dialect_name="postgresql", schemas=[s])).is_empty


def test_postgres_default_schemas_exclude_system(pg: tuple[sa.Engine, str]) -> None:
    engine, s = pg
    _pg_setup(engine, s)
    snap = read_catalog(engine, dialect_name="postgresql", options=SamplingOptions(enabled=False))
    schemas = {t.schema for t in snap.tables}
    assert s in schemas
    assert not schemas & {"pg_catalog", "information_schema"}


# --------------------------------------------------------------------------- MariaDB / MySQL


@pytest.fixture
def my() -> Iterator[tuple[sa.Engine, str]]:
    engine = _server_engine(MY_URL, "MariaDB/MySQL")
    db = f"t_introspect_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{db}`")
    try:
        yield engine, db
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{db}`")
        engine.dispose()


def test_mysql_catalog_and_diff(my: tuple[sa.Engine, str]) -> None:
    engine, db = my
    with engine.begin() as conn:
        for stmt in (
            f"CREATE TABLE `{db}`.region (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL) COMMENT 'Sales regions'",
            f"""CREATE TABLE `{db}`.customer (
                  id INT PRIMARY KEY, name VARCHAR(40) COMMENT 'Full name', region_id INT,
                  country ENUM('DE','FR','US'), amount DECIMAL(10,2), notes TEXT,
                  FOREIGN KEY (region_id) REFERENCES `{db}`.region(id))""",
            f"CREATE TABLE `{db}`.line (order_id INT, line_no INT, PRIMARY KEY (order_id, line_no))",
            f"CREATE TABLE `{db}`.empty_one (id INT, label TEXT)",
            f"INSERT INTO `{db}`.region VALUES (1, 'Europe'), (2, 'Americas')",
            f"""INSERT INTO `{db}`.customer
                SELECT seq, CONCAT('Customer ', seq), 1 + MOD(seq, 2), ELT(1 + MOD(seq, 3), 'DE', 'FR', 'US'), seq * 1.5, 'x'
                FROM seq_1_to_300""",
            f"CREATE VIEW `{db}`.customer_region AS SELECT c.name, r.name AS region FROM `{db}`.customer c "
            f"JOIN `{db}`.region r ON r.id = c.region_id",
        ):
            conn.exec_driver_sql(stmt)
    snap = read_catalog(engine, dialect_name="mariadb", schemas=[db])
    assert [(t.name, t.kind) for t in snap.tables] == [
        ("customer", "table"),
        ("customer_region", "view"),
        ("empty_one", "table"),
        ("line", "table"),
        ("region", "table"),
    ]
    region = snap.table(db, "region")
    assert region.comment == "Sales regions" and region.row_estimate == 2
    assert snap.table(db, "customer_region").comment == ""
    customer = snap.table(db, "customer")
    assert customer.column("name").comment == "Full name"
    assert customer.column("name").type == "varchar(40)"
    assert customer.column("country").type == "enum('DE','FR','US')"
    assert customer.primary_key == ["id"]
    assert customer.foreign_keys == [ForeignKeySnap(("region_id",), db, "region", ("id",))]
    assert snap.table(db, "line").primary_key == ["order_id", "line_no"]
    assert customer.row_estimate == 300
    assert customer.column("country").sample_values == ["DE", "FR", "US"]
    assert customer.column("country").values_complete
    assert customer.column("name").distinct_count == 300 and len(customer.column("name").sample_values) == 5
    assert snap.table(db, "customer_region").column("region").values_complete
    assert snap.table(db, "empty_one").row_estimate == 0

    assert diff_catalog(snap, read_catalog(engine, dialect_name="mysql", schemas=[db], previous=snap)).is_empty
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE `{db}`.customer MODIFY amount DECIMAL(12,2)")
    diff = diff_catalog(snap, read_catalog(engine, dialect_name="mysql", schemas=[db], previous=snap))
    assert diff.counts()["tables_changed"] == 1 and diff.counts()["columns_changed"] == 1
    assert (diff.columns_changed[0].column, diff.columns_changed[0].fields) == ("amount", ("type",))
