"""The answer reuses the schema routing read for the same asker, connection and question (issue 13 item 4):
no second GetSchema, and never a schema of another connection."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import knowledge_pb2
from services.conversation.engine.types import Column, Schema, Table
from services.conversation.toolbox import KnowledgeToolbox


class _Knowledge:
    """Counts the GetSchema calls a toolbox makes and answers them with a one-table schema."""

    def __init__(self) -> None:
        self.calls: list[knowledge_pb2.GetSchemaRequest] = []

    async def GetSchema(self, request: knowledge_pb2.GetSchemaRequest, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        self.calls.append(request)
        return knowledge_pb2.GetSchemaResponse(connection_id=request.connection_id or "main", dialect="sqlite",
                                               tables=[knowledge_pb2.SchemaTable(name="fresh")])


class _Clients:
    def __init__(self) -> None:
        self.knowledge = _Knowledge()


ROUTED = Schema(tables=(Table(name="singer", columns=(Column(name="name", type="TEXT"),)),),
                dialect="sqlite", connection_id="shop")


def test_a_routed_schema_is_used_without_a_second_rpc() -> None:
    clients = _Clients()
    tb = KnowledgeToolbox(clients, (), "shop", question="how many singers", schema=ROUTED)  # type: ignore[arg-type]
    assert asyncio.run(tb.schema()) is ROUTED
    assert clients.knowledge.calls == []


def test_a_schema_of_another_connection_is_not_reused() -> None:
    clients = _Clients()
    tb = KnowledgeToolbox(clients, (), "other", question="how many singers", schema=ROUTED)  # type: ignore[arg-type]
    got = asyncio.run(tb.schema())
    assert [t.name for t in got.tables] == ["fresh"]
    assert [(c.connection_id, c.question) for c in clients.knowledge.calls] == [("other", "how many singers")]
