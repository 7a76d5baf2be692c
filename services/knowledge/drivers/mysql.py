"""MySQL and MariaDB: pymysql URL (utf8mb4), a read-only session with the server's statement
time limit and an unbuffered cursor; a schema is a database; a bulk information_schema reader."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from services.knowledge.drivers.base import Driver, Params, Session, network_options_with, port
from services.knowledge.snapshot import (
    CatalogRead,
    CatalogSnapshot,
    ColumnSnap,
    ForeignKeySnap,
    TableKey,
    TableSnap,
    decode,
    query,
    schema_filter,
    text,
    try_sql,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    return URL.create(
        "mysql+pymysql",
        username=str(params["username"]),
        password=params.get("password") or None,
        host=str(params["host"]),
        port=port(params, "mysql", 3306),
        database=str(params["database"]) if params.get("database") else None,
        query={"charset": "utf8mb4"},
    )


class MySQLSession(Session):
    _TIMEOUT_CODES = frozenset({1317, 1969, 3024})

    def begin(self, timeout_s: float) -> None:
        if self.conn.dialect.is_mariadb:  # type: ignore[attr-defined]
            self.conn.exec_driver_sql(f"SET SESSION max_statement_time = {max(timeout_s, 0.001):.3f}")
        else:
            self.conn.exec_driver_sql(f"SET SESSION max_execution_time = {max(int(timeout_s * 1000), 1)}")
        # session-level READ ONLY also covers the implicit transaction after a DDL's implicit commit
        self.conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
        self.conn.exec_driver_sql("START TRANSACTION READ ONLY")

    def cancel(self) -> None:
        thread_id = self.driver.thread_id()
        killer = self.warehouse.engine().connect()
        try:
            killer.exec_driver_sql(f"KILL QUERY {int(thread_id)}")
        finally:
            killer.close()

    def is_timeout_error(self, err: BaseException) -> bool:
        args: tuple[Any, ...] = getattr(err, "args", ())
        return bool(args) and args[0] in self._TIMEOUT_CODES

    def stream(self) -> bool:
        return True  # an unbuffered cursor: the client holds one batch, not the whole result

    def abandon(self) -> None:
        # pymysql would drain the unread rows from the closed socket on garbage collection
        result = getattr(self.driver, "_result", None)
        if result is not None and getattr(result, "unbuffered_active", False):
            result.unbuffered_active = False


def sampling_timeout(conn: Connection, seconds: float) -> None:
    """Per-statement time limit on a catalog sampling connection."""
    if is_mariadb(conn):
        try_sql(conn, f"SET SESSION max_statement_time = {seconds:.3f}")
    else:
        try_sql(conn, f"SET SESSION max_execution_time = {int(seconds * 1000)}")


def reset_sampling_timeout(conn: Connection) -> None:
    if is_mariadb(conn):
        try_sql(conn, "SET SESSION max_statement_time = DEFAULT")
    else:
        try_sql(conn, "SET SESSION max_execution_time = DEFAULT")


# --------------------------------------------------------------------------- catalog reader

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


def _read_mysql(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> CatalogRead:
    """Three information_schema queries (TABLES, COLUMNS, KEY_COLUMN_USAGE)."""
    if not is_mariadb(conn):
        # MySQL 8 caches TABLES statistics for a day by default; we want current numbers.
        try_sql(conn, "SET SESSION information_schema_stats_expiry = 0")
    if not schemas:
        current = conn.execute(text("SELECT DATABASE()")).scalar()
        schemas = [current] if current else None
    cond, params = schema_filter("TABLE_SCHEMA", schemas)
    tables: dict[TableKey, TableSnap] = {}
    count_keys: set[TableKey] = set()
    sizes: dict[TableKey, int] = {}
    for schema, name, ttype, rows, comment, updated, length, engine in query(
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
    rows_ = query(conn, _MY_COLUMNS.format(schema_filter=cond), params)
    rows_.sort(key=lambda r: (r[0], r[1], int(r[3])))
    for schema, name, col, _pos, typ, nullable, comment in rows_:
        t = tables.get((schema, name))
        if t is not None:
            t.columns.append(
                ColumnSnap(
                    name=col,
                    type=decode(typ),
                    nullable=nullable == "YES",
                    comment=comment or "",
                    ordinal=len(t.columns) + 1,
                )
            )
    _my_add_keys(conn, cond, params, tables)
    return CatalogRead(list(tables.values()), count_keys, sizes=sizes, dialect="mysql")


def _my_add_keys(
    conn: Connection, cond: str, params: dict[str, Any], tables: dict[TableKey, TableSnap]
) -> None:
    grouped: dict[tuple[str, str, str], list[Sequence[Any]]] = defaultdict(list)
    for row in query(conn, _MY_KEYS.format(schema_filter=cond), params):
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


def is_mariadb(conn: Connection) -> bool:
    return bool(getattr(conn.dialect, "is_mariadb", False))


DRIVER = Driver(
    "mysql", ("host", "port", "database", "username", "password"), dialect="mysql", aliases=("mariadb",),
    url_fields=("host", "username"), schema_is_database=True, extra="mysql", default_port=3306,
    url=url, engine_options=network_options_with(connect_timeout=10), session=MySQLSession, limit_pushdown=True,
    catalog_reader=_read_mysql, reader_names=("mysql", "mariadb"), engine_dialects=("mysql", "mariadb"),
    sampling_timeout=sampling_timeout, reset_sampling_timeout=reset_sampling_timeout,
)
