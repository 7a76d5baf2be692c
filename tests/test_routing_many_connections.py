"""Routing among many connected warehouses (issue 12 item 5): a question nobody pinned reaches the one
warehouse whose names place it, however many others are connected and however its id sorts."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import knowledge_pb2
from services.conversation.routing import MAX_FITTED, ConnectionChooser


def _table(name: str, cols: dict[str, str]) -> knowledge_pb2.SchemaTable:
    return knowledge_pb2.SchemaTable(name=name, columns=[knowledge_pb2.SchemaColumn(name=c, type=t)
                                                         for c, t in cols.items()])


def _shop(cid: str) -> knowledge_pb2.GetSchemaResponse:
    return knowledge_pb2.GetSchemaResponse(connection_id=cid, dialect="sqlite", tables=[
        _table("customers", {"customer_id": "INTEGER", "name": "TEXT", "city": "TEXT"}),
        _table("orders", {"order_id": "INTEGER", "customer_id": "INTEGER", "amount": "REAL", "order_date": "DATE"})])


METERS = knowledge_pb2.GetSchemaResponse(connection_id="zz-utility", dialect="sqlite", tables=[
    _table("MTR", {"MTR_ID": "INTEGER", "SVC_TYPE_CD": "TEXT", "INSTALL_DT": "DATE"}),
    _table("MTR_RDG", {"RDG_ID": "INTEGER", "MTR_ID": "INTEGER", "RDG_DT": "DATE", "USAGE_QTY": "REAL"})])


class _Knowledge:
    """Many shops named before the meter warehouse; the search only ever hits plain table names."""

    def __init__(self, shops: int) -> None:
        self.schemas = {f"c{i:02d}": _shop(f"c{i:02d}") for i in range(shops)}
        self.schemas["zz-utility"] = METERS
        self.reads: list[str] = []

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        words = set(request.query.lower().replace("?", "").split())
        hits = [knowledge_pb2.SearchHit(table=knowledge_pb2.Table(connection_id=cid, name=t.name),
                                        matched_names=[t.name])
                for cid, s in self.schemas.items() for t in s.tables if t.name.lower() in words]
        return knowledge_pb2.SearchResponse(hits=hits)

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id=cid, schema_key=f"{cid}.1") for cid in self.schemas])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        self.reads.append(request.connection_id)
        return self.schemas[request.connection_id]


class _Clients:
    def __init__(self, shops: int) -> None:
        self.knowledge = _Knowledge(shops)


def test_a_warehouse_whose_id_sorts_last_is_still_read_and_chosen() -> None:
    clients = _Clients(MAX_FITTED + 2)  # more shops than one question reads
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    question = "How many meter readings were taken per month?"
    first = asyncio.run(chooser.choose((), question))
    assert "zz-utility" not in clients.knowledge.reads  # a cold start reads the first MAX_FITTED by id
    assert first.connection_id != "zz-utility"
    # the next question reads the connections never read before the ones already known not to fit it
    asyncio.run(chooser.choose((), "Which vendors were audited?"))
    assert "zz-utility" in clients.knowledge.reads
    again = asyncio.run(chooser.choose((), question))
    assert again.connection_id == "zz-utility"
    # and once every schema is known, the one holding the question's words is fitted first
    other = asyncio.run(chooser.choose((), "total usage per meter"))
    assert other.connection_id == "zz-utility"
