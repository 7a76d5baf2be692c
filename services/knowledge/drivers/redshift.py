"""Redshift: PostgreSQL's wire and URL shape, its own read-only session (``BEGIN READ ONLY``
through psycopg2) and SQLAlchemy reflection for the catalog."""

from __future__ import annotations

from services.knowledge.drivers.base import Driver, network_options_with
from services.knowledge.drivers.postgres import PostgresSession, pg_like_url


class RedshiftSession(PostgresSession):
    """Redshift documents only ``BEGIN READ ONLY``; psycopg2 sends it for a read-only session."""

    def begin(self, timeout_s: float) -> None:
        self.conn.execution_options(postgresql_readonly=True)
        self.conn.exec_driver_sql(f"SET statement_timeout TO {max(int(timeout_s * 1000), 1)}")

    def stream(self) -> bool:
        return False  # Redshift cursors materialise on the leader node; LIMIT push-down bounds rows


DRIVER = Driver(
    "redshift", ("host", "port", "database", "username", "password"), dialect="redshift",
    url_fields=("host", "database", "username"), default_schema="public", identifier_case="lower",
    extra="redshift", default_port=5439,
    url=pg_like_url("redshift+psycopg2", "redshift", 5439), engine_options=network_options_with(connect_timeout=10),
    session=RedshiftSession, limit_pushdown=True,
)
