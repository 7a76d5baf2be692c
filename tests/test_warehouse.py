"""Warehouse access layer: URLs for every type, read-only enforcement even without the
guard, time and row limits, and errors that never carry secrets. Real SQLite/DuckDB files,
real PostgreSQL and MariaDB (own schema / database, dropped afterwards)."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlalchemy as sa

from services.common.errors import (
    DomainError,
    InvalidArgument,
    QueryFailed,
    ResourceExhausted,
    Timeout,
    Unavailable,
)
from services.knowledge.warehouse import (
    CONNECTION_TYPES,
    ConnectionSpec,
    QueryResult,
    Warehouse,
    engine_options,
    sanitize_message,
    sqlalchemy_url,
    sqlglot_dialect,
)
from tests.test_guard_attacks import maria_connect, pg_connect, unreachable

# --------------------------------------------------------------------------- offline: URLs

URL_CASES = [
    (
        ConnectionSpec(
            "postgres",
            {"host": "db.example.com", "port": 5432, "database": "analytics", "username": "u",
             "password": "p@ss/w:rd", "ssh_config": {}},
        ),
        "postgresql+psycopg://u:p%40ss%2Fw%3Ard@db.example.com:5432/analytics",
    ),
    (
        ConnectionSpec("redshift", {"host": "r.example.com", "port": "5439", "database": "dev", "username": "u", "password": "pw"}),
        "redshift+psycopg2://u:pw@r.example.com:5439/dev",
    ),
    (
        ConnectionSpec(
            "snowflake",
            {"account": "acme-xy123", "username": "u", "password": "pw", "role": "ANALYST",
             "warehouse": "WH", "database": "DB", "schema": "PUBLIC"},
        ),
        "snowflake://u:pw@acme-xy123/DB/PUBLIC?role=ANALYST&warehouse=WH",
    ),
    (
        ConnectionSpec("mssql", {"server": "sql.example.com", "port": 1433, "database": "master", "username": "sa", "password": "pw"}),
        "mssql+pymssql://sa:pw@sql.example.com:1433/master",
    ),
    (
        ConnectionSpec(
            "bigquery",
            {"project_id": "my-project", "location": "EU", "datasets": ["ds"],
             "credentials_json": json.dumps({"type": "service_account", "private_key": "KEY-MATERIAL"})},
        ),
        "bigquery://my-project/ds?location=EU",
    ),
    (
        ConnectionSpec(
            "databricks",
            {"host": "adb-1.azuredatabricks.net", "http_path": "/sql/1.0/warehouses/abc",
             "token": "dapi123", "port": 443, "database": "main"},
        ),
        "databricks://token:dapi123@adb-1.azuredatabricks.net:443?catalog=main&http_path=%2Fsql%2F1.0%2Fwarehouses%2Fabc",
    ),
    (
        ConnectionSpec("mysql", {"host": "h", "port": 3306, "database": "db", "username": "u", "password": "pw"}),
        "mysql+pymysql://u:pw@h:3306/db?charset=utf8mb4",
    ),
    (ConnectionSpec("duckdb", {"database_location": "/data/w.duckdb"}), "duckdb:////data/w.duckdb"),
    (
        ConnectionSpec("sqlite", {"database_location": "/data/my w#1.db"}),
        "sqlite+pysqlite:///file%3A/data/my%2520w%25231.db?mode=ro&uri=true",
    ),
]


@pytest.mark.parametrize(("spec", "expected"), URL_CASES, ids=[c[0].type for c in URL_CASES])
def test_sqlalchemy_url(spec: ConnectionSpec, expected: str) -> None:
    url = sqlalchemy_url(spec)
    assert url.render_as_string(hide_password=False) == expected
    for secret in ("p@ss/w:rd", "dapi123", "pw"):
        assert f":{secret}@" not in str(url)  # str() hides the password


def test_every_type_has_a_url_case_and_dialect() -> None:
    assert {c[0].type for c in URL_CASES} == set(CONNECTION_TYPES)
    assert {t: sqlglot_dialect(t) for t in CONNECTION_TYPES} == {
        "postgres": "postgres", "redshift": "redshift", "snowflake": "snowflake", "mssql": "tsql",
        "bigquery": "bigquery", "databricks": "databricks", "mysql": "mysql", "duckdb": "duckdb",
        "sqlite": "sqlite",
    }
    assert sqlglot_dialect("MariaDB") == "mysql"


def test_sqlite_url_opens_read_only_file_uri() -> None:
    url = sqlalchemy_url(ConnectionSpec("sqlite", {"database_location": "/data/my w#1.db"}))
    assert url.database == "file:/data/my%20w%231.db"
    assert dict(url.query) == {"mode": "ro", "uri": "true"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (ConnectionSpec("postgres", {"host": "h", "username": "u"}), "'database'"),
        (ConnectionSpec("snowflake", {"username": "u"}), "'account'"),
        (ConnectionSpec("databricks", {"host": "h", "http_path": "/p"}), "'token'"),
        (ConnectionSpec("sqlite", {}), "'database_location'"),
        (ConnectionSpec("mysql", {"host": "h", "username": "u", "port": "abc"}), "port must be a number"),
        (ConnectionSpec("oracle", {"host": "h"}), "unsupported connection type"),
    ],
)
def test_invalid_specs(spec: ConnectionSpec, message: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        sqlalchemy_url(spec)
    assert message in str(err.value.detail)


def test_ssh_tunnel_is_refused_clearly() -> None:
    spec = ConnectionSpec("postgres", {"host": "h", "database": "d", "username": "u", "ssh_config": {"host": "bastion"}})
    with pytest.raises(Unavailable) as err:
        sqlalchemy_url(spec)
    assert "SSH tunnels" in str(err.value.detail)


def test_engine_options_carry_secrets_outside_the_url() -> None:
    info = {"type": "service_account", "project_id": "p", "private_key": "KEY-MATERIAL"}
    bq = engine_options(ConnectionSpec("bigquery", {"project_id": "p", "credentials_json": json.dumps(info)}))
    assert bq["credentials_info"] == info
    with pytest.raises(InvalidArgument):
        engine_options(ConnectionSpec("bigquery", {"project_id": "p", "credentials_json": "{not json"}))
    duck = engine_options(ConnectionSpec("duckdb", {"database_location": "x"}))
    assert duck["connect_args"]["read_only"] is True
    assert duck["connect_args"]["config"]["enable_external_access"] is False
    assert duck["connect_args"]["config"]["lock_configuration"] is True
    assert engine_options(ConnectionSpec("sqlite", {"database_location": "x"}))["poolclass"] is sa.pool.QueuePool
    pg = engine_options(ConnectionSpec("postgres", {"host": "h", "database": "d", "username": "u"}))
    assert "default_transaction_read_only=on" in pg["connect_args"]["options"]


def test_snowflake_private_key_is_converted_to_der() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"open-sesame"),
    ).decode()
    params = {"account": "a", "username": "u", "private_key": pem, "private_key_passphrase": "open-sesame"}
    der = engine_options(ConnectionSpec("snowflake", params))["connect_args"]["private_key"]
    loaded = serialization.load_der_private_key(der, password=None)
    assert loaded.private_numbers() == key.private_numbers()
    with pytest.raises(InvalidArgument) as err:
        engine_options(ConnectionSpec("snowflake", {**params, "private_key_passphrase": "wrong"}))
    assert "open-sesame" not in str(err.value.detail)


OPTIONAL_DRIVERS = [
    ("snowflake", "snowflake.sqlalchemy", {"account": "a", "username": "u", "password": "pw"}),
    ("bigquery", "sqlalchemy_bigquery", {"project_id": "p"}),
    ("databricks", "databricks.sqlalchemy", {"host": "h", "http_path": "/p", "token": "t0ken"}),
    ("mssql", "pymssql", {"server": "127.0.0.1", "port": 1, "database": "d", "username": "u", "password": "pw"}),
    ("redshift", "sqlalchemy_redshift", {"host": "127.0.0.1", "port": 1, "database": "d", "username": "u", "password": "pw"}),
]


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize(("kind", "module", "params"), OPTIONAL_DRIVERS, ids=[d[0] for d in OPTIONAL_DRIVERS])
async def test_missing_optional_driver_names_the_extra(kind: str, module: str, params: dict[str, Any]) -> None:
    if _installed(module):
        pytest.skip(f"{module} is installed here, so the missing-driver path cannot be shown")
    wh = Warehouse(ConnectionSpec(kind, params))
    with pytest.raises(Unavailable) as err:
        await wh.execute("SELECT 1")
    assert f"install dot-server[{kind}]" in str(err.value.detail)


def test_engine_is_lazy_and_per_instance(tmp_path: Path) -> None:
    path = _make_sqlite(tmp_path)
    a = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    b = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    assert a._engine is None and b._engine is None
    assert a.engine() is a.engine()
    assert a.engine() is not b.engine()
    a.dispose()
    assert a._engine is None
    b.dispose()


def test_sanitize_message_removes_secrets_and_boilerplate() -> None:
    text = (
        'connection to "h" failed for u:hunter2%21@h password=hunter2! '
        "\n[SQL: SELECT 1]\n(Background on this error at: https://sqlalche.me/e/21/e3q8)"
    )
    clean = sanitize_message(text, ["hunter2!"])
    assert "hunter2" not in clean
    assert "[SQL:" not in clean and "Background" not in clean
    assert clean.count("***") == 2


# --------------------------------------------------------------------------- SQLite


def _make_sqlite(directory: Path) -> Path:
    path = directory / "wh.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"row {i}") for i in range(1, 1001)])
    conn.commit()
    conn.close()
    return path


def _dir_state(directory: Path) -> tuple[Any, ...]:
    return tuple(
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(directory.iterdir()) if p.is_file()
    )


@pytest.fixture
def sqlite_wh(tmp_path: Path) -> Iterator[tuple[Warehouse, Path]]:
    path = _make_sqlite(tmp_path)
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    yield wh, tmp_path
    wh.dispose()


SQLITE_WRITES = [
    "INSERT INTO t VALUES (5000, 'x')",
    "UPDATE t SET s = 'pwned'",
    "DELETE FROM t",
    "DROP TABLE t",
    "CREATE TABLE pwn (x)",
    "CREATE TEMP TABLE pwn (x)",
    "ATTACH DATABASE '{dir}/pwn.db' AS pwn",
    "PRAGMA writable_schema = ON",
    "PRAGMA journal_mode = WAL",
    "VACUUM INTO '{dir}/copy.db'",
    "SELECT load_extension('{dir}/pwn.so')",
    "WITH x AS (SELECT 1) INSERT INTO t SELECT 6000, 'x' FROM x",
    "SELECT 1; DELETE FROM t",
]


@pytest.mark.parametrize("sql", SQLITE_WRITES)
async def test_sqlite_refuses_writes_without_the_guard(sqlite_wh: tuple[Warehouse, Path], sql: str) -> None:
    wh, directory = sqlite_wh
    before = _dir_state(directory)
    with pytest.raises(DomainError):
        await wh.execute(sql.format(dir=directory))
    assert _dir_state(directory) == before
    assert (await wh.execute("SELECT count(*) FROM t")).rows == [(1000,)]


async def test_sqlite_insert_error_is_query_failed_with_reason(sqlite_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = sqlite_wh
    with pytest.raises(QueryFailed) as err:
        await wh.execute("INSERT INTO t VALUES (5000, 'x')")
    assert "read-only" in str(err.value.detail) or "readonly" in str(err.value.detail)


async def test_sqlite_truncation_and_limits(sqlite_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = sqlite_wh
    ten = await wh.execute("SELECT id, s FROM t ORDER BY id", max_rows=10)
    assert ten == QueryResult(["id", "s"], [(i, f"row {i}") for i in range(1, 11)], True)
    exact = await wh.execute("SELECT id FROM t", max_rows=1000)
    assert len(exact.rows) == 1000 and not exact.truncated
    zero = await wh.execute("SELECT id FROM t", max_rows=0)
    assert zero.rows == [] and zero.truncated
    limited = await wh.execute("SELECT id FROM t ORDER BY id DESC LIMIT 3", max_rows=10)
    assert limited.rows == [(1000,), (999,), (998,)] and not limited.truncated
    with pytest.raises(InvalidArgument):
        await wh.execute("SELECT 1", max_rows=-1)


async def test_sqlite_timeout_holds_and_loop_stays_free(sqlite_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = sqlite_wh
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.monotonic()
        for _ in range(40):
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    started = time.monotonic()
    slow = wh.execute(
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
        timeout_s=0.6,
    )
    results = await asyncio.gather(slow, ticker(), return_exceptions=True)
    elapsed = time.monotonic() - started
    assert isinstance(results[0], Timeout), results[0]
    assert "0.6s" in str(results[0].detail)
    assert elapsed < 0.6 + 1.5, elapsed
    assert max(gaps) < 0.25, f"event loop was blocked for {max(gaps):.3f}s"
    assert (await wh.execute("SELECT count(*) FROM t")).rows == [(1000,)]


async def test_sqlite_errors(sqlite_wh: tuple[Warehouse, Path], tmp_path: Path) -> None:
    wh, _ = sqlite_wh
    with pytest.raises(QueryFailed) as err:
        await wh.execute("SELECT * FROM nope")
    assert "no such table: nope" in str(err.value.detail)
    missing = Warehouse(ConnectionSpec("sqlite", {"database_location": str(tmp_path / "missing.db")}))
    with pytest.raises(Unavailable) as unavailable:
        await missing.test()
    assert "missing.db" in str(unavailable.value.detail)
    assert not (tmp_path / "missing.db").exists()


async def test_sqlite_concurrent_queries(sqlite_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = sqlite_wh
    results = await asyncio.gather(*(wh.execute(f"SELECT s FROM t WHERE id = {i}") for i in range(1, 17)))
    assert [r.rows for r in results] == [[(f"row {i}",)] for i in range(1, 17)]
    await wh.test()


async def _assert_bytes_bounded(spec: ConnectionSpec, wide: str, source: str) -> None:
    """A row limit does not bound bytes: a value or a result over its budget stops the fetch."""
    wh = Warehouse(spec, max_concurrency=1, max_result_bytes=200_000, max_cell_bytes=50_000)
    try:
        with pytest.raises(ResourceExhausted) as err:
            await wh.execute(f"SELECT {wide.format(n=60_000)} AS w FROM {source}", max_rows=5)
        assert "result too large" in str(err.value.detail) and "'w'" in str(err.value.detail)
        with pytest.raises(ResourceExhausted) as err:  # each value fits, the sum does not
            await wh.execute(f"SELECT {wide.format(n=10_000)} AS w FROM {source}", max_rows=500)
        assert "result too large" in str(err.value.detail)
        # the (single) pooled connection is clean for the next statement
        fits = await wh.execute(f"SELECT {wide.format(n=10_000)} AS w FROM {source}", max_rows=15)
        assert len(fits.rows) == 15 and len(fits.rows[0][0]) == 10_000 and fits.truncated
    finally:
        wh.dispose()


async def test_sqlite_result_bytes_are_bounded(sqlite_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = sqlite_wh
    await _assert_bytes_bounded(wh.spec, "printf('%.*c', {n}, 'x')", "t")


# --------------------------------------------------------------------------- DuckDB


@pytest.fixture
def duck_wh(tmp_path: Path) -> Iterator[tuple[Warehouse, Path]]:
    path = tmp_path / "wh.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE t AS SELECT range AS id, 'row ' || range AS s FROM range(1, 1001)")
    conn.execute("CREATE SEQUENCE seq")
    conn.close()
    wh = Warehouse(ConnectionSpec("duckdb", {"database_location": str(path)}))
    yield wh, tmp_path
    wh.dispose()


DUCK_WRITES = [
    "INSERT INTO t VALUES (5000, 'x')",
    "UPDATE t SET s = 'pwned'",
    "DELETE FROM t",
    "DROP TABLE t",
    "CREATE TABLE pwn AS SELECT 1",
    "ATTACH '{dir}/pwn.duckdb' AS pwn",
    "COPY t TO '{dir}/dump.csv'",
    "EXPORT DATABASE '{dir}/export'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SELECT * FROM read_csv('/etc/hostname')",
    "SELECT nextval('seq')",
    "CHECKPOINT",
    "SELECT 1; DROP TABLE t",
]


@pytest.mark.parametrize("sql", DUCK_WRITES)
async def test_duckdb_refuses_writes_and_file_access_without_the_guard(
    duck_wh: tuple[Warehouse, Path], sql: str
) -> None:
    wh, directory = duck_wh
    before = _dir_state(directory)
    try:
        await wh.execute(sql.format(dir=directory))
    except DomainError:
        pass
    else:
        assert sql == "CHECKPOINT", f"{sql} should have failed"
    assert _dir_state(directory) == before
    assert (await wh.execute("SELECT count(*) FROM t")).rows == [(1000,)]


async def test_duckdb_timeout_and_truncation(duck_wh: tuple[Warehouse, Path]) -> None:
    wh, _ = duck_wh
    started = time.monotonic()
    with pytest.raises(Timeout):
        await wh.execute("SELECT count(*) FROM range(100000000) a, range(100000000) b", timeout_s=0.5)
    assert time.monotonic() - started < 2.0
    started = time.monotonic()
    result = await wh.execute("SELECT a.range AS a, b.range AS b FROM range(100000) a, range(100000) b", max_rows=5)
    assert result.truncated and len(result.rows) == 5
    assert time.monotonic() - started < 3.0
    with pytest.raises(QueryFailed) as err:
        await wh.execute("SELECT nope FROM t")
    assert "nope" in str(err.value.detail)


# --------------------------------------------------------------------------- PostgreSQL

PG_PASSWORD_PROBE = "hunter2-Secret!"


@pytest.fixture(scope="module")
def pg() -> Iterator[tuple[Warehouse, Any, str]]:
    try:
        conn, user = pg_connect()
    except Exception as err:  # noqa: BLE001
        unreachable("PostgreSQL at 127.0.0.1:5432", err)
    schema = f"dot_wh_{uuid.uuid4().hex[:10]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"CREATE TABLE {schema}.t (id int PRIMARY KEY, s text)")
    conn.execute(f"INSERT INTO {schema}.t SELECT g, 'row ' || g FROM generate_series(1, 1000) g")
    conn.execute(f"CREATE SEQUENCE {schema}.seq")
    conn.execute(
        f"CREATE FUNCTION {schema}.bump() RETURNS int LANGUAGE sql VOLATILE AS "
        f"$$ INSERT INTO {schema}.t VALUES (5000, 'pwned') RETURNING 1 $$"
    )
    wh = Warehouse(
        ConnectionSpec("postgres", {"host": "127.0.0.1", "port": 5432, "database": "test", "username": user, "password": ""})
    )
    try:
        yield wh, conn, schema
    finally:
        wh.dispose()
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


def _pg_state(conn: Any, schema: str) -> tuple[Any, ...]:
    tables = conn.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s ORDER BY 1",
        (schema,),
    ).fetchall()
    rows = conn.execute(
        f"SELECT md5(string_agg(t::text, '|' ORDER BY id)), count(*) FROM {schema}.t t"
    ).fetchone()
    seq = conn.execute(f"SELECT last_value, is_called FROM {schema}.seq").fetchone()
    return tuple(tables), rows, seq


PG_WRITES = [
    ("INSERT INTO {s}.t VALUES (5000, 'x')", ""),
    ("UPDATE {s}.t SET s = 'pwned'", ""),
    ("DELETE FROM {s}.t", ""),
    ("DROP TABLE {s}.t", ""),
    ("CREATE TABLE {s}.pwn (x int)", ""),
    ("SELECT {s}.bump()", "read-only transaction"),
    ("SELECT nextval('{s}.seq')", "read-only transaction"),
    ("WITH d AS (DELETE FROM {s}.t RETURNING *) SELECT * FROM d", ""),
    ("SELECT 1; DROP TABLE {s}.t", ""),
    ("COMMIT; DROP TABLE {s}.t", ""),
    ("SELECT * FROM {s}.t FOR UPDATE", "read-only transaction"),
    ("SELECT set_config('default_transaction_read_only', 'off', false), {s}.bump()", "read-only transaction"),
]


@pytest.mark.parametrize(("sql", "reason"), PG_WRITES)
async def test_postgres_refuses_writes_without_the_guard(pg: tuple[Warehouse, Any, str], sql: str, reason: str) -> None:
    wh, conn, schema = pg
    before = _pg_state(conn, schema)
    with pytest.raises(QueryFailed) as err:
        await wh.execute(sql.format(s=schema))
    assert reason in str(err.value.detail)
    assert _pg_state(conn, schema) == before


async def test_postgres_timeout_truncation_and_settings(pg: tuple[Warehouse, Any, str]) -> None:
    wh, _conn, schema = pg
    started = time.monotonic()
    with pytest.raises(Timeout):
        await wh.execute("SELECT pg_sleep(10)", timeout_s=0.5)
    assert time.monotonic() - started < 2.0
    with pytest.raises(Timeout):
        await wh.execute(
            "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b", timeout_s=0.5
        )
    started = time.monotonic()
    result = await wh.execute(
        "SELECT a, b FROM generate_series(1, 100000) a, generate_series(1, 100000) b", max_rows=7
    )
    assert result.truncated and len(result.rows) == 7
    assert time.monotonic() - started < 3.0
    settings = await wh.execute(
        "SELECT current_setting('transaction_read_only'), current_setting('standard_conforming_strings'), "
        "'a%b' AS p, '10:30' AS t"
    )
    assert settings.rows == [("on", "on", "a%b", "10:30")]
    rows = await wh.execute(f"SELECT id, s FROM {schema}.t ORDER BY id", max_rows=3)
    assert rows == QueryResult(["id", "s"], [(1, "row 1"), (2, "row 2"), (3, "row 3")], True)
    with pytest.raises(QueryFailed) as err:
        await wh.execute(f"SELECT nope FROM {schema}.t")
    assert 'column "nope" does not exist' in str(err.value.detail)


async def test_postgres_result_bytes_are_bounded(pg: tuple[Warehouse, Any, str]) -> None:
    wh, _, schema = pg
    await _assert_bytes_bounded(wh.spec, "repeat('x', {n})", f"{schema}.t a, {schema}.t b")


async def test_postgres_connection_errors_hide_the_password() -> None:
    refused = Warehouse(
        ConnectionSpec("postgres", {"host": "127.0.0.1", "port": 1, "database": "test", "username": "root", "password": PG_PASSWORD_PROBE})
    )
    with pytest.raises(Unavailable) as err:
        await refused.test()
    detail = str(err.value.detail)
    assert "127.0.0.1:1" in detail and "refused" in detail.lower()
    assert PG_PASSWORD_PROBE not in detail and "hunter2" not in detail
    try:
        pg_connect()[0].close()
    except Exception as exc:  # noqa: BLE001
        unreachable("PostgreSQL at 127.0.0.1:5432", exc)
    missing_db = Warehouse(
        ConnectionSpec(
            "postgres",
            {"host": "127.0.0.1", "port": 5432, "database": f"nope_{uuid.uuid4().hex[:6]}", "username": "root", "password": PG_PASSWORD_PROBE},
        )
    )
    with pytest.raises(Unavailable) as err:
        await missing_db.test()
    assert "does not exist" in str(err.value.detail)
    assert "hunter2" not in str(err.value.detail)


# --------------------------------------------------------------------------- MariaDB


@pytest.fixture(scope="module")
def maria() -> Iterator[tuple[Warehouse, str]]:
    try:
        admin = maria_connect()
    except Exception as err:  # noqa: BLE001
        unreachable("MariaDB at 127.0.0.1:3306", err)
    database = f"dot_wh_{uuid.uuid4().hex[:10]}"
    cur = admin.cursor()
    cur.execute(f"CREATE DATABASE `{database}`")
    cur.execute(f"CREATE TABLE `{database}`.t (id INT PRIMARY KEY, s VARCHAR(32))")
    cur.executemany(f"INSERT INTO `{database}`.t VALUES (%s, %s)", [(i, f"row {i}") for i in range(1, 1001)])
    wh = Warehouse(
        ConnectionSpec("mysql", {"host": "127.0.0.1", "port": 3306, "database": database, "username": "root", "password": ""})
    )
    try:
        yield wh, database
    finally:
        wh.dispose()
        cur.execute(f"DROP DATABASE IF EXISTS `{database}`")
        admin.close()


def _maria_state(database: str) -> tuple[Any, ...]:
    conn = maria_connect(database)
    try:
        cur = conn.cursor()
        cur.execute("SHOW FULL TABLES")
        tables = tuple(sorted(cur.fetchall()))
        cur.execute("SELECT * FROM t ORDER BY id")
        digest = hashlib.sha256(repr(cur.fetchall()).encode()).hexdigest()
        return tables, digest
    finally:
        conn.close()


MARIA_WRITES = [
    ("INSERT INTO t VALUES (5000, 'x')", "READ ONLY"),
    ("UPDATE t SET s = 'pwned'", "READ ONLY"),
    ("DELETE FROM t", "READ ONLY"),
    ("DROP TABLE t", "READ ONLY"),
    ("CREATE TABLE pwn (x INT)", "READ ONLY"),
    ("CREATE TEMPORARY TABLE pwn (x INT)", "READ ONLY"),
    ("TRUNCATE TABLE t", "READ ONLY"),
    ("RENAME TABLE t TO t2", "READ ONLY"),
    ("SELECT 1; DROP TABLE t", "syntax"),
    ("/*!50000 DROP TABLE t */", "READ ONLY"),
]


@pytest.mark.parametrize(("sql", "reason"), MARIA_WRITES)
async def test_mariadb_refuses_writes_without_the_guard(maria: tuple[Warehouse, str], sql: str, reason: str) -> None:
    wh, database = maria
    before = _maria_state(database)
    with pytest.raises(DomainError) as err:
        await wh.execute(sql)
    assert reason in str(err.value.detail)
    assert _maria_state(database) == before


async def test_mariadb_timeout_truncation_and_errors(maria: tuple[Warehouse, str]) -> None:
    wh, _database = maria
    started = time.monotonic()
    with pytest.raises(Timeout):
        await wh.execute("SELECT sleep(10)", timeout_s=0.5)
    assert time.monotonic() - started < 2.0
    with pytest.raises(Timeout):
        await wh.execute("SELECT count(*) FROM t a, t b, t c, t d", timeout_s=0.5)
    started = time.monotonic()
    result = await wh.execute("SELECT a.id, b.id FROM t a, t b, t c", max_rows=4)
    assert result.truncated and len(result.rows) == 4
    assert time.monotonic() - started < 3.0
    ok = await wh.execute("SELECT id, s, 'a%b' AS p FROM t ORDER BY id", max_rows=2)
    assert ok == QueryResult(["id", "s", "p"], [(1, "row 1", "a%b"), (2, "row 2", "a%b")], True)
    with pytest.raises(QueryFailed) as err:
        await wh.execute("SELECT nope FROM t")
    assert "Unknown column 'nope'" in str(err.value.detail)


async def test_mariadb_result_bytes_are_bounded(maria: tuple[Warehouse, str]) -> None:
    wh, _ = maria
    await _assert_bytes_bounded(wh.spec, "repeat('x', {n})", "t a, t b")


async def test_mariadb_connection_refused_hides_the_password() -> None:
    wh = Warehouse(
        ConnectionSpec("mysql", {"host": "127.0.0.1", "port": 1, "database": "test", "username": "root", "password": PG_PASSWORD_PROBE})
    )
    with pytest.raises(Unavailable) as err:
        await wh.test()
    detail = str(err.value.detail)
    assert "127.0.0.1:1" in detail
    assert "hunter2" not in detail



async def test_redshift_session_is_read_only_on_a_postgres_wire(pg: tuple[Warehouse, Any, str]) -> None:
    """Redshift has no server here; its session logic is exercised on PostgreSQL through a plain
    engine (no default_transaction_read_only), so read-only comes only from the session."""
    from services.knowledge.drivers.redshift import RedshiftSession

    wh, conn, schema = pg
    engine = sa.create_engine(sqlalchemy_url(wh.spec), poolclass=sa.pool.NullPool)

    def run() -> tuple[Any, str]:
        with engine.connect() as c:
            session = RedshiftSession(wh, c)
            session.begin(2.5)
            settings = c.exec_driver_sql(
                "SELECT current_setting('transaction_read_only'), current_setting('statement_timeout')"
            ).fetchone()
            try:
                c.exec_driver_sql(f"INSERT INTO {schema}.t VALUES (7000, 'x')")
                error = ""
            except sa.exc.DBAPIError as exc:
                error = str(exc.orig)
            session.end()
            return settings, error

    before = _pg_state(conn, schema)
    try:
        settings, error = await asyncio.to_thread(run)
    finally:
        engine.dispose()
    assert settings == ("on", "2500ms")
    assert "read-only transaction" in error
    assert _pg_state(conn, schema) == before


def test_watchdog_clock_fires_due_statements_only() -> None:
    """One watchdog thread per warehouse: a statement that ends in time is never cancelled, one
    past its deadline is, even when it was added after a later deadline."""
    import time as _time

    from services.knowledge.warehouse import _Deadlines, _Watchdog

    clock = _Deadlines()
    cancelled: list[str] = []
    with _Watchdog(30.0, lambda: cancelled.append("slow"), clock) as slow:
        with _Watchdog(0.05, lambda: cancelled.append("late"), clock) as late:
            _time.sleep(0.3)
        with _Watchdog(30.0, lambda: cancelled.append("quick"), clock) as quick:
            pass
    assert cancelled == ["late"]
    assert late.fired.is_set() and not slow.fired.is_set() and not quick.fired.is_set()
