"""A search hit's matched name and column words are kept per (table name, snapshot text): the same words
as reading them from the row each time, and a table re-synced with other columns matches its new ones."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.common.principal import Principal
from services.common.store import open_store
from services.knowledge import search_index, tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox

ORG = "org1"
ADMIN = Principal(user_id="u-admin", org_id=ORG, role="admin", groups=("all_users",), email="a@x.io")
ANN = Principal(user_id="u-ann", org_id=ORG, role="user", groups=("all_users",), email="ann@x.io")


def _garden(path: Path, second_column: str) -> None:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript(f"CREATE TABLE seedlings (id INTEGER PRIMARY KEY, {second_column} TEXT, planted TEXT);"
                      "INSERT INTO seedlings VALUES (1, 'fern', '2024-03-01');")
    con.commit()
    con.close()


@pytest.fixture
async def domain(tmp_path: Path) -> AsyncIterator[tuple[KnowledgeDomain, Path]]:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}", tables.metadata, history="knowledge")
    d = KnowledgeDomain(store, SecretBox("test-secret-key-0123456789abcdef"), tmp_path / "data", demo_data=False,
                        file_sources=FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()))
    path = tmp_path / "garden.sqlite"
    _garden(path, "species")
    await d.connect(ADMIN, "sqlite", "garden", {"database_location": str(path)})
    await d.sync(ADMIN, "sqlite", "garden")
    try:
        yield d, path
    finally:
        for wh in d.state.warehouses.values():
            wh.dispose()
        await store.engine.dispose()


async def test_matched_words_are_kept_and_follow_a_new_snapshot(domain: tuple[KnowledgeDomain, Path]) -> None:
    d, path = domain
    first = await d.search(ANN, "seedlings per species", 10)
    assert first[0]["matched_names"] == ["seedling", "seedlings"]
    assert first[0]["matched_columns"] == ["specie", "species"]
    again = await d.search(ANN, "seedlings per species", 10)
    assert again == first  # kept: the same hit

    _garden(path, "cultivar")  # re-synced with another column: a new snapshot text, its own words
    await d.sync(ADMIN, "sqlite", "garden")
    hits = await d.search(ANN, "seedlings per cultivar and species", 10)
    assert hits[0]["matched_columns"] == ["cultivar"]


def test_kept_words_equal_the_rows_own() -> None:
    from services.knowledge.capabilities.search import Search

    s = Search.__new__(Search)
    Search.__init__(s, None, None, None, None)  # type: ignore[arg-type]
    row = {"name": "OrderItems", "snapshot_json": '{"columns": [{"name": "unitPrice"}, {"name": "order_id"}]}'}
    names, columns = search_index.name_terms(row)
    assert s.name_terms(row) == (names, columns)
    assert s.name_terms(row) is s.name_terms(row)
    assert s.name_terms({**row, "snapshot_json": '{"columns": [{"name": "qty"}]}'})[1] == {"qty"}
