"""Alembic histories per service: fresh stores reach head, stores of the old runner are carried
over without losing rows, replicas starting together on PostgreSQL migrate once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.common.config import SERVICE_NAMES
from services.common.migrations import head, revision_id, version_table
from services.common.store import open_store
from services.knowledge import tables as kt
from tests.support.databases import fresh_pg_database

ROOT = Path(__file__).resolve().parent.parent


def _metadata(service: str) -> sa.MetaData:
    import importlib

    return importlib.import_module(f"services.{service}.tables").metadata


async def _version(store, service: str) -> str:  # type: ignore[no-untyped-def]
    async with store.engine.connect() as c:
        return (await c.execute(sa.text(f"SELECT version_num FROM {version_table(service)}"))).scalar_one()


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_a_fresh_store_reaches_head_and_a_restart_does_nothing(tmp_path: Path, service: str) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / service}.db"
    for _ in range(2):
        store = await open_store(url, _metadata(service), history=service)
        try:
            assert await _version(store, service) == head(service)
            async with store.engine.connect() as c:
                names = await c.run_sync(lambda conn: set(sa.inspect(conn).get_table_names()))
            assert {t.name for t in _metadata(service).sorted_tables} <= names
        finally:
            await store.dispose()


async def test_a_store_of_the_old_runner_is_stamped_and_carried_on_without_losing_rows(tmp_path: Path) -> None:
    """A knowledge store written by the hand-written runner at step 3 (before sync owners and
    semantics): Alembic takes it at knowledge_0003, applies 4 to 7, and the rows are still there."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}"
    store = await open_store(url, kt.metadata, [kt.v1_initial, kt.v2_lookml, kt.v3_search_terms])
    async with store.engine.begin() as c:
        await c.execute(sa.text("INSERT INTO syncs (id, org_id, connection_id, started_at, status) "
                                "VALUES ('sync_old', 'org1', 'demo', '2026-01-01T00:00:00+00:00', 'ok')"))
    await store.dispose()

    store = await open_store(url, kt.metadata, history="knowledge")
    try:
        assert await _version(store, "knowledge") == head("knowledge") == revision_id("knowledge", 7)
        async with store.engine.connect() as c:
            rows = (await c.execute(sa.select(kt.syncs.c.id, kt.syncs.c.owner))).all()
            cols = await c.run_sync(lambda conn: {x["name"] for x in sa.inspect(conn).get_columns("catalog_tables")})
        assert rows == [("sync_old", None)] and "semantics_json" in cols
    finally:
        await store.dispose()


def test_make_migrate_brings_every_store_to_head(tmp_path: Path) -> None:
    env = {**os.environ, "DOT_DATA_DIR": str(tmp_path), "DOT_SECRET_KEY": "k" * 40}
    out = subprocess.run([sys.executable, "-m", "services.common.migrations"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    for service in SERVICE_NAMES:
        assert f"{service}: at {head(service)}" in out.stdout
        assert (tmp_path / f"{service}.db").exists()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    with fresh_pg_database("dot_migr") as url:
        yield url


async def test_replicas_starting_together_on_postgres_migrate_once(pg_url: str) -> None:
    stores = await asyncio.gather(*(open_store(pg_url, kt.metadata, history="knowledge") for _ in range(3)))
    try:
        async with stores[0].engine.connect() as c:
            versions = (await c.execute(sa.text(f"SELECT version_num FROM {version_table('knowledge')}"))).all()
        assert versions == [(head("knowledge"),)]
    finally:
        for s in stores:
            await s.dispose()


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_the_head_read_from_file_names_is_alembics_head(service: str) -> None:
    """Starting a store at head skips importing Alembic; that relies on this naming."""
    from services.common.migrations import newest_revision

    assert newest_revision(service) == head(service)
