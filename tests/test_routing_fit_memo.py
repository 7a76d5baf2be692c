"""Routing keeps a whole schema's fit to a question (``ConnectionChooser._fits``): the same question on
the same schema key is not fitted again and chooses the same; another question, or a new key (a new
catalog version or other groups), is fitted afresh."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import knowledge_pb2
from services.conversation import routing
from services.conversation.routing import ConnectionChooser


def _schema(cid: str, table: str, cols: list[str]) -> knowledge_pb2.GetSchemaResponse:
    return knowledge_pb2.GetSchemaResponse(connection_id=cid, dialect="sqlite", tables=[knowledge_pb2.SchemaTable(
        name=table, columns=[knowledge_pb2.SchemaColumn(name=c, type="REAL" if c == "amount" else "TEXT")
                             for c in cols])])


class _Knowledge:
    """Two warehouses: 'books' (loans) and 'fleet' (trucks); the search hits both on their table names."""

    def __init__(self) -> None:
        self.keys = {"books": "k-books.1", "fleet": "k-fleet.1"}
        self.schemas = {"books": _schema("books", "loans", ["member", "title", "amount"]),
                        "fleet": _schema("fleet", "trucks", ["plate", "depot", "amount"])}

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        hits = []
        for cid, table in (("books", "loans"), ("fleet", "trucks")):
            hits.append(knowledge_pb2.SearchHit(table=knowledge_pb2.Table(connection_id=cid, name=table),
                                                matched_names=[table]))
        return knowledge_pb2.SearchResponse(hits=hits)

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id=cid, schema_key=key) for cid, key in self.keys.items()])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        return self.schemas[request.connection_id]


class _Clients:
    def __init__(self) -> None:
        self.knowledge = _Knowledge()


def test_a_question_asked_again_is_not_fitted_again(monkeypatch) -> None:
    fitted: list[str] = []
    real = routing.schema_fit

    def counting(question, index, model, facts=None):  # type: ignore[no-untyped-def]
        fitted.append(question)
        return real(question, index, model, facts)

    monkeypatch.setattr(routing, "schema_fit", counting)
    clients = _Clients()
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    ask = "total amount of loans per member"
    first = asyncio.run(chooser.choose((), ask))
    assert first.connection_id == "books" and len(fitted) == 2  # both candidates fitted once
    again = asyncio.run(chooser.choose((), ask))
    assert again == first and len(fitted) == 2  # nothing fitted again

    other = asyncio.run(chooser.choose((), "total amount of trucks per depot"))
    assert other.connection_id == "fleet" and len(fitted) == 4  # another question: fitted afresh

    clients.knowledge.keys["books"] = "k-books.2"  # a new catalog version: its schema is read and fitted again
    clients.knowledge.schemas["books"] = _schema("books", "loans", ["borrower", "title"])
    changed = asyncio.run(chooser.choose((), ask))
    assert len(fitted) == 5  # books (new key) again; fleet's fit kept
    assert changed == asyncio.run(ConnectionChooser(_same_knowledge(clients)).choose((), ask))  # type: ignore[arg-type]


def _same_knowledge(clients: _Clients) -> _Clients:
    """A fresh chooser over the same (changed) knowledge: what the kept fits must agree with."""
    fresh = _Clients()
    fresh.knowledge = clients.knowledge
    return fresh


def test_the_chosen_of_several_names_the_key_of_its_kept_schema() -> None:
    clients = _Clients()
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    choice = asyncio.run(chooser.choose((), "total amount of trucks per depot"))
    assert choice.connection_id == "fleet" and choice.schema_key == "k-fleet.1"
    assert choice.schema is chooser._keyed.get("k-fleet.1")[0]  # type: ignore[index]
    clients.knowledge.keys["fleet"] = ""  # narrowed or per-asker: read with the question, carries no key
    again = asyncio.run(ConnectionChooser(clients).choose((), "total amount of trucks per depot"))  # type: ignore[arg-type]
    assert again.connection_id == "fleet" and again.schema is not None and again.schema_key == ""
