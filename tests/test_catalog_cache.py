"""The catalog engines and the guard read is cached per connection and catalog version (issue 13):
every change to docs, groups or row filters is seen by the very next request, one asker's view is
never served to another, a big connection's schema is narrowed to the question, and reads write
nothing to the store."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dot.v1 import common_pb2
from services.common.errors import QueryRefused
from services.common.store import open_store
from services.knowledge import tables
from services.knowledge.capabilities.query import NARROW_ABOVE_TABLES
from services.knowledge.capabilities.search import NARROW_TABLES
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox
from tests.support.databases import fresh_pg_database

ORG = "org1"
ADMIN = common_pb2.Principal(user_id="u-admin", org_id=ORG, role="admin", groups=["all_users"], email="a@x.io")
ANN = common_pb2.Principal(user_id="u-ann", org_id=ORG, role="user", groups=["all_users", "finance"], email="ann@x.io")
BOB = common_pb2.Principal(user_id="u-bob", org_id=ORG, role="user", groups=["all_users"], email="bob@x.io")


def _warehouse(path: Path, extra_tables: int = 0) -> Path:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE salary (id INTEGER PRIMARY KEY, person TEXT, team TEXT, amount INTEGER,
                             region_id INTEGER REFERENCES region(id));
        INSERT INTO region VALUES (1, 'north'), (2, 'south');
        INSERT INTO salary VALUES (1, 'ann', 'finance', 10, 1), (2, 'bob', 'sales', 20, 2);
    """)
    for i in range(extra_tables):
        con.execute(f"CREATE TABLE filler_{i} (id INTEGER PRIMARY KEY, label TEXT)")
    con.commit()
    con.close()
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The knowledge store on SQLite and on PostgreSQL (the index rows go in through each driver)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}"
        return
    with fresh_pg_database("dot_cat") as url:
        yield url


@pytest.fixture
async def domain(tmp_path: Path, store_url: str) -> AsyncIterator[KnowledgeDomain]:
    store = await open_store(store_url, tables.metadata, history="knowledge")
    d = KnowledgeDomain(store, SecretBox("test-secret-key-0123456789abcdef"), tmp_path / "data", demo_data=False,
                        file_sources=FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()))
    try:
        yield d
    finally:
        for wh in d.state.warehouses.values():
            wh.dispose()
        await store.engine.dispose()


async def _connect(d: KnowledgeDomain, path: Path) -> None:
    await d.connect(ADMIN, "sqlite", "wh", {"database_location": str(path)})
    await d.sync(ADMIN, "sqlite", "wh")


def _names(schema: dict) -> list[str]:
    return sorted(t["name"] for t in schema["tables"])


async def test_changes_are_seen_at_once_and_views_stay_per_asker(domain: KnowledgeDomain, tmp_path: Path) -> None:
    await _connect(domain, _warehouse(tmp_path / "wh.sqlite"))
    assert _names(await domain.schema(BOB, "wh")) == ["region", "salary"]
    # salary becomes finance-only: Bob loses it on the next request, Ann (finance) keeps it
    await domain.set_table_group(ADMIN, "wh.main.salary", "finance", True)
    await domain.set_table_group(ADMIN, "wh.main.salary", "all_users", False)
    assert _names(await domain.schema(ANN, "wh")) == ["region", "salary"]
    assert _names(await domain.schema(BOB, "wh")) == ["region"]
    with pytest.raises(QueryRefused):
        await domain.execute(BOB, "wh", "SELECT * FROM salary", 10, 5)
    assert len((await domain.execute(ANN, "wh", "SELECT * FROM salary", 10, 5))["rows"]) == 2
    # a row filter applies to the very next query, and Ann's values are her own
    await domain.set_row_filter(ADMIN, "wh.main.salary", "team IN (${all_groupnames})")
    rows = (await domain.execute(ANN, "wh", "SELECT person FROM salary", 10, 5))["rows"]
    assert [tuple(r) for r in rows] == [("ann",)]
    salary = next(t for t in (await domain.schema(ANN, "wh"))["tables"] if t["name"] == "salary")
    assert next(c for c in salary["columns"] if c["name"] == "person")["sample_values"] == ["ann"]
    # docs and column roles are in the next schema
    await domain.save_table_doc(ADMIN, {"id": "wh.main.region", "description": "Sales regions",
                                        "semantics": {"name": {"role": "category"}}})
    region = next(t for t in (await domain.schema(BOB, "wh"))["tables"] if t["name"] == "region")
    assert region["description"] == "Sales regions"
    assert next(c for c in region["columns"] if c["name"] == "name")["role"] == "category"


async def test_a_big_schema_is_narrowed_to_the_question(domain: KnowledgeDomain, tmp_path: Path) -> None:
    await _connect(domain, _warehouse(tmp_path / "big.sqlite", extra_tables=NARROW_ABOVE_TABLES + 20))
    full = await domain.schema(BOB, "wh")
    assert len(full["tables"]) == NARROW_ABOVE_TABLES + 22
    narrowed = await domain.schema(BOB, "wh", "total salary amount per person")
    assert _names(narrowed) == ["region", "salary"]  # salary matched, region is what its foreign key points to
    # narrowing never widens what an asker may see
    await domain.set_table_group(ADMIN, "wh.main.salary", "all_users", False)
    assert "salary" not in _names(await domain.schema(BOB, "wh", "total salary amount per person"))


async def test_reads_write_nothing(domain: KnowledgeDomain, tmp_path: Path) -> None:
    await _connect(domain, _warehouse(tmp_path / "wh.sqlite"))
    await domain.schema(BOB, "wh", "salary")  # warm
    writes: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    sa.event.listen(domain.store.engine.sync_engine, "before_cursor_execute", record)
    try:
        await domain.schema(BOB, "wh", "salary")
        await domain.schema(ANN, "")
        await domain.search(BOB, "salary per region", 10)
        await domain.default_connection(BOB)
        await domain.list_tables(BOB, lite=True, include_archived=False)
        await domain.execute(BOB, "wh", "SELECT count(*) FROM region", 10, 5)
    finally:
        sa.event.remove(domain.store.engine.sync_engine, "before_cursor_execute", record)
    assert writes == []
    await domain.flush_use()  # the query's use count is written in a later batch
    async with domain.store.engine.connect() as c:
        used = (await c.execute(sa.select(tables.catalog_tables.c.use_count).where(
            tables.catalog_tables.c.id == "wh.main.region"))).scalar()
    assert used == 1


async def test_a_word_in_every_table_is_ranked_in_the_store(domain: KnowledgeDomain, tmp_path: Path) -> None:
    """'label' is a column of each filler table: search and narrowing keep the best few (score, then
    id), count only what the asker may see, and list the narrowed tables in the catalog's order."""
    await _connect(domain, _warehouse(tmp_path / "big.sqlite", extra_tables=NARROW_ABOVE_TABLES + 20))
    await domain.set_table_group(ADMIN, "wh.main.filler_0", "all_users", False)
    hits = await domain.search(BOB, "label", 5)
    fillers = sorted(f"wh.main.filler_{i}" for i in range(1, NARROW_ABOVE_TABLES + 20))
    assert [h["id"] for h in hits] == fillers[:5]  # equal scores: by id; filler_0 is not Bob's
    assert {h["score"] for h in hits} == {1.5} and all(h["matched_columns"] == ["label"] for h in hits)
    narrowed = await domain.schema(BOB, "wh", "salary label")
    names = [t["name"] for t in narrowed["tables"]]
    # salary (name and no column: 3.0) first, then the fillers (column: 1.5) by id, and region for the key
    expected = {"salary", "region", *(f.rsplit(".", 1)[1] for f in fillers[:NARROW_TABLES - 1])}
    assert set(names) == expected and "filler_0" not in names
    assert names == sorted(names)  # the catalog's order (by id), as an unnarrowed schema lists them
