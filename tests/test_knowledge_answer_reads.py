"""The knowledge reads of every answer (a connection's row, the live connections, the search's table rows
and groups, the external assets) are statements built once and bound per call: each returns only the asked
org's rows, a removed connection is not found, and the results equal the same reads written out in full.
SQLite always, PostgreSQL when a server is reachable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.common.store import open_store
from services.knowledge import tables as t
from services.knowledge.repository import Repositories
from tests.support.databases import fresh_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}"
        return
    with fresh_pg_database("dot_kreads") as url:
        yield url


async def test_answer_reads_are_per_org_and_match_full_queries(url: str) -> None:
    store = await open_store(url, t.metadata, history="knowledge")
    try:
        async with store.engine.begin() as c:
            for org in ("o1", "o2"):
                for cid, removed in (("b", False), ("a", False), ("gone", True)):
                    await c.execute(t.connections.insert().values(
                        org_id=org, id=cid, type="sqlite", params_enc="x", public_json=f'{{"org": "{org}"}}',
                        created_at="2026-01-01", removed=removed))
                    for name, groups in (("x", ("shared", f"{org}-x")), ("y", (f"{org}-y",)), ("z", ())):
                        tid = f"{cid}.main.{name}"
                        await c.execute(t.catalog_tables.insert().values(
                            org_id=org, id=tid, connection_id=cid, schema="main", name=name, kind="table",
                            snapshot_json=f'{{"org": "{org}"}}', fingerprint="f", created_at="n", updated_at="n"))
                        for g in groups:
                            await c.execute(t.table_groups.insert().values(org_id=org, table_id=tid, group_name=g))
                await c.execute(t.external_assets.insert().values(org_id=org, id="d1", subtype="note",
                                                                  doc_json=f'{{"org": "{org}"}}', source="s",
                                                                  updated_at="n"))
        repos = Repositories(store)
        for org in ("o1", "o2"):
            row = await repos.connections.row(org, "a")
            assert row is not None and (row["org_id"], row["id"], row["public_json"]) == (org, "a", f'{{"org": "{org}"}}')
            assert await repos.connections.row(org, "gone") is None  # removed: refused at once
            assert await repos.connections.row(org, "nope") is None
            assert [(r["org_id"], r["id"]) for r in await repos.connections.live(org)] == [(org, "a"), (org, "b")]
            # one row per table whatever its number of groups (two, one, none), with all its groups
            rows, groups = await repos.catalog.search_rows(org, ["a.main.x", "b.main.y", "a.main.z", "nope"])
            assert sorted((r["org_id"], r["id"], r["public_json"]) for r in rows) == [
                (org, "a.main.x", f'{{"org": "{org}"}}'), (org, "a.main.z", f'{{"org": "{org}"}}'),
                (org, "b.main.y", f'{{"org": "{org}"}}')]
            assert {k: sorted(v) for k, v in groups.items()} == {"a.main.x": [f"{org}-x", "shared"],
                                                                 "b.main.y": [f"{org}-y"]}
            async with store.engine.connect() as c:  # the same reads written out in full
                ids = ["a.main.x", "b.main.y", "a.main.z"]
                full = (await c.execute(sa.select(t.catalog_tables).where(
                    t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids)))).mappings().all()
                assert sorted((r["id"], r["snapshot_json"]) for r in full) == \
                    sorted((r["id"], r["snapshot_json"]) for r in rows)
                full_groups = (await c.execute(sa.select(t.table_groups.c.table_id, t.table_groups.c.group_name).where(
                    t.table_groups.c.org_id == org, t.table_groups.c.table_id.in_(ids)))).all()
                assert sorted(tuple(g) for g in full_groups) == sorted((k, g) for k, v in groups.items() for g in v)
            assert await repos.assets.docs(org) == [f'{{"org": "{org}"}}']
        assert await repos.connections.live("o3") == [] and await repos.assets.docs("o3") == []
        assert await repos.catalog.search_rows("o3", ["a.main.x"]) == ([], {})
    finally:
        await store.dispose()
