"""Local PostgreSQL and MariaDB for tests: required in CI (CI=true), skipped with a reason elsewhere."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_HOST, PG_PORT = "127.0.0.1", 5432
MY_HOST, MY_PORT = "127.0.0.1", 3306


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_server(name: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} at {host}:{port} is unreachable, and CI requires it")
    pytest.skip(f"{name} at {host}:{port} is not running here (it is required in CI)")


def pg_user() -> str:
    """``root`` exists here with trust auth; fall back to ``postgres``."""
    import psycopg

    for user in ("root", "postgres"):
        try:
            psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", connect_timeout=3).close()
            return user
        except psycopg.OperationalError:
            continue
    pytest.fail("PostgreSQL is up but neither root nor postgres can connect to database test")


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (asyncpg URL), dropped afterwards; skipped or failed as
    ``require_server`` decides when PostgreSQL is not running."""
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    user, name = pg_user(), f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+asyncpg://{user}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
