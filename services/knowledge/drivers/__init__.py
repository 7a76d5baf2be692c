"""The one registry of connection types. Each type is one module here (``postgres.py``,
``mysql.py``, ...) that declares a ``Driver``: its contract fields, sqlglot dialect, default
schema, identifier case, driver extra and port, and its hooks (field checks, SQLAlchemy URL,
engine options, per-connection hardening, session setup, bulk catalog reader). Connection
validation, the warehouse executor, catalog introspection, the guard and the gateway's routes
all read this registry, so adding a warehouse type means one module plus one line below.

Import-light on purpose (no SQLAlchemy, no sqlglot at import time): the gateway reads it too."""

from __future__ import annotations

from services.knowledge.drivers import (
    bigquery,
    databricks,
    dbt,
    duckdb,
    looker,
    mssql,
    mysql,
    postgres,
    redshift,
    snowflake,
    sqlite,
)
from services.knowledge.drivers.base import SYSTEM_SCHEMAS, Driver, IdentifierCase, Session

__all__ = ["CONNECTION_TYPES", "DRIVERS", "SYSTEM_SCHEMAS", "TYPE_ALIASES", "WAREHOUSE_TYPES",
           "WAREHOUSE_TYPE_ORDER", "Driver", "IdentifierCase", "Session", "dialects_with_case", "for_engine_dialect",
           "sqlglot_dialects"]

DRIVERS: dict[str, Driver] = {m.DRIVER.type: m.DRIVER for m in (
    postgres, redshift, snowflake, mssql, bigquery, databricks, mysql, duckdb, sqlite, looker, dbt,
)}

CONNECTION_TYPES: tuple[str, ...] = tuple(DRIVERS)
WAREHOUSE_TYPE_ORDER: tuple[str, ...] = tuple(d.type for d in DRIVERS.values() if d.warehouse)
WAREHOUSE_TYPES = frozenset(WAREHOUSE_TYPE_ORDER)
TYPE_ALIASES = {alias: d.type for d in DRIVERS.values() for alias in d.aliases}


def dialects_with_case(case: IdentifierCase) -> frozenset[str]:
    """sqlglot dialects whose warehouses store unquoted identifiers this way."""
    return frozenset(d.dialect for d in DRIVERS.values() if d.warehouse and d.identifier_case == case)


def for_engine_dialect(name: str) -> Driver | None:
    """The driver whose SQLAlchemy dialect is ``name`` ("postgresql", "mysql"; None: no own hooks)."""
    return next((d for d in DRIVERS.values() if name in d.engine_dialects), None)


def sqlglot_dialects() -> dict[str, str]:
    """Every name a dialect may be given by (type, alias, or the dialect itself) -> sqlglot dialect."""
    out: dict[str, str] = {}
    for d in DRIVERS.values():
        if d.warehouse:
            for name in (d.type, d.dialect, *d.aliases):
                out[name] = d.dialect
    return out
