"""Uniquely named PostgreSQL databases for tests, dropped afterwards (required in CI, skipped elsewhere)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from tests.support.databases import PG_HOST, PG_PORT, pg_user, require_server


@contextmanager
def pg_databases(names: Sequence[str], prefix: str = "dot_t") -> Iterator[dict[str, str]]:
    """``{name: postgresql+asyncpg URL}``, each a fresh database."""
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    user, tag = pg_user(), uuid.uuid4().hex[:8]
    dbs = {n: f"{prefix}_{tag}_{n}" for n in names}
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as c:
        for db in dbs.values():
            c.execute(f"CREATE DATABASE {db}")
    try:
        yield {n: f"postgresql+asyncpg://{user}@{PG_HOST}:{PG_PORT}/{db}" for n, db in dbs.items()}
    finally:
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as c:
            for db in dbs.values():
                c.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
