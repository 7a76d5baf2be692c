"""Local PostgreSQL and MariaDB for tests: required in CI (CI=true), skipped with a reason elsewhere."""

from __future__ import annotations

import os
import socket

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
