"""DuckDB: a read-only file with external access and extension loading off; interruptible
statements; a bulk reader over the ``duckdb_*()`` catalog functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import SYSTEM_SCHEMAS, Driver, Params, Session
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
    from sqlalchemy.engine import URL, Connection


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    return URL.create("duckdb", database=str(params["database_location"]))


def engine_options(params: Params) -> dict[str, Any]:
    from sqlalchemy.pool import NullPool

    return {
        "poolclass": NullPool,
        "connect_args": {
            "read_only": True,
            "config": {
                "enable_external_access": False,
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
                "allow_community_extensions": False,
                "lock_configuration": True,
            },
        },
    }


def check(params: Params) -> None:
    if not isinstance(params["database_location"], str):
        raise InvalidArgument("database_location must be a file path")


class DuckDBSession(Session):
    def cancel(self) -> None:
        self.driver.interrupt()

    def is_timeout_error(self, err: BaseException) -> bool:
        return type(err).__name__ == "InterruptException" or "interrupted" in str(err).lower()


# --------------------------------------------------------------------------- catalog reader

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


def _read_duckdb(conn: Connection, schemas: list[str] | None, _prev: CatalogSnapshot | None) -> CatalogRead:
    """duckdb_tables()/duckdb_views(), duckdb_columns(), duckdb_constraints()."""
    wanted = set(schemas) if schemas else None
    tables: dict[TableKey, TableSnap] = {}
    for schema, name, kind, comment, estimate in conn.execute(text(_DUCK_TABLES)).all():
        if (wanted is None and schema in SYSTEM_SCHEMAS) or (wanted is not None and schema not in wanted):
            continue
        tables[(schema, name)] = TableSnap(
            schema=schema,
            name=name,
            kind=kind,
            comment=comment or "",
            row_estimate=None if estimate is None else int(estimate),
        )
    rows = sorted(conn.execute(text(_DUCK_COLUMNS)).all(), key=lambda r: (r[0], r[1], r[3]))
    for schema, name, col, _idx, typ, nullable, comment in rows:
        t = tables.get((schema, name))
        if t is not None:
            t.columns.append(
                ColumnSnap(name=col, type=typ, nullable=bool(nullable), comment=comment or "", ordinal=len(t.columns) + 1)
            )
    cons = sorted(conn.execute(text(_DUCK_CONSTRAINTS)).all(), key=lambda r: (r[0], r[1], r[6]))
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
    return CatalogRead(list(tables.values()), set(), local=True, dialect="duckdb")


DRIVER = Driver(
    "duckdb", ("database_location",), dialect="duckdb", url_fields=("database_location",),
    default_schema="main", identifier_case="insensitive", check=check,
    url=url, engine_options=engine_options, session=DuckDBSession, limit_pushdown=True,
    catalog_reader=_read_duckdb, reader_names=("duckdb", "motherduck"), engine_dialects=("duckdb",),
)
