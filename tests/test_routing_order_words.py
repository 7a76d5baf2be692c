"""Routing orders the connections the search did not name by the question's words; those words are read only
when there is a kept schema to compare them with (``ConnectionChooser._order_extra``). With one connection the
search named (nothing left to order) the question is not tokenised for it, and the order is the same as when the
words are read up front."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import knowledge_pb2
from services.conversation import routing
from services.conversation.routing import ConnectionChooser


def _schema(cid: str, table: str, cols: list[str]) -> knowledge_pb2.GetSchemaResponse:
    return knowledge_pb2.GetSchemaResponse(connection_id=cid, dialect="sqlite", tables=[knowledge_pb2.SchemaTable(
        name=table, columns=[knowledge_pb2.SchemaColumn(name=c, type="TEXT") for c in cols])])


class _Knowledge:
    """Warehouses 'garden' (plants), 'kennel' (dogs), 'mill' (sacks); the search names only those in ``hit``."""

    def __init__(self, hit: list[str]) -> None:
        self.hit = hit
        self.tables = {"garden": ("plants", ["species", "bed"]), "kennel": ("dogs", ["breed", "owner"]),
                       "mill": ("sacks", ["grain", "weight"])}

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        return knowledge_pb2.SearchResponse(hits=[knowledge_pb2.SearchHit(
            table=knowledge_pb2.Table(connection_id=cid, name=self.tables[cid][0]),
            matched_names=[self.tables[cid][0]]) for cid in self.hit])

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id=cid, schema_key=f"k-{cid}.1") for cid in self.tables])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        table, cols = self.tables[request.connection_id]
        return _schema(request.connection_id, table, cols)


class _Clients:
    def __init__(self, hit: list[str]) -> None:
        self.knowledge = _Knowledge(hit)


def _counting(monkeypatch: Any) -> list[str]:
    read: list[str] = []
    real = routing.question_words

    def counting(question: str) -> Any:
        read.append(question)
        return real(question)

    monkeypatch.setattr(routing, "question_words", counting)
    return read


def test_nothing_to_order_reads_no_words(monkeypatch: Any) -> None:
    read = _counting(monkeypatch)
    chooser = ConnectionChooser(_Clients([]))  # type: ignore[arg-type]
    assert chooser._order_extra([], {}, "which breed has the most dogs") == []
    # connections never read yet are ordered by id without the question's words
    assert chooser._order_extra(["mill", "kennel"], {"mill": "k-mill.1", "kennel": ""}, "how many dogs") == \
        ["kennel", "mill"]
    assert read == []


def test_kept_schemas_are_ordered_by_the_words_read_once(monkeypatch: Any) -> None:
    chooser = ConnectionChooser(_Clients(["garden", "kennel", "mill"]))  # type: ignore[arg-type]
    asyncio.run(chooser.choose((), "how many plants per bed and dogs per breed and sacks per grain"))  # keeps all three
    read = _counting(monkeypatch)
    visible = {cid: f"k-{cid}.1" for cid in ("garden", "kennel", "mill")}
    order = chooser._order_extra(["mill", "garden", "kennel"], visible, "which breed of dogs")
    assert read == ["which breed of dogs"]  # once for the three kept schemas
    words = routing.question_words("which breed of dogs")
    expected = sorted(["mill", "garden", "kennel"], key=lambda cid: (
        0 if routing.touches(words, chooser._keyed.get(visible[cid])[3]) else 2,  # type: ignore[index]
        -routing.touches(words, chooser._keyed.get(visible[cid])[3]), cid))  # type: ignore[index]
    assert order == expected and order[0] == "kennel"


def test_one_named_connection_is_chosen_without_reading_the_words(monkeypatch: Any) -> None:
    read = _counting(monkeypatch)
    clients = _Clients(["kennel"])
    clients.knowledge.tables = {"kennel": clients.knowledge.tables["kennel"]}  # the asker sees one connection
    choice = asyncio.run(ConnectionChooser(clients).choose((), "which breed has the most dogs"))  # type: ignore[arg-type]
    assert choice.connection_id == "kennel" and read == []
