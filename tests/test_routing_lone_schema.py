"""A question with one candidate connection reuses the schema routing keeps under knowledge's schema key
(org, connection, catalog version, groups): an unchanged connection's schema is read once, not once per
answer; a new key (new catalog version, other groups) is read afresh, and a schema without a key (narrowed
to the question, or with sample values that depend on the asker) is left to the answer to read."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import knowledge_pb2
from services.conversation.routing import ConnectionChooser
from services.conversation.toolbox import KnowledgeToolbox


def _schema(cid: str, table: str, cols: list[str]) -> knowledge_pb2.GetSchemaResponse:
    return knowledge_pb2.GetSchemaResponse(connection_id=cid, dialect="sqlite", tables=[knowledge_pb2.SchemaTable(
        name=table, columns=[knowledge_pb2.SchemaColumn(name=c, type="TEXT") for c in cols])])


class _Knowledge:
    """One warehouse, 'books', whose table 'loans' the search hits by name; counts GetSchema calls."""

    def __init__(self) -> None:
        self.key = "k-books.1"
        self.schema = _schema("books", "loans", ["member", "title"])
        self.reads: list[tuple[str, str]] = []

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        return knowledge_pb2.SearchResponse(hits=[knowledge_pb2.SearchHit(
            table=knowledge_pb2.Table(connection_id="books", name="loans"), matched_names=["loans"])])

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id="books", schema_key=self.key)])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        self.reads.append((request.connection_id, request.question))
        return self.schema


class _Clients:
    def __init__(self) -> None:
        self.knowledge = _Knowledge()


def _answer_schema(clients: _Clients, chooser: ConnectionChooser, question: str) -> tuple[str, list[str]]:
    """Route ``question`` and read the schema as the answer's toolbox does: (connection, its table names)."""
    choice = asyncio.run(chooser.choose((), question))
    tb = KnowledgeToolbox(clients, (), choice.connection_id, question=question, schema=choice.schema)  # type: ignore[arg-type]
    schema = asyncio.run(tb.schema())
    return choice.connection_id, [f"{t.name}({','.join(c.name for c in t.columns)})" for t in schema.tables]


def test_a_lone_candidates_schema_is_read_once_per_key() -> None:
    clients = _Clients()
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    assert _answer_schema(clients, chooser, "how many loans") == ("books", ["loans(member,title)"])
    assert _answer_schema(clients, chooser, "list the loans per member") == ("books", ["loans(member,title)"])
    assert clients.knowledge.reads == [("books", "")]  # one read for both answers (routing's, the whole schema)

    clients.knowledge.key = "k-books.2"  # a new catalog version: read again, and its new columns are seen
    clients.knowledge.schema = _schema("books", "loans", ["borrower", "title", "due"])
    assert _answer_schema(clients, chooser, "how many loans") == ("books", ["loans(borrower,title,due)"])
    assert clients.knowledge.reads == [("books", ""), ("books", "")]


def test_a_schema_without_a_key_is_read_by_the_answer_each_time() -> None:
    clients = _Clients()
    clients.knowledge.key = ""  # narrowed to the question, or values that depend on the asker
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    for _ in range(2):
        assert _answer_schema(clients, chooser, "how many loans") == ("books", ["loans(member,title)"])
    assert clients.knowledge.reads == [("books", "how many loans")] * 2  # the answer's own reads, with the question


def test_the_choice_names_the_key_of_the_whole_schema_it_carries() -> None:
    """The answer's toolbox carries the key (for the analyst's workers, which keep a keyed schema) only with the
    whole schema kept under it; a schema the answer reads itself (no key) carries none."""
    clients = _Clients()
    chooser = ConnectionChooser(clients)  # type: ignore[arg-type]
    choice = asyncio.run(chooser.choose((), "how many loans"))
    assert choice.schema is not None and choice.schema_key == "k-books.1"
    tb = KnowledgeToolbox(clients, (), choice.connection_id, schema=choice.schema,  # type: ignore[arg-type]
                          schema_key=choice.schema_key)
    assert tb.schema_key == "k-books.1"
    elsewhere = KnowledgeToolbox(clients, (), "other", schema=choice.schema,  # type: ignore[arg-type]
                                 schema_key=choice.schema_key)
    assert elsewhere.schema_key == ""  # the schema is not used for another connection, nor its key

    clients.knowledge.key = ""
    unkeyed = asyncio.run(ConnectionChooser(clients).choose((), "how many loans"))  # type: ignore[arg-type]
    assert unkeyed.schema is None and unkeyed.schema_key == ""
