"""Search learns from its ranking statement whether the org holds any external asset: an org without
any (most) costs no asset read, an org with some ranks them as before, one added or removed is seen by
the next search (nothing is kept between searches), and a search no table matched reads them as before."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.common.principal import Principal
from services.common.store import open_store
from services.knowledge import tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox
from tests.support.databases import fresh_pg_database

ORG, OTHER = "org1", "org2"
ADMIN = Principal(user_id="u-admin", org_id=ORG, role="admin", groups=("all_users",), email="a@x.io")
ANN = Principal(user_id="u-ann", org_id=ORG, role="user", groups=("all_users",), email="ann@x.io")
OTHER_ADMIN = Principal(user_id="u-o", org_id=OTHER, role="admin", groups=("all_users",), email="o@y.io")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}"
        return
    with fresh_pg_database("dot_probe") as url:
        yield url


@pytest.fixture
async def domain(tmp_path: Path, url: str) -> AsyncIterator[tuple[KnowledgeDomain, list[str]]]:
    store = await open_store(url, tables.metadata, history="knowledge")
    d = KnowledgeDomain(store, SecretBox("test-secret-key-0123456789abcdef"), tmp_path / "data", demo_data=False,
                        file_sources=FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()))
    path = tmp_path / "garden.sqlite"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE seedlings (id INTEGER PRIMARY KEY, species TEXT, planted TEXT);"
                      "INSERT INTO seedlings VALUES (1, 'fern', '2024-03-01');")
    con.commit()
    con.close()
    await d.connect(ADMIN, "sqlite", "garden", {"database_location": str(path)})
    await d.sync(ADMIN, "sqlite", "garden")
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    sa.event.listen(store.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield d, statements
    finally:
        for wh in d.state.warehouses.values():
            wh.dispose()
        await store.engine.dispose()


def _asset_reads(statements: list[str]) -> int:
    """Statements that read the asset documents themselves (not the ranking's existence probe)."""
    return sum(1 for s in statements if "external_assets.doc_json" in s and s.lstrip().upper().startswith("SELECT"))


async def test_an_org_without_assets_reads_none_and_one_with_assets_ranks_them(
        domain: tuple[KnowledgeDomain, list[str]]) -> None:
    d, statements = domain
    hits = await d.search(ANN, "seedlings per species", 10)
    assert [h["kind"] for h in hits] == ["table"]
    assert _asset_reads(statements) == 0

    # another org's asset says nothing about this org
    await d.import_asset(OTHER_ADMIN, {"id": "dash-o", "subtype": "dashboard", "name": "seedlings species board"})
    statements.clear()
    hits = await d.search(ANN, "seedlings per species", 10)
    assert [h["kind"] for h in hits] == ["table"] and _asset_reads(statements) == 0

    # an asset of this org is seen by the very next search, ranked beside the table
    await d.import_asset(ADMIN, {"id": "dash-1", "subtype": "dashboard", "name": "seedlings by species"})
    statements.clear()
    hits = await d.search(ANN, "seedlings per species", 10)
    assert sorted(h["kind"] for h in hits) == ["external_asset", "table"]
    assert [h["id"] for h in hits if h["kind"] == "external_asset"] == ["dash-1"]
    assert _asset_reads(statements) == 1

    # removed: gone from the next search, and no read again
    await d.delete_asset(ADMIN, "dash-1")
    statements.clear()
    hits = await d.search(ANN, "seedlings per species", 10)
    assert [h["kind"] for h in hits] == ["table"] and _asset_reads(statements) == 0


async def test_a_search_no_table_matches_still_finds_the_orgs_assets(
        domain: tuple[KnowledgeDomain, list[str]]) -> None:
    d, statements = domain
    await d.import_asset(ADMIN, {"id": "note-1", "subtype": "note", "name": "watering schedule"})
    statements.clear()
    hits = await d.search(ANN, "watering schedule", 10)
    assert [(h["kind"], h["id"]) for h in hits] == [("external_asset", "note-1")]
    assert _asset_reads(statements) == 1
    # nothing matches at all: the same empty answer as before
    assert await d.search(ANN, "volcano eruptions", 10) == []


async def test_inactive_assets_of_an_org_are_still_left_out(domain: tuple[KnowledgeDomain, list[str]]) -> None:
    d, _ = domain
    await d.import_asset(ADMIN, {"id": "old", "subtype": "dashboard", "name": "seedlings species", "active": False})
    hits = await d.search(ANN, "seedlings per species", 10)
    assert [h["kind"] for h in hits] == ["table"]
