"""Attack suite for the guarded query path, run against real warehouses.

Every case goes through ``guard_sql`` (and, when the guard lets it through, through
``Warehouse.execute``) against a SQLite file, a DuckDB file, and PostgreSQL / MariaDB when
reachable. Each case asserts the refusal reason (or the exact permitted rows, or the time /
row limit) AND that the warehouse is unchanged afterwards: a hash of the database file and
its directory for SQLite/DuckDB, and for PostgreSQL/MariaDB the list of tables, routines and
a checksum of every table's contents.

Write-type cases also run the raw SQL straight through ``Warehouse.execute`` (the "second
wall"): even with the guard bypassed, the read-only connection must refuse and nothing may
change.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from services.common.errors import DomainError, QueryRefused, Timeout
from services.knowledge.guard import GuardedQuery, Principal, TableAccess, guard_sql
from services.knowledge.warehouse import ConnectionSpec, Warehouse

# --------------------------------------------------------------------------- shared data

ALICE = Principal("alice@example.com", ("DE", "all_users"), "user")
BOB = Principal("bob@example.com", ("US", "FR", "all_users"), "user")
MALLORY = Principal("mallory@example.com", ("x' OR '1'='1", "all_users"), "user")
BACKSLASH = Principal("bs@example.com", ("a\\' OR 1=1 -- ", "all_users"), "user")
EVE = Principal("eve@example.com", ("marketing",), "user")

ORDERS = [
    (1, "DE", 100, 1),
    (2, "DE", 200, 2),
    (3, "FR", 300, 1),
    (4, "US", 400, 3),
    (5, "US", 500, 3),
    (6, "x' OR '1'='1", 600, 2),
    (7, "a\\' OR 1=1 -- ", 700, 1),
]
CUSTOMERS = [(1, "Ann"), (2, "Ben"), (3, "Cid")]
PAYROLL = [(1, "Ann", 9000), (2, "Ben", 8000)]
REGIONS = [("DE", "Germany"), ("FR", "France"), ("US", "United States")]
CAMEL = [(1, "DE"), (2, "US")]
NUMBERS = [(n,) for n in range(1, 2001)]

TABLE_DDL = {
    "orders": "(id INTEGER PRIMARY KEY, country_code VARCHAR(64), amount INTEGER, customer_id INTEGER)",
    "customers": "(id INTEGER PRIMARY KEY, name VARCHAR(64))",
    "payroll": "(id INTEGER PRIMARY KEY, employee VARCHAR(64), salary INTEGER)",
    "regions": "(code VARCHAR(64), label VARCHAR(64))",
    "CamelCase": "(id INTEGER, owner VARCHAR(64))",
    "numbers": "(n INTEGER)",
}
TABLE_ROWS: dict[str, list[tuple[Any, ...]]] = {
    "orders": ORDERS,
    "customers": CUSTOMERS,
    "payroll": PAYROLL,
    "regions": REGIONS,
    "CamelCase": CAMEL,
    "numbers": NUMBERS,
}
ACCESS = {
    "orders": ({"all_users"}, "WHERE country_code IN (${all_groupnames})"),
    "customers": ({"all_users"}, None),
    "payroll": ({"hr"}, None),
    "regions": ({"all_users"}, "WHERE '${groupname}' = code"),
    "CamelCase": ({"all_users"}, "owner = ${groupname}"),
    "numbers": ({"all_users"}, None),
}


def make_catalog(prefix: str) -> dict[str, TableAccess]:
    """Catalog entries as a sync would store them (``prefix`` is 'main.', 'schema.' or '')."""
    return {
        f"{prefix}{name}": TableAccess(f"{prefix}{name}", frozenset(groups), row_filter)
        for name, (groups, row_filter) in ACCESS.items()
    }


def unreachable(what: str, err: BaseException) -> None:
    """CI must fail loudly when a server is missing; locally we skip with the reason."""
    message = f"{what} is not reachable: {err}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    dialect: str
    warehouse: Warehouse
    catalog: dict[str, TableAccess]
    default_schema: str | None
    snapshot: Callable[[], Any]
    fmt: dict[str, str] = field(default_factory=dict)

    def catalog_name(self, table: str) -> str:
        return next(k for k in self.catalog if k.split(".")[-1] == table)

    def guard(self, sql: str, principal: Principal) -> GuardedQuery:
        return guard_sql(
            sql,
            dialect=self.dialect,
            tables=self.catalog,
            principal=principal,
            default_schema=self.default_schema,
        )


def _file_snapshot(directory: Path, db_file: Path) -> Callable[[], Any]:
    def snap() -> tuple[str, list[str]]:
        return hashlib.sha256(db_file.read_bytes()).hexdigest(), sorted(os.listdir(directory))

    return snap


def _seed_dbapi(conn: Any, prefix: str, quote: str, marker: str) -> None:
    cur = conn.cursor()
    for name, ddl in TABLE_DDL.items():
        cur.execute(f"CREATE TABLE {prefix}{quote}{name}{quote} {ddl}")
        rows = TABLE_ROWS[name]
        marks = ", ".join([marker] * len(rows[0]))
        cur.executemany(f"INSERT INTO {prefix}{quote}{name}{quote} VALUES ({marks})", rows)


@pytest.fixture(scope="module")
def sqlite_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    directory = tmp_path_factory.mktemp("sqlite_attacks")
    path = directory / "warehouse.db"
    conn = sqlite3.connect(path)
    _seed_dbapi(conn, "", '"', "?")
    conn.commit()
    conn.close()
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    fmt = {"s": "", "sq": "main.", "Q": '"', "tmp": str(directory)}
    yield Target("sqlite", "sqlite", wh, make_catalog("main."), None, _file_snapshot(directory, path), fmt)
    wh.dispose()


@pytest.fixture(scope="module")
def duckdb_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    directory = tmp_path_factory.mktemp("duckdb_attacks")
    path = directory / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    _seed_dbapi(conn, "", '"', "?")
    conn.close()
    wh = Warehouse(ConnectionSpec("duckdb", {"database_location": str(path)}))
    fmt = {"s": "", "sq": "main.", "Q": '"', "tmp": str(directory)}
    yield Target("duckdb", "duckdb", wh, make_catalog("main."), None, _file_snapshot(directory, path), fmt)
    wh.dispose()


def pg_connect() -> tuple[Any, str]:
    import psycopg

    last: BaseException | None = None
    for user in ("root", "postgres"):
        try:
            conn = psycopg.connect(
                host="127.0.0.1", port=5432, dbname="test", user=user, autocommit=True, connect_timeout=3
            )
            return conn, user
        except Exception as err:  # noqa: BLE001 - try the next user
            last = err
    raise ConnectionError(str(last))


def _pg_snapshot(conn: Any, schema: str) -> Callable[[], Any]:
    def snap() -> tuple[Any, ...]:
        rels = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s ORDER BY 1, 2",
            (schema,),
        ).fetchall()
        procs = conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s ORDER BY 1",
            (schema,),
        ).fetchall()
        sums = []
        for name, kind in rels:
            if kind == "r":
                sums.append(
                    conn.execute(
                        f'SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                        f'FROM "{schema}"."{name}" t'
                    ).fetchone()
                )
        los = conn.execute("SELECT count(*) FROM pg_largeobject_metadata").fetchone()
        return tuple(rels), tuple(procs), tuple(sums), los

    return snap


@pytest.fixture(scope="module")
def postgres_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    try:
        conn, user = pg_connect()
    except Exception as err:  # noqa: BLE001
        unreachable("PostgreSQL at 127.0.0.1:5432", err)
    schema = f"dot_guard_{uuid.uuid4().hex[:10]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    try:
        _seed_dbapi(conn, f"{schema}.", '"', "%s")
        wh = Warehouse(
            ConnectionSpec(
                "postgres",
                {"host": "127.0.0.1", "port": 5432, "database": "test", "username": user, "password": ""},
            )
        )
        directory = tmp_path_factory.mktemp("pg_attacks")
        fmt = {"s": f"{schema}.", "sq": f"{schema}.", "Q": '"', "tmp": str(directory)}
        yield Target(
            "postgres", "postgres", wh, make_catalog(f"{schema}."), schema, _pg_snapshot(conn, schema), fmt
        )
        wh.dispose()
    finally:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


def maria_connect(database: str | None = None) -> Any:
    import pymysql

    return pymysql.connect(
        host="127.0.0.1", port=3306, user="root", password="", database=database,
        autocommit=True, connect_timeout=3,
    )


def _maria_snapshot(database: str) -> Callable[[], Any]:
    def snap() -> tuple[Any, ...]:
        conn = maria_connect(database)
        try:
            cur = conn.cursor()
            cur.execute(f"SHOW FULL TABLES FROM `{database}`")
            tables = tuple(sorted(cur.fetchall()))
            cur.execute(
                "SELECT routine_name FROM information_schema.routines WHERE routine_schema = %s",
                (database,),
            )
            routines = tuple(sorted(cur.fetchall()))
            digests = []
            for name, _kind in tables:
                cur.execute(f"SELECT * FROM `{database}`.`{name}`")
                rows = sorted(repr(r) for r in cur.fetchall())
                digests.append(hashlib.sha256("|".join(rows).encode()).hexdigest())
            return tables, routines, tuple(digests)
        finally:
            conn.close()

    return snap


@pytest.fixture(scope="module")
def mariadb_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    try:
        admin = maria_connect()
    except Exception as err:  # noqa: BLE001
        unreachable("MariaDB at 127.0.0.1:3306", err)
    database = f"dot_guard_{uuid.uuid4().hex[:10]}"
    admin.cursor().execute(f"CREATE DATABASE `{database}`")
    try:
        conn = maria_connect(database)
        _seed_dbapi(conn, "", "`", "%s")
        conn.close()
        wh = Warehouse(
            ConnectionSpec(
                "mysql",
                {"host": "127.0.0.1", "port": 3306, "database": database, "username": "root", "password": ""},
            )
        )
        directory = tmp_path_factory.mktemp("maria_attacks")
        fmt = {"s": "", "sq": f"{database}.", "Q": "`", "tmp": str(directory)}
        # a sync stores MySQL tables without schema; the connection's database is the default
        yield Target("mariadb", "mysql", wh, make_catalog(""), database, _maria_snapshot(database), fmt)
        wh.dispose()
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS `{database}`")
        admin.close()


# --------------------------------------------------------------------------- cases

ALL = frozenset({"sqlite", "duckdb", "postgres", "mariadb"})
PARSE = "could not parse"


@dataclass(frozen=True)
class Case:
    id: str
    sql: str
    kind: str = "refuse"  # refuse | rows | timeout | truncate
    expect: str | tuple[str, ...] = ""
    only: frozenset[str] = ALL
    principal: Principal = ALICE
    wall: bool = False  # also run the raw SQL through Warehouse.execute
    rows: frozenset[Any] | None = None
    per_target: tuple[tuple[str, str | tuple[str, ...]], ...] = ()

    def expected(self, target: str) -> tuple[str, ...]:
        value = dict(self.per_target).get(target, self.expect)
        return value if isinstance(value, tuple) else (value,)


def W(id: str, sql: str, expect: str | tuple[str, ...], **kw: Any) -> Case:
    """A write / statement-type attack: refused, and the raw SQL must fail on the warehouse."""
    return Case(id, sql, "refuse", expect, wall=True, **kw)


def R(id: str, sql: str, expect: str | tuple[str, ...], **kw: Any) -> Case:
    return Case(id, sql, "refuse", expect, **kw)


def ROWS(id: str, sql: str, rows: set[Any], **kw: Any) -> Case:
    return Case(id, sql, "rows", rows=frozenset(rows), **kw)


NOT_SELECT = "only read-only SELECT queries are allowed"
MULTI = "multiple statements are not allowed"
COMMENT = "comment"
NO_GROUP = "is not in the catalog of this connection or not shared with your groups"
SYSTEM = "system table"

CASES: list[Case] = [
    # --- DDL / DML in every spelling ---------------------------------------------------
    W("ddl-drop", "DROP TABLE {s}orders", "(got DROP)"),
    W("ddl-drop-lower", "drop table {s}orders", "(got DROP)"),
    W("ddl-drop-mixed", "DrOp TaBlE {s}orders", "(got DROP)"),
    W("ddl-drop-comment-in-keyword", "DROP/**/TABLE/**/{s}orders", "(got DROP)"),
    W("ddl-drop-nbsp", "DROP\u00a0TABLE\u00a0{s}orders", "(got DROP)"),
    W("ddl-drop-zero-width", "DR\u200bOP TABLE {s}orders", "invisible control character U+200B"),
    W("ddl-drop-if-exists-cascade", "DROP TABLE IF EXISTS {s}payroll CASCADE", ("(got DROP)", PARSE)),
    W("dml-delete", "DELETE FROM {s}orders", "(got DELETE)"),
    W("dml-delete-lower-where", "delete from {s}orders where 1=1", "(got DELETE)"),
    W("dml-update", "UPDATE {s}orders SET amount = 0", "(got UPDATE)"),
    W("dml-update-mixed", "uPdAtE {s}orders sEt amount = amount * 2 wHeRe id > 0", "(got UPDATE)"),
    W("dml-insert", "INSERT INTO {s}orders VALUES (99, 'DE', 1, 1)", "(got INSERT)"),
    W("dml-insert-select", "insert into {s}orders select id + 100, country_code, amount, customer_id from {s}orders", "(got INSERT)"),
    W("dml-replace", "REPLACE INTO {s}orders VALUES (1, 'US', 1, 1)", ("(got REPLACE)", PARSE)),
    W("dml-merge", "MERGE INTO {s}orders o USING {s}customers c ON o.id = c.id WHEN MATCHED THEN DELETE", "(got MERGE)"),
    W("ddl-truncate", "TRUNCATE TABLE {s}orders", "(got TRUNCATE"),
    W("ddl-alter", "ALTER TABLE {s}orders ADD COLUMN pwn INTEGER", "(got ALTER)"),
    W("ddl-create", "CREATE TABLE {s}pwn (x INTEGER)", "(got CREATE)"),
    W("ddl-create-as", "CREATE TABLE {s}pwn AS SELECT * FROM {s}payroll", "(got CREATE)"),
    W("ddl-create-view", "CREATE VIEW {s}pwn AS SELECT * FROM {s}payroll", "(got CREATE)"),
    W("ddl-create-index", "CREATE INDEX pwn_idx ON {s}orders (amount)", "(got CREATE)"),
    W("ddl-grant", "GRANT SELECT ON {s}payroll TO PUBLIC", ("(got GRANT)", PARSE)),
    W("cte-delete", "WITH d AS (DELETE FROM {s}orders RETURNING *) SELECT * FROM d", "DELETE statement inside the query"),
    W("select-into", "SELECT * INTO {s}pwn FROM {s}orders", "SELECT ... INTO is not allowed"),
    W("into-outfile", "SELECT * FROM {s}orders INTO OUTFILE '{tmp}/pwn.csv'", PARSE),
    W("into-dumpfile", "SELECT 1 UNION SELECT 2 INTO DUMPFILE '{tmp}/pwn.bin'", PARSE),
    W("for-update", "SELECT * FROM {s}orders FOR UPDATE", "locking clauses"),
    W("lock-share-mode", "SELECT * FROM {s}orders LOCK IN SHARE MODE", "locking clauses", only=frozenset({"mariadb"})),
    # --- stacked statements and comments hiding statements -------------------------------
    W("stacked", "SELECT 1; DROP TABLE {s}orders", MULTI),
    W("stacked-no-space-trailing-comment", "SELECT 1;DROP TABLE {s}orders;--", MULTI),
    W("stacked-after-line-comment", "select 1 -- harmless\n; delete from {s}orders", MULTI),
    W("stacked-unicode-line-separator", "SELECT\u20281;\u2028DROP TABLE {s}orders", MULTI),
    W("stacked-two-selects", "SELECT * FROM {s}orders; SELECT * FROM {s}payroll", MULTI),
    W("stacked-transaction", "BEGIN; DELETE FROM {s}orders; COMMIT", MULTI),
    W("comment-prefix-delete", "/* just a report */ DELETE FROM {s}orders", "(got DELETE)"),
    R("comment-block-hides-drop", "SELECT 1 /* ; DROP TABLE orders */", COMMENT),
    R("comment-line-hides-delete", "SELECT 1 -- ; DELETE FROM orders", COMMENT),
    R("comment-hash-hides-drop", "SELECT 1 # ; DROP TABLE orders", COMMENT, only=frozenset({"mariadb"})),
    W("mysql-exec-comment-drop", "/*!50000 DROP TABLE {s}orders */ SELECT 1", "executable comments"),
    W("mysql-exec-comment-stacked", "SELECT 1 /*!50000 ; DROP TABLE {s}orders */", "executable comments"),
    R("mariadb-exec-comment-sleep", "SELECT /*M! 100000 sleep(5), */ 1", "executable comments"),
    R("pg-nested-comment", "SELECT 1 /* /* */ ; DROP TABLE orders; */", COMMENT, only=frozenset({"postgres"})),
    # --- ATTACH / PRAGMA / COPY / LOAD / INSTALL / SET / CALL / EXPLAIN ------------------
    W("attach-sqlite", "ATTACH DATABASE '{tmp}/pwn.db' AS pwn", "(got ATTACH)", only=frozenset({"sqlite", "duckdb"})),
    W("attach-duckdb", "ATTACH '{tmp}/pwn.duckdb' AS pwn", "(got ATTACH)", only=frozenset({"sqlite", "duckdb"})),
    W("detach", "DETACH DATABASE main", "(got DETACH)", only=frozenset({"sqlite", "duckdb"})),
    W("pragma-writable-schema", "PRAGMA writable_schema = ON", ("(got PRAGMA)", PARSE)),
    W("pragma-table-info", "PRAGMA table_info(payroll)", "(got PRAGMA)"),
    W("copy-to-file", "COPY {s}orders TO '{tmp}/pwn.csv'", "(got COPY)"),
    W("copy-from-file", "COPY {s}orders FROM '/etc/hostname'", "(got COPY)"),
    R("copy-from-program", "COPY orders FROM PROGRAM 'id'", "(got COPY)", only=frozenset({"postgres"})),
    W("load-extension-stmt", "LOAD httpfs", "(got LOAD)"),
    W("install-extension", "INSTALL httpfs", ("(got INSTALL)", "(INSTALL AS httpfs)")),
    W("set-variable", "SET search_path = pwn", "(got SET)"),
    W("call-procedure", "CALL pwn()", "(got CALL)"),
    W("explain-analyze-delete", "EXPLAIN ANALYZE DELETE FROM {s}orders", ("(got EXPLAIN)", "(got DESCRIBE)")),
    W("vacuum", "VACUUM", "(got VACUUM)"),
    W("prepare", "PREPARE s FROM 'DROP TABLE orders'", "(got PREPARE)"),
    W("execute-immediate", "EXECUTE IMMEDIATE 'DROP TABLE orders'", "(got EXECUTE)"),
    W("do-block", "DO $$ BEGIN DELETE FROM orders; END $$", "(got DO)", only=frozenset({"postgres"})),
    W("load-data-infile", "LOAD DATA INFILE '/etc/hostname' INTO TABLE {s}orders", PARSE, only=frozenset({"mariadb"})),
    W("handler", "HANDLER {s}orders OPEN", PARSE, only=frozenset({"mariadb"})),
    W("set-config-fn", "SELECT set_config('default_transaction_read_only', 'off', false)", "function set_config()", only=frozenset({"postgres"})),
    # --- file, network and side-effect functions ---------------------------------------
    R("pg-read-file", "SELECT pg_read_file('/etc/passwd')", "function pg_read_file()"),
    R("pg-read-file-qualified", "SELECT pg_catalog.pg_read_file('/etc/passwd')", "function pg_read_file()"),
    R("pg-read-file-quoted", 'SELECT "pg_read_file"(\'/etc/passwd\')', "function pg_read_file()", only=frozenset({"postgres", "sqlite", "duckdb"})),
    R("pg-read-file-nested", "SELECT id FROM orders WHERE amount > (SELECT length(pg_read_binary_file('/etc/passwd')))", "function pg_read_binary_file()"),
    R("pg-ls-dir", "SELECT * FROM pg_ls_dir('.')", "pg_ls_dir()"),
    R("lo-import", "SELECT lo_import('/etc/passwd')", "function lo_import()"),
    R("lo-export", "SELECT lo_export(1, '{tmp}/pwn')", "function lo_export()"),
    R("dblink", "SELECT * FROM dblink('host=127.0.0.1', 'select 1') AS t(a int)", "dblink()", only=frozenset({"postgres"})),
    R("dblink-exec", "SELECT dblink_exec('host=127.0.0.1', 'drop table orders')", "function dblink_exec()"),
    R("query-to-xml", "SELECT query_to_xml('select * from payroll', true, true, '')", "function query_to_xml()"),
    R("table-to-xml", "SELECT table_to_xml('payroll', true, true, '')", "function table_to_xml()"),
    R("load-file", "SELECT load_file('/etc/passwd')", "function load_file()"),
    R("load-extension-fn", "SELECT load_extension('{tmp}/pwn.so')", "function load_extension()"),
    R("readfile", "SELECT readfile('/etc/passwd')", "function readfile()"),
    R("writefile", "SELECT writefile('{tmp}/pwn.txt', 'x')", "function writefile()"),
    R("read-csv", "SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    R("read-csv-auto", "SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto()"),
    R("read-parquet", "SELECT * FROM read_parquet('{tmp}/x.parquet')", "read_parquet"),
    R("read-json-http", "SELECT * FROM read_json_auto('http://127.0.0.1:9/x.json')", "read_json_auto()"),
    R("read-text", "SELECT * FROM read_text('/etc/passwd')", "read_text()"),
    R("read-blob-scalar", "SELECT (SELECT content FROM read_blob('/etc/passwd'))", "read_blob()"),
    R("glob", "SELECT * FROM glob('/etc/*')", "glob()", only=frozenset({"duckdb"})),
    R("file-as-table", "SELECT * FROM '/etc/passwd'", "is not in the catalog"),
    R("url-as-table", "SELECT * FROM 'https://example.com/x.csv'", "is not in the catalog"),
    R("sqlite-scan", "SELECT * FROM sqlite_scan('{tmp}/x.db', 't')", "sqlite_scan()"),
    R("duckdb-query", "SELECT * FROM query('SELECT * FROM payroll')", "query()"),
    R("duckdb-query-table", "SELECT * FROM query_table('payroll')", "query_table()"),
    R("current-setting", "SELECT current_setting('data_directory')", "function current_setting()"),
    R("getenv", "SELECT getenv('HOME')", "function getenv()"),
    R("pragma-table-fn", "SELECT * FROM pragma_table_info('payroll')", "pragma_table_info()"),
    R("duckdb-settings-fn", "SELECT * FROM duckdb_settings()", "duckdb_settings()"),
    R("nextval", "SELECT nextval('orders_id_seq')", "function nextval()"),
    R("terminate-backend", "SELECT pg_terminate_backend(pg_backend_pid())", "function pg_terminate_backend()"),
    R("txid", "SELECT txid_current()", "function txid_current()"),
    R("get-lock", "SELECT get_lock('pwn', 10)", "function get_lock()"),
    R("benchmark", "SELECT benchmark(100000000, md5('x'))", "function benchmark()"),
    R("xp-cmdshell", "SELECT xp_cmdshell('dir')", "function xp_cmdshell()"),
    R("user-variable-assign", "SELECT @pwn := 1", "session variables", only=frozenset({"mariadb", "sqlite", "postgres"})),
    R("system-variable", "SELECT @@datadir", "session variables", only=frozenset({"mariadb", "sqlite"})),
    R("bind-parameter", "SELECT * FROM orders WHERE id = ?", "bind parameters"),
    R("qualified-udf", "SELECT pwn_schema.pwn_fn()", "schema-qualified function call"),
    R("denied-fn-in-where", "SELECT id FROM orders WHERE pg_sleep(1) IS NULL", "function pg_sleep()"),
    # --- system tables ---------------------------------------------------------------------
    R("information-schema", "SELECT * FROM information_schema.tables", SYSTEM),
    R("pg-authid", "SELECT * FROM pg_catalog.pg_authid", SYSTEM),
    R("pg-stat-activity", "SELECT * FROM pg_stat_activity", SYSTEM),
    R("sqlite-master", "SELECT * FROM sqlite_master", SYSTEM),
    R("sqlite-schema-qualified", "SELECT * FROM main.sqlite_schema", SYSTEM),
    R("mysql-user", "SELECT * FROM mysql.user", SYSTEM),
    R("performance-schema", "SELECT * FROM performance_schema.threads", SYSTEM),
    R("duckdb-tables-fn", "SELECT * FROM duckdb_tables()", "duckdb_tables()"),
    # --- tables outside the asker's groups ------------------------------------------------
    R("acl-direct", "SELECT * FROM payroll", NO_GROUP),
    R("acl-join", "SELECT o.id FROM orders o JOIN payroll p ON p.id = o.id", NO_GROUP),
    R("acl-subquery", "SELECT id FROM orders WHERE id IN (SELECT id FROM payroll)", NO_GROUP),
    R("acl-scalar", "SELECT (SELECT max(salary) FROM payroll) AS s", NO_GROUP),
    R("acl-cte", "WITH x AS (SELECT * FROM payroll) SELECT * FROM x", NO_GROUP),
    R("acl-union", "SELECT id FROM orders UNION ALL SELECT id FROM payroll", NO_GROUP),
    R("acl-quoted-upper", "SELECT * FROM {Q}PAYROLL{Q}", NO_GROUP),
    R("acl-upper", "SELECT * FROM PAYROLL", NO_GROUP),
    R("acl-schema-qualified", "SELECT * FROM {sq}payroll", NO_GROUP),
    R("acl-cte-shadow-qualified", "WITH payroll AS (SELECT 1 AS x) SELECT * FROM {sq}payroll", NO_GROUP),
    R("acl-exists", "SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM payroll WHERE salary > 0)", NO_GROUP),
    R("acl-no-shared-group", "SELECT id FROM orders", NO_GROUP, principal=EVE),
    R("acl-unknown-table", "SELECT * FROM not_a_table", "'not_a_table' is not in the catalog"),
    R("acl-lateral", "SELECT o.id FROM orders o CROSS JOIN LATERAL (SELECT salary FROM payroll) p", NO_GROUP, only=frozenset({"postgres", "duckdb", "mariadb"})),
    # --- row-level bypass attempts: allowed, but only permitted rows come back ----------
    ROWS("rls-plain", "SELECT id FROM orders", {1, 2}),
    ROWS("rls-alias", "SELECT o.id FROM orders AS o", {1, 2}),
    ROWS("rls-self-join", "SELECT o.id FROM orders o JOIN orders o2 ON o.id = o2.id", {1, 2}),
    ROWS("rls-self-join-other-country", "SELECT o1.id FROM orders o1, orders o2 WHERE o2.country_code = 'US'", set()),
    ROWS("rls-cte", "WITH x AS (SELECT * FROM orders) SELECT id FROM x", {1, 2}),
    ROWS("rls-cte-shadowing-name", "WITH orders AS (SELECT * FROM orders) SELECT id FROM orders", {1, 2}),
    ROWS("rls-cte-chain", "WITH a AS (SELECT * FROM orders), orders AS (SELECT * FROM a) SELECT id FROM orders", {1, 2}),
    ROWS("rls-derived", "SELECT id FROM (SELECT * FROM orders) sub", {1, 2}),
    ROWS("rls-or-true", "SELECT id FROM orders WHERE 1 = 1 OR country_code <> 'DE'", {1, 2}),
    ROWS("rls-union-case", "SELECT id FROM orders UNION SELECT id FROM ORDERS", {1, 2}),
    ROWS("rls-quoted", "SELECT id FROM {Q}orders{Q}", {1, 2}),
    ROWS("rls-schema-qualified", "SELECT id FROM {sq}orders", {1, 2}),
    ROWS("rls-schema-column-qualifier", "SELECT {sq}orders.id FROM {sq}orders", {1, 2}),
    ROWS("rls-scalar-count", "SELECT (SELECT count(*) FROM orders) AS n", {2}),
    ROWS("rls-cross-count", "SELECT count(*) AS n FROM orders o1 CROSS JOIN orders o2", {4}),
    ROWS("rls-in-subquery", "SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE country_code = 'US')", set()),
    ROWS("rls-exists", "SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM orders x WHERE x.country_code = 'US')", set()),
    ROWS("rls-recursive-cte", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT o.id FROM orders o, r WHERE r.n = 1", {1, 2}),
    ROWS("rls-union-all-derived", "SELECT t.id FROM (SELECT id FROM orders UNION ALL SELECT id FROM orders) t", {1, 2}),
    ROWS("rls-aggregate", "SELECT max(amount) AS m FROM orders", {200}),
    ROWS("rls-window", "SELECT id FROM (SELECT id, count(*) OVER () AS n FROM orders) w", {1, 2}),
    ROWS("rls-explicit-filter-other", "SELECT id FROM orders WHERE country_code = 'US'", set()),
    ROWS("rls-group-quote-injection", "SELECT id FROM orders", {6}, principal=MALLORY),
    ROWS("rls-group-backslash-injection", "SELECT id FROM orders", {7}, principal=BACKSLASH),
    ROWS("rls-other-user", "SELECT id FROM orders", {3, 4, 5}, principal=BOB),
    ROWS("rls-first-group-template", "SELECT code FROM regions", {"DE"}),
    ROWS("rls-first-group-other-user", "SELECT code FROM regions", {"US"}, principal=BOB),
    ROWS("rls-first-group-injection", "SELECT code FROM regions", set(), principal=MALLORY),
    ROWS("rls-camel-quoted", "SELECT id FROM {Q}CamelCase{Q}", {1}),
    ROWS("rls-camel-lower", "SELECT id FROM camelcase", {1}),
    ROWS("rls-parenthesised-join", "SELECT o.id FROM (customers c JOIN orders o ON o.customer_id = c.id)", {1, 2}),
    ROWS("rls-nested-parenthesised-join", "SELECT c.id FROM customers x JOIN (orders o JOIN {Q}CamelCase{Q} c ON c.id = o.id) ON x.id = o.customer_id", {1}),
    ROWS("rls-camel-alias-join", "SELECT c.id FROM {Q}CamelCase{Q} c JOIN orders o ON o.id = c.id", {1}),
    # --- time and row limits -------------------------------------------------------------
    Case("timeout-cartesian", "SELECT count(*) FROM numbers a, numbers b, numbers c, numbers d", "timeout"),
    Case("timeout-recursive-cte", "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r", "timeout", only=frozenset({"sqlite", "duckdb", "postgres"})),  # MariaDB caps recursion itself
    Case("timeout-range", "SELECT count(*) FROM range(1000000000000)", "timeout", only=frozenset({"duckdb"})),
    Case("timeout-generate-series", "SELECT count(*) FROM generate_series(1, 100000000000)", "timeout", only=frozenset({"postgres"})),
    Case("timeout-pg-sleep", "SELECT pg_sleep(30)", "timeout", expect="function pg_sleep()", only=frozenset({"postgres"})),
    Case("timeout-mysql-sleep", "SELECT sleep(30)", "timeout", expect="function sleep()", only=frozenset({"mariadb"})),
    Case("truncate-cartesian", "SELECT a.n AS a, b.n AS b FROM numbers a, numbers b", "truncate"),
]

PARAMS = [
    pytest.param(target, case, id=f"{target}-{case.id}")
    for case in CASES
    for target in sorted(case.only)
]

TIMEOUT_S = 1.0


def test_suite_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


def _target(request: pytest.FixtureRequest, name: str) -> Target:
    return request.getfixturevalue(f"{name}_target")


@pytest.mark.parametrize(("target_name", "case"), PARAMS)
async def test_attack(request: pytest.FixtureRequest, target_name: str, case: Case) -> None:
    target = _target(request, target_name)
    sql = case.sql.format(**target.fmt)
    before = target.snapshot()
    if case.kind == "refuse":
        await _assert_refused(target, case, sql)
    elif case.kind == "rows":
        await _assert_rows(target, case, sql)
    elif case.kind == "timeout":
        await _assert_timeout(target, case, sql)
    else:
        await _assert_truncated(target, sql)
    assert target.snapshot() == before, f"{case.id} changed the {target.name} warehouse"


async def _assert_refused(target: Target, case: Case, sql: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        target.guard(sql, case.principal)
    reason = str(refused.value.detail)
    assert any(e in reason for e in case.expected(target.name)), reason
    if case.wall:
        # second wall: even without the guard the warehouse must refuse to change
        # (it may fail, or run harmlessly, e.g. when the "attack" is only a comment there);
        # the snapshot comparison in test_attack is the assertion that matters
        try:
            await target.warehouse.execute(sql, timeout_s=5, max_rows=10)
        except DomainError:
            pass


async def _assert_rows(target: Target, case: Case, sql: str) -> None:
    guarded = target.guard(sql, case.principal)
    assert guarded.row_filtered, guarded
    result = await target.warehouse.execute(guarded.sql, timeout_s=10)
    assert {row[0] for row in result.rows} == set(case.rows or ()), (guarded.sql, result.rows)


async def _assert_timeout(target: Target, case: Case, sql: str) -> None:
    if case.expect:
        with pytest.raises(QueryRefused) as refused:
            target.guard(sql, case.principal)
        assert case.expect in str(refused.value.detail)
        statement = sql  # raw: the timeout must hold even without the guard
    else:
        statement = target.guard(sql, case.principal).sql
    started = time.monotonic()
    with pytest.raises(Timeout):
        await target.warehouse.execute(statement, timeout_s=TIMEOUT_S)
    elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT_S + 2.5, elapsed
    # the connection is usable again right after a timeout
    assert (await target.warehouse.execute("SELECT 1")).rows == [(1,)]


async def _assert_truncated(target: Target, sql: str) -> None:
    guarded = target.guard(sql, ALICE)
    started = time.monotonic()
    result = await target.warehouse.execute(guarded.sql, max_rows=100, timeout_s=10)
    assert result.truncated
    assert len(result.rows) == 100
    assert time.monotonic() - started < 5
