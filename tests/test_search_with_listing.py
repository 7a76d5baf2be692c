"""Search can list the connections the caller can see in the same round trip (routing reads both for every
question): the listing is ListVisibleConnections' own answer for that caller, the hits are Search's; the
conversation side asks ListVisibleConnections itself when a search did not list them."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dot.v1 import knowledge_pb2
from services.common import callctx
from services.common.principal import Principal
from services.common.store import open_store
from services.conversation.domain import ConversationDomain
from services.knowledge import tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox
from services.knowledge.servicer import KnowledgeServicer

ORG = "org1"
ADMIN = Principal(user_id="u-admin", org_id=ORG, role="admin", groups=("all_users",), email="a@x.io")
ANN = Principal(user_id="u-ann", org_id=ORG, role="user", groups=("all_users", "finance"), email="ann@x.io")
BOB = Principal(user_id="u-bob", org_id=ORG, role="user", groups=("all_users",), email="bob@x.io")


def _warehouse(path: Path, script: str) -> Path:
    con = sqlite3.connect(path)
    con.executescript(script)
    con.commit()
    con.close()
    return path


@pytest.fixture
async def servicer(tmp_path: Path) -> AsyncIterator[KnowledgeServicer]:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}", tables.metadata, history="knowledge")
    d = KnowledgeDomain(store, SecretBox("test-secret-key-0123456789abcdef"), tmp_path / "data", demo_data=False,
                        file_sources=FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()))
    shop = _warehouse(tmp_path / "shop.sqlite", "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL, region TEXT);"
                                                 "INSERT INTO orders VALUES (1, 10.5, 'north');")
    crm = _warehouse(tmp_path / "crm.sqlite", "CREATE TABLE leads (id INTEGER PRIMARY KEY, region TEXT, owner TEXT);"
                                               "INSERT INTO leads VALUES (1, 'north', 'ann');")
    for cid, path in (("shop", shop), ("crm", crm)):
        await d.connect(ADMIN, "sqlite", cid, {"database_location": str(path)})
        await d.sync(ADMIN, "sqlite", cid)
    await d.set_table_group(ADMIN, "crm.main.leads", "finance", True)  # crm: finance only
    await d.set_table_group(ADMIN, "crm.main.leads", "all_users", False)
    try:
        yield KnowledgeServicer(d)
    finally:
        for wh in d.state.warehouses.values():
            wh.dispose()
        await store.engine.dispose()


async def _as(p: Principal, call: Any) -> Any:
    token = callctx.begin(callctx.Call(request_id="t", principal=p))
    try:
        return await call
    finally:
        callctx.end(token)


async def test_the_listing_beside_the_search_is_the_callers_own(servicer: KnowledgeServicer) -> None:
    for p, seen in ((ANN, ["crm", "shop"]), (BOB, ["shop"])):
        both = await _as(p, servicer.Search(knowledge_pb2.SearchRequest(query="orders and leads per region", limit=50,
                                                                         with_visible_connections=True), None))
        plain = await _as(p, servicer.Search(knowledge_pb2.SearchRequest(query="orders and leads per region",
                                                                          limit=50), None))
        listed = await _as(p, servicer.ListVisibleConnections(knowledge_pb2.ListVisibleConnectionsRequest(), None))
        assert list(both.hits) == list(plain.hits) and len(plain.hits) >= 1
        assert both.visible_connections_listed and list(both.visible_connections) == list(listed.connections)
        assert sorted(c.connection_id for c in both.visible_connections) == seen
        assert not plain.visible_connections_listed and not plain.visible_connections  # not asked: not listed


class _Knowledge:
    def __init__(self) -> None:
        self.listings = 0

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        self.listings += 1
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id="asked", schema_key="k.1")])


async def _listing(listed: bool) -> tuple[list[str], int]:
    knowledge = _Knowledge()
    me = SimpleNamespace(clients=SimpleNamespace(knowledge=knowledge))
    search = asyncio.get_running_loop().create_future()
    search.set_result(knowledge_pb2.SearchResponse(
        visible_connections=[knowledge_pb2.VisibleConnection(connection_id="listed", schema_key="k.2")] if listed else [],
        visible_connections_listed=listed))
    r = await ConversationDomain._listed_with(me, search, ())  # type: ignore[arg-type]
    return [c.connection_id for c in r.connections], knowledge.listings


async def test_the_conversation_asks_for_the_listing_only_when_the_search_did_not_list() -> None:
    assert await _listing(True) == (["listed"], 0)
    assert await _listing(False) == (["asked"], 1)  # e.g. a knowledge service that predates the field
