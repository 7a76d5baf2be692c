"""The driver registry: one module per connection type, light enough for the gateway, and the
single source the guard, the warehouse executor, introspection and validation read."""

from __future__ import annotations

import subprocess
import sys

import pytest

from services.common.errors import InvalidArgument
from services.knowledge import connection_types, drivers, guard, warehouse
from services.knowledge.drivers import base


def test_registry_import_stays_light() -> None:
    """The gateway imports the registry: it must not pull SQLAlchemy or sqlglot in."""
    code = ("import sys; import services.knowledge.drivers; "
            "print(sorted(m for m in ('sqlalchemy', 'sqlglot') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_type_is_declared_by_its_own_module() -> None:
    for kind, driver in drivers.DRIVERS.items():
        module = sys.modules[f"services.knowledge.drivers.{kind}"]
        assert module.DRIVER is driver
        if driver.warehouse:
            assert driver.url is not None and driver.dialect, kind
            assert issubclass(driver.session, base.Session)
        else:
            assert driver.url is None and driver.catalog_reader is None, kind


def test_aliases_and_dialects_come_from_the_drivers() -> None:
    assert drivers.TYPE_ALIASES == {"postgresql": "postgres", "mariadb": "mysql", "sqlserver": "mssql"}
    assert warehouse.connection_type("MariaDB") == "mysql"
    assert warehouse.sqlglot_dialect("sqlserver") == "tsql"
    assert guard.SQLGLOT_DIALECTS["postgresql"] == "postgres"
    assert guard.DEFAULT_SCHEMAS == {"postgres": "public", "redshift": "public", "tsql": "dbo",
                                     "duckdb": "main", "sqlite": "main"}


def test_session_and_hardening_are_the_drivers() -> None:
    from services.knowledge.drivers import mysql, redshift, sqlite

    assert drivers.DRIVERS["redshift"].session is redshift.RedshiftSession
    assert drivers.DRIVERS["mysql"].session is mysql.MySQLSession
    assert drivers.DRIVERS["sqlite"].on_connect is sqlite.harden
    assert drivers.DRIVERS["bigquery"].session is base.Session  # nothing beyond the defaults


def test_type_specific_checks_run_through_validation(tmp_path) -> None:
    with pytest.raises(InvalidArgument, match="not an existing SQLite file"):
        connection_types.validate("sqlite", {"database_location": str(tmp_path / "missing.db")})
    with pytest.raises(InvalidArgument, match="must be a file path"):
        connection_types.validate("duckdb", {"database_location": 7})
    with pytest.raises(InvalidArgument, match="connect_looker needs"):
        connection_types.validate("looker", {})
    assert connection_types.validate("dbt", {"upload": True}) == {"upload": True}


def test_launcher_health_names_are_the_registered_services() -> None:
    from services.admin import app as admin_app
    from services.auth import app as auth_app
    from services.conversation import app as conversation_app
    from services.knowledge import app as knowledge_app
    from services.launcher import health_name

    assert [health_name(s) for s in ("auth", "admin", "knowledge", "conversation")] == [
        auth_app.SERVICE_NAME, admin_app.SERVICE_NAME, knowledge_app.SERVICE_NAME, conversation_app.SERVICE_NAME]


def test_catalog_hooks_are_found_by_the_engines_dialect() -> None:
    """introspect finds a driver's bulk reader and sampling timeouts by SQLAlchemy's dialect name."""
    assert drivers.for_engine_dialect("postgresql") is drivers.DRIVERS["postgres"]
    assert drivers.for_engine_dialect("mariadb") is drivers.DRIVERS["mysql"]
    assert drivers.for_engine_dialect("snowflake") is None  # reflected generically, no own hooks
    for kind in ("postgres", "mysql"):
        d = drivers.DRIVERS[kind]
        assert d.catalog_reader and d.sampling_timeout and d.reset_sampling_timeout, kind
    assert drivers.DRIVERS["sqlite"].sampling_timeout is None  # embedded: no statement timeout to set
