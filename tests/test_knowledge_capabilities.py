"""Each knowledge capability is a unit of its own over its repository: built here from a bare
store, without the facade, the servicer or the other capabilities it does not need."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.common.errors import InvalidArgument, NotFound, PermissionDenied
from services.common.principal import Principal
from services.common.store import Store
from services.knowledge import tables
from services.knowledge.capabilities.assets import Assets
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.demo import Demo
from services.knowledge.capabilities.state import KnowledgeState
from services.knowledge.file_sources import FileSources
from services.knowledge.repository import Repositories
from services.knowledge.secrets_box import SecretBox
from tests.support.knowledge import ADMIN, ORG, store_fixture

USER = Principal(user_id="u-bob", org_id=ORG, role="user", groups=("all_users",), email="b@x.io")

store = store_fixture()


async def test_assets_alone(store: Store) -> None:
    assets = Assets(Repositories(store).assets)
    doc = {"id": "d1", "subtype": "looker_dashboard", "name": "Revenue"}
    assert await assets.import_asset(ADMIN, doc) == doc
    await assets.import_asset(ADMIN, dict(doc, name="Revenue v2"))  # same id: replaced, not duplicated
    assert await assets.list_assets(USER) == [dict(doc, name="Revenue v2")]
    with pytest.raises(PermissionDenied):
        await assets.delete_asset(USER, "d1")
    with pytest.raises(InvalidArgument, match="subtype"):
        await assets.import_asset(ADMIN, {"id": "d2"})
    await assets.delete_asset(ADMIN, "d1")
    with pytest.raises(NotFound):
        await assets.delete_asset(ADMIN, "d1")


async def test_connections_alone(store: Store, tmp_path: Path) -> None:
    wh = tmp_path / "wh.sqlite"
    con = sqlite3.connect(wh)
    con.execute("CREATE TABLE t (id INTEGER)")
    con.close()
    repos, state = Repositories(store), KnowledgeState()
    demo = Demo(repos.bootstrap, repos.connections, state, tmp_path / "data", enabled=False)
    conns = Connections(repos.connections, SecretBox("test-secret-key-0123456789abcdef"),
                        FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()), state, demo)
    row = await conns.connect(ADMIN, "sqlite", "wh", {"database_location": str(wh)})
    assert (row["id"], row["type"], row["status"]) == ("wh", "sqlite", "connected")
    assert conns.params(row) == {"database_location": str(wh)}  # sealed in the store, opened here
    assert [(r["id"], n) for r, n in await conns.list_connections(ADMIN)] == [("wh", 0)]
    assert await conns.test_connection(ADMIN, "wh") == (True, "connection works")
    assert ("org1", "wh") in state.warehouses  # the pool is kept for the next use
    with pytest.raises(PermissionDenied):
        await conns.list_connections(USER)
    await conns.remove_connection(ADMIN, "wh", delete_setup=True)
    assert ("org1", "wh") not in state.warehouses
    with pytest.raises(NotFound):
        await conns.row(ORG, "wh")


async def test_every_catalog_write_moves_the_version(store: Store, tmp_path: Path) -> None:
    """The repository bumps the connection's catalog version in the transaction of the write, so
    every replica's cached catalog of it is stale at once (a no-op group change included)."""
    repos = Repositories(store)
    await repos.connections.save(ORG, "wh", "sqlite", b"sealed", "{}", "connected")

    async def version() -> int:
        async with store.engine.connect() as c:
            return int((await c.execute(sa.select(tables.connections.c.catalog_version).where(
                tables.connections.c.id == "wh"))).scalar_one())

    before = await version()
    await repos.catalog.set_group(ORG, "wh.main.t", "wh", "finance", insert=False, delete=False)
    await repos.catalog.update_table(ORG, "wh.main.t", "wh", {"row_filter": None})
    assert await version() == before + 2
