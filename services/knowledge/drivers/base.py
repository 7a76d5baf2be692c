"""What a driver module declares (``Driver``) and what every driver shares: the session base
class, network engine options, the port rule and the system-schema list.

Import-light on purpose (no SQLAlchemy, no sqlglot at import time): the gateway reads the
registry too, so heavy libraries are imported inside the hooks that use them."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from services.common.errors import InvalidArgument, Unavailable

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

    from services.knowledge.snapshot import Reader
    from services.knowledge.warehouse import Warehouse

IdentifierCase = Literal["lower", "upper", "insensitive", "exact"]
Params = dict[str, Any]

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


class Session:
    """Per-type setup around one statement: read-only mode, timeouts, cancellation.
    A driver subclasses it where its warehouse needs more than the defaults."""

    def __init__(self, warehouse: Warehouse, conn: Connection) -> None:
        self.warehouse = warehouse
        self.conn = conn

    @property
    def driver(self) -> Any:
        return self.conn.connection.driver_connection

    def begin(self, timeout_s: float) -> None:
        """Enter read-only mode and set server-side timeouts."""

    def cancel(self) -> None:
        """Stop the running statement from another thread (best effort)."""
        cancel = getattr(self.driver, "cancel", None)
        if callable(cancel):
            cancel()

    def end(self) -> None:
        """Leave the connection clean; always roll back."""
        self.conn.rollback()

    def is_timeout_error(self, err: BaseException) -> bool:
        return False

    def stream(self) -> bool:
        return False

    def abandon(self) -> None:
        """Forget unread rows of a streaming cursor before the connection is dropped."""


def network_options(params: Params) -> dict[str, Any]:
    """Pool options of a warehouse reached over the network."""
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "pool_recycle": 1800}


def network_options_with(**connect_args: Any) -> Callable[[Params], dict[str, Any]]:
    """Network pool options plus fixed driver ``connect_args`` (timeouts)."""

    def build(params: Params) -> dict[str, Any]:
        options = network_options(params)
        options["connect_args"] = dict(connect_args)
        return options

    return build


def port(params: Params, kind: str, default: int | None) -> int | None:
    """The connection's port (or the type's default) as a number."""
    value = params.get("port") or default
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{kind} connection port must be a number") from None


def refuse_ssh_tunnel(kind: str, params: Params) -> None:
    ssh = params.get("ssh_config")
    if isinstance(ssh, dict) and (ssh.get("enabled") or ssh.get("host")):
        raise Unavailable(f"SSH tunnels are not supported for {kind} connections yet")


@dataclass(frozen=True)
class Driver:
    """Everything the server knows about one connection type, declared in that type's module."""

    type: str
    fields: tuple[str, ...]  # required by POST /api/connect_<type> (contract §3.2)
    warehouse: bool = True  # a SQL warehouse (synced and queried), else a docs source (looker, dbt)
    dialect: str = ""  # sqlglot dialect
    aliases: tuple[str, ...] = ()  # other names of the type ("postgresql", "mariadb")
    url_fields: tuple[str, ...] = ()  # what building its SQLAlchemy URL needs
    default_schema: str = ""  # where unqualified names resolve; "" with schema_is_database: the database
    schema_is_database: bool = False  # MySQL: a schema is a database, the connection's is the default
    identifier_case: IdentifierCase = "exact"  # how unquoted identifiers are stored
    extra: str = ""  # the dot-server extra that installs its DB-API driver
    default_port: int | None = None
    check: Callable[[Params], None] | None = None  # type-specific validation of the contract fields
    url: Callable[[Params], URL] | None = None  # SQLAlchemy URL (no I/O, no driver needed)
    engine_options: Callable[[Params], dict[str, Any]] = network_options  # create_engine kwargs
    on_connect: Callable[[Any, Any], None] | None = None  # runs on every new DB-API connection
    # runs once on each engine a Warehouse creates (pool events such as a kept file connection's check)
    on_engine: Callable[[Engine, Params], None] | None = None
    session: builtins.type[Session] = Session
    limit_pushdown: bool = False  # sqlglot can safely push a LIMIT into the outermost query
    # Bulk catalog reader, used when read_catalog is asked for one of ``reader_names`` on an
    # engine whose SQLAlchemy dialect is one of ``engine_dialects``; else generic reflection.
    catalog_reader: Reader | None = None
    reader_names: tuple[str, ...] = ()
    engine_dialects: tuple[str, ...] = ()
    # Per-statement time limit on catalog sampling connections (remote warehouses), and its reset.
    sampling_timeout: Callable[[Connection, float], None] | None = None
    reset_sampling_timeout: Callable[[Connection], None] | None = None
