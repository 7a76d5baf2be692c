"""A search hit's matched name and column words are kept per (table name, snapshot text): the same words
as reading them from the row each time, and a table re-synced with other columns matches its new ones."""

from __future__ import annotations

import json
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
    assert first[0]["column_count"] == 3 and first[0]["num_rows"] is not None

    _garden(path, "cultivar")  # re-synced with another column: a new snapshot text, its own words
    await d.sync(ADMIN, "sqlite", "garden")
    hits = await d.search(ANN, "seedlings per cultivar and species", 10)
    assert hits[0]["matched_columns"] == ["cultivar"]


def test_kept_words_and_listing_equal_the_rows_own() -> None:
    from services.knowledge.capabilities.search import Search

    s = Search.__new__(Search)
    Search.__init__(s, None, None, None, None)  # type: ignore[arg-type]
    snap = {"columns": [{"name": "unitPrice", "sample_values": [1, 2]}, {"name": "order_id"}], "row_estimate": 12,
            "comment": "line items"}
    row = {"name": "OrderItems", "snapshot_json": json.dumps(snap)}
    names, columns = search_index.name_terms(row)
    kept = s.hit_terms(row)
    assert (kept.names, kept.columns) == (names, columns)
    assert s.hit_terms(row) is kept
    assert len(kept.snap["columns"]) == 2 and kept.snap["row_estimate"] == 12 and kept.snap["comment"] == "line items"
    assert s.hit_terms({**row, "snapshot_json": '{"columns": [{"name": "qty"}]}'}).columns == {"qty"}
    bare = s.hit_terms({"name": "t", "snapshot_json": "{}"}).snap
    assert (len(bare["columns"]), bare.get("row_estimate"), bare.get("comment")) == (0, None, None)


def test_a_hits_listing_from_the_kept_snapshot_equals_reading_the_row() -> None:
    from services.knowledge.capabilities.catalog import Catalog
    from services.knowledge.capabilities.search import Search

    s = Search.__new__(Search)
    Search.__init__(s, None, None, None, None)  # type: ignore[arg-type]
    for snap in ({"columns": [{"name": "a"}, {"name": "b"}], "row_estimate": 7, "comment": "from the source"},
                 {"columns": [{"name": "a"}]}, {}):
        row = {"id": "t1", "schema": "main", "name": "t", "connection_id": "c", "kind": "table", "description": "",
               "archived": False, "row_filter": None, "updated_at": "2026-01-01", "dbt_json": None,
               "lookml_json": None, "snapshot_json": json.dumps(snap)}
        values: dict[str, list[object]] | None
        for values in (None, {}):
            read = Catalog.table_json(None, row, ["g"], lite=True, values=values)  # type: ignore[arg-type]
            kept = Catalog.table_json(None, row, ["g"], lite=True, values=values,  # type: ignore[arg-type]
                                      snap=s.hit_terms(row).snap)
            assert kept == read
