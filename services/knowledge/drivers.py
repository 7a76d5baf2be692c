"""What each connection type is, in one registry: its contract fields, SQL dialect, default schema,
identifier case, driver extra and default port. Connection validation, the warehouse executor,
catalog introspection, the guard's case folding and the gateway's routes all read it, so adding
a warehouse type means one entry here plus its URL builder and catalog reader.

Import-light on purpose (no SQLAlchemy, no sqlglot): the gateway reads it too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

IdentifierCase = Literal["lower", "upper", "insensitive", "exact"]


@dataclass(frozen=True)
class Driver:
    type: str
    fields: tuple[str, ...]  # required by POST /api/connect_<type> (contract §3.2)
    warehouse: bool = True  # a SQL warehouse (synced and queried), else a docs source (looker, dbt)
    dialect: str = ""  # sqlglot dialect
    url_fields: tuple[str, ...] = ()  # what building its SQLAlchemy URL needs
    default_schema: str = ""  # where unqualified names resolve; "" with schema_is_database: the database
    schema_is_database: bool = False  # MySQL: a schema is a database, the connection's is the default
    identifier_case: IdentifierCase = "exact"  # how unquoted identifiers are stored
    extra: str = ""  # the dot-server extra that installs its DB-API driver
    default_port: int | None = None


DRIVERS: dict[str, Driver] = {d.type: d for d in (
    Driver("postgres", ("host", "port", "database", "username", "password"), dialect="postgres",
           url_fields=("host", "database", "username"), default_schema="public", identifier_case="lower",
           extra="postgres", default_port=5432),
    Driver("redshift", ("host", "port", "database", "username", "password"), dialect="redshift",
           url_fields=("host", "database", "username"), default_schema="public", identifier_case="lower",
           extra="redshift", default_port=5439),
    Driver("snowflake", ("account", "username", "role", "warehouse"), dialect="snowflake",
           url_fields=("account", "username"), identifier_case="upper", extra="snowflake"),
    Driver("mssql", ("server", "username", "password", "port", "database"), dialect="tsql",
           url_fields=("server", "database", "username"), default_schema="dbo", extra="mssql", default_port=1433),
    Driver("bigquery", ("project_id", "location", "credentials_json"), dialect="bigquery",
           url_fields=("project_id",), extra="bigquery"),
    Driver("databricks", ("host", "http_path", "token", "port", "database"), dialect="databricks",
           url_fields=("host", "http_path", "token"), extra="databricks"),
    Driver("mysql", ("host", "port", "database", "username", "password"), dialect="mysql",
           url_fields=("host", "username"), schema_is_database=True, extra="mysql", default_port=3306),
    Driver("duckdb", ("database_location",), dialect="duckdb", url_fields=("database_location",),
           default_schema="main", identifier_case="insensitive"),
    Driver("sqlite", ("database_location",), dialect="sqlite", url_fields=("database_location",),
           default_schema="main", identifier_case="insensitive"),
    Driver("looker", (), warehouse=False),  # project_dir (LookML) or url + client_id + client_secret (API)
    Driver("dbt", (), warehouse=False),  # manifest_path (artifacts), upload, or environment_id + token
)}

CONNECTION_TYPES: tuple[str, ...] = tuple(DRIVERS)
WAREHOUSE_TYPE_ORDER: tuple[str, ...] = tuple(d.type for d in DRIVERS.values() if d.warehouse)
WAREHOUSE_TYPES = frozenset(WAREHOUSE_TYPE_ORDER)
TYPE_ALIASES = {"postgresql": "postgres", "mariadb": "mysql", "sqlserver": "mssql"}

# Schemas that hold a warehouse's own bookkeeping, never user data: never synced, never queryable.
# One list for introspection and the guard (they had drifted apart).
SYSTEM_SCHEMAS = frozenset({
    "information_schema", "pg_catalog", "pg_toast",  # PostgreSQL, Redshift
    "mysql", "performance_schema", "sys",  # MySQL
    "guest", "db_owner", "db_accessadmin", "db_backupoperator", "db_datareader", "db_datawriter",
    "db_ddladmin", "db_denydatareader", "db_denydatawriter", "db_securityadmin",  # SQL Server roles
    "temp", "system",  # DuckDB
    "snowflake", "account_usage",  # Snowflake
})


def dialects_with_case(case: IdentifierCase) -> frozenset[str]:
    """sqlglot dialects whose warehouses store unquoted identifiers this way."""
    return frozenset(d.dialect for d in DRIVERS.values() if d.warehouse and d.identifier_case == case)
