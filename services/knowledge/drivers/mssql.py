"""SQL Server: pymssql URL, a session that relies on rollback (no read-only transaction there);
``dbo`` default schema; SQLAlchemy reflection for the catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.knowledge.drivers.base import Driver, Params, Session, network_options_with, port

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    return URL.create(
        "mssql+pymssql",
        username=str(params["username"]),
        password=params.get("password") or None,
        host=str(params["server"]),
        port=port(params, "mssql", 1433),
        database=str(params["database"]),
    )


class MSSQLSession(Session):
    def begin(self, timeout_s: float) -> None:
        # SQL Server has no read-only transaction; DDL and DML are transactional there,
        # so the unconditional rollback in end() undoes anything that slipped through.
        self.conn.exec_driver_sql("SET XACT_ABORT ON")


DRIVER = Driver(
    "mssql", ("server", "username", "password", "port", "database"), dialect="tsql", aliases=("sqlserver",),
    url_fields=("server", "database", "username"), default_schema="dbo", extra="mssql", default_port=1433,
    url=url, engine_options=network_options_with(login_timeout=10), session=MSSQLSession,
)
