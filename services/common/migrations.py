"""Each service's schema history in Alembic (``services/<name>/migrations``), applied at start and
by ``make migrate``.

Every service keeps its own version table (``alembic_version_<name>``), so the four histories
never mix even when an operator points two services at one database. Stores written by the
earlier hand-written runner (a ``schema_version`` table holding 1..N) are stamped at revision N
and carried on from there: revision ``<name>_000k`` is that runner's step k, so no data moves.
Replicas starting together on PostgreSQL take a transaction-scoped advisory lock: one migrates,
the others then find nothing to do.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import zlib
from pathlib import Path

from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

SERVICES_DIR = Path(__file__).resolve().parent.parent
LEGACY_TABLE = "schema_version"


def version_table(service: str) -> str:
    return f"alembic_version_{service}"


def revision_id(service: str, step: int) -> str:
    """The Alembic revision standing for step ``step`` of the service's history."""
    return f"{service}_{step:04d}"


def _alembic() -> None:
    """Import Alembic only when a store is behind (a second or more of every start, otherwise)."""
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin


def newest_revision(service: str) -> str:
    """The head as the file names tell it (``<service>_<NNNN>_<slug>.py``, one linear history),
    read without Alembic: a store already there starts without importing it."""
    files = sorted((SERVICES_DIR / service / "migrations" / "versions").glob(f"{service}_[0-9][0-9][0-9][0-9]_*.py"))
    return files[-1].name[: len(service) + 5] if files else ""


def alembic_config(service: str, conn: sa.Connection | None = None) -> Config:
    _alembic()
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    cfg.attributes["service"] = service
    cfg.attributes["connection"] = conn
    return cfg


def head(service: str) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(service)).get_current_head() or ""


def current(conn: sa.Connection, service: str) -> str | None:
    if not sa.inspect(conn).has_table(version_table(service)):
        return None
    return conn.execute(sa.text(f"SELECT version_num FROM {version_table(service)}")).scalar()


def upgrade(conn: sa.Connection, service: str) -> None:
    """Bring the store on ``conn`` (inside a transaction) to the service's head revision."""
    if current(conn, service) == newest_revision(service):
        return
    from alembic import command

    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"dot-migrate-{service}".encode()) & 0x7FFFFFFF
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    cfg = alembic_config(service, conn)
    tables = set(sa.inspect(conn).get_table_names())
    if version_table(service) not in tables and LEGACY_TABLE in tables:
        legacy = conn.execute(sa.text(f"SELECT max(version) FROM {LEGACY_TABLE}")).scalar()
        if legacy:
            command.stamp(cfg, revision_id(service, int(legacy)))
    command.upgrade(cfg, "head")


def run_env() -> None:
    """The body of every service's ``migrations/env.py``: migrate on the connection handed in."""
    from alembic import context

    conn = context.config.attributes.get("connection")
    service = context.config.attributes.get("service")
    if conn is None or not service:
        raise SystemExit("run migrations with `make migrate` (python -m services.common.migrations), "
                         "which hands Alembic each service's store")
    context.configure(connection=conn, version_table=version_table(service), render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def migrate_url(url: str, service: str) -> str | None:
    """Migrate one service's store at ``url``; returns the revision it is at afterwards."""
    import importlib

    from services.common.store import open_store

    metadata = importlib.import_module(f"services.{service}.tables").metadata
    store = await open_store(url, metadata, history=service)
    try:
        async with store.engine.connect() as c:
            return await c.run_sync(current, service)
    finally:
        await store.dispose()


def main(argv: list[str] | None = None) -> int:
    """``make migrate``: every service's store (or the ones named) to its head revision."""
    from services.common.config import SERVICE_NAMES, Settings

    parser = argparse.ArgumentParser(prog="python -m services.common.migrations", description=main.__doc__)
    parser.add_argument("services", nargs="*", metavar="service", help=f"any of {', '.join(SERVICE_NAMES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.services) - set(SERVICE_NAMES)
    if unknown:
        parser.error(f"unknown service(s): {', '.join(sorted(unknown))}")
    settings = Settings.from_env()
    for service in args.services or SERVICE_NAMES:
        rev = asyncio.run(migrate_url(settings.db_url(service), service))
        print(f"{service}: at {rev}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
