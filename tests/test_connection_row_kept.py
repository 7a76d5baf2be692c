"""A query names the connection's catalog version its answer was shown (routing's listing), and knowledge
runs it on the connection row it holds at that version without reading the row again. Every change of a
connection's parameters or its removal bumps the version, so a replica that did not make the change reads
the row again at the new version; an unknown version (0) or another one always reads; a removal is seen at
once by the replica that made it and by any other at the version it bumped to."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from dot.v1 import knowledge_pb2
from services.common import values
from services.common.errors import NotFound
from services.common.store import Store
from services.conversation.routing import ConnectionChooser
from services.conversation.toolbox import KnowledgeToolbox
from services.knowledge import tables
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.demo import Demo
from services.knowledge.capabilities.state import KnowledgeState
from services.knowledge.file_sources import FileSources
from services.knowledge.repository import Repositories, bump_catalog
from services.knowledge.secrets_box import SecretBox
from tests.support.knowledge import ADMIN, ORG, store_fixture

store = store_fixture()


def _replica(store: Store, tmp_path: Path) -> tuple[Connections, list[str]]:
    """One knowledge process's connections over the shared store, and the connection ids whose row it read."""
    repos, state = Repositories(store), KnowledgeState()
    demo = Demo(repos.bootstrap, repos.connections, state, tmp_path / "data", enabled=False)
    conns = Connections(repos.connections, SecretBox("test-secret-key-0123456789abcdef"),
                        FileSources(allowed=(tmp_path.resolve(),), data_dir=(tmp_path / "data").resolve()), state, demo)
    reads: list[str] = []
    read = repos.connections.row

    async def counted(org: str, cid: str) -> Any:
        reads.append(cid)
        return await read(org, cid)

    repos.connections.row = counted  # type: ignore[method-assign]
    return conns, reads


def _file(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (id INTEGER)")
    con.close()
    return str(path)


async def _version(store: Store, cid: str) -> int:
    async with store.engine.connect() as c:
        return int((await c.execute(sa.select(tables.connections.c.catalog_version).where(
            tables.connections.c.org_id == ORG, tables.connections.c.id == cid))).scalar_one())


async def test_a_row_is_read_once_per_version_and_every_change_is_seen(store: Store, tmp_path: Path) -> None:
    a, a_reads = _replica(store, tmp_path)
    b, _ = _replica(store, tmp_path)
    first, second = _file(tmp_path / "first.sqlite"), _file(tmp_path / "second.sqlite")
    await a.connect(ADMIN, "sqlite", "wh", {"database_location": first})
    async with store.engine.begin() as c:  # a sync on some replica
        await bump_catalog(c, ORG, ["wh"])
    v1 = await _version(store, "wh")
    a_reads.clear()

    assert a.params(await a.row(ORG, "wh", v1)) == {"database_location": first}  # read: this process had v0
    assert a.params(await a.row(ORG, "wh", v1)) == {"database_location": first}  # kept at v1: no read
    await a.row(ORG, "wh")  # no version given: read as before
    assert a_reads == ["wh", "wh"]

    await b.connect(ADMIN, "sqlite", "wh", {"database_location": second})  # another replica changes the file
    v2 = await _version(store, "wh")
    assert v2 > v1
    a_reads.clear()
    assert a.params(await a.row(ORG, "wh", v2)) == {"database_location": second}  # the new version is read
    assert a.params(await a.row(ORG, "wh", v1)) == {"database_location": second}  # an older one never gets the old row
    assert a_reads == ["wh", "wh"]

    assert a.params(await a.row(ORG, "wh", v2)) == {"database_location": second}
    with pytest.raises(NotFound):  # the same id in another org is another connection
        await a.row("org2", "wh", v2)

    await b.remove_connection(ADMIN, "wh", delete_setup=False)  # removed by the other replica
    v3 = await _version(store, "wh")
    for v in (v3, 0):
        with pytest.raises(NotFound):
            await a.row(ORG, "wh", v)
    with pytest.raises(NotFound):  # the kept row went with the read that found none
        await a.row(ORG, "wh", v2)


async def test_the_replica_that_removes_a_connection_drops_its_row(store: Store, tmp_path: Path) -> None:
    a, a_reads = _replica(store, tmp_path)
    await a.connect(ADMIN, "sqlite", "wh", {"database_location": _file(tmp_path / "wh.sqlite")})
    async with store.engine.begin() as c:
        await bump_catalog(c, ORG, ["wh"])
    v = await _version(store, "wh")
    await a.row(ORG, "wh", v)
    await a.remove_connection(ADMIN, "wh", delete_setup=False)
    a_reads.clear()
    with pytest.raises(NotFound):  # even at the version it was kept at
        await a.row(ORG, "wh", v)
    assert a_reads == ["wh"]


class _Knowledge:
    """One warehouse 'books' at catalog version 7, whose table 'loans' the search hits; records queries."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, int]] = []

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        return knowledge_pb2.SearchResponse(hits=[knowledge_pb2.SearchHit(
            table=knowledge_pb2.Table(connection_id="books", name="loans"), matched_names=["loans"])])

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id="books", catalog_version=7, schema_key="k.7")])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        return knowledge_pb2.GetSchemaResponse(connection_id=request.connection_id or "books", dialect="sqlite",
                                               tables=[knowledge_pb2.SchemaTable(
                                                   name="loans", columns=[knowledge_pb2.SchemaColumn(name="member")])])

    async def ExecuteQuery(self, request: Any, **_: Any) -> knowledge_pb2.ExecuteQueryResponse:
        self.queries.append((request.connection_id, request.catalog_version))
        return knowledge_pb2.ExecuteQueryResponse(sql=request.sql, columns=values.encode_columns(["n"], [(3,)]),
                                                  row_count=1)


class _Clients:
    def __init__(self) -> None:
        self.knowledge = _Knowledge()


def test_the_answer_queries_at_the_version_routing_was_shown() -> None:
    clients = _Clients()
    choice = asyncio.run(ConnectionChooser(clients).choose((), "how many loans"))  # type: ignore[arg-type]
    assert (choice.connection_id, choice.catalog_version) == ("books", 7)
    tb = KnowledgeToolbox(clients, (), choice.connection_id, schema=choice.schema,  # type: ignore[arg-type]
                          catalog_version=choice.catalog_version)
    assert asyncio.run(tb.run_sql("SELECT count(*) FROM loans")).rows == ((3,),)
    # no version known (a follow-up in the chat's connection), or the connection knowledge picked: 0, a read
    asyncio.run(KnowledgeToolbox(clients, (), "books").run_sql("SELECT 1"))  # type: ignore[arg-type]
    picked = KnowledgeToolbox(clients, (), "", catalog_version=7)  # type: ignore[arg-type]
    asyncio.run(picked.schema())
    asyncio.run(picked.run_sql("SELECT 1"))
    assert clients.knowledge.queries == [("books", 7), ("books", 0), ("books", 0)]


def test_a_follow_up_takes_the_version_from_a_listing_that_has_come_only() -> None:
    """A follow-up in the chat's connection is not routed: its version comes from the asker's listing when that
    has already arrived (never waited for), else 0; a connection the listing does not show gets 0."""
    from services.conversation.domain import _listed_version

    async def run() -> list[int]:
        loop = asyncio.get_running_loop()
        came: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] = loop.create_future()
        came.set_result(knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id="books", catalog_version=7)]))
        pending: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] = loop.create_future()
        failed: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] = loop.create_future()
        failed.set_exception(RuntimeError("knowledge down"))
        failed.exception()
        cancelled: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] = loop.create_future()
        cancelled.cancel()
        return [_listed_version(came, "books"), _listed_version(came, "shop"), _listed_version(pending, "books"),
                _listed_version(failed, "books"), _listed_version(cancelled, "books"), _listed_version(None, "books")]

    assert asyncio.run(run()) == [7, 0, 0, 0, 0, 0]


async def test_a_warehouse_follows_a_parameter_change_made_on_another_replica(store: Store, tmp_path: Path) -> None:
    """The kept warehouse (pool) was opened with the row's parameters: a row with other parameters (changed by
    another replica, which alone dropped its own) opens the new file; the same row keeps the same pool."""
    a, _ = _replica(store, tmp_path)
    b, _ = _replica(store, tmp_path)
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    for path, n in ((first, 1), (second, 3)):
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (id INTEGER)")
        con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(n)])
        con.commit()
        con.close()
    await a.connect(ADMIN, "sqlite", "wh", {"database_location": str(first)})

    async def count() -> int:
        row = await a.row(ORG, "wh", await _version(store, "wh"))
        wh = a.warehouse(ORG, row)
        assert a.warehouse(ORG, row) is wh  # the same row: the same pool
        return int((await wh.execute("SELECT count(*) FROM t")).rows[0][0])

    assert await count() == 1
    await b.connect(ADMIN, "sqlite", "wh", {"database_location": str(second)})
    assert await count() == 3
    for wh in a.state.warehouses.values():
        wh.dispose()
