"""The engines' Toolbox over knowledge-service RPCs: every SQL goes through its guard."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from dot.v1 import knowledge_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.conversation.engine.types import Column, ForeignKey, QueryResult, Schema, Table

QUERY_MAX_ROWS = 100_000
QUERY_TIMEOUT_S = 30.0
MIN_CONNECTION_WEIGHT = 1.0
DEMO_MARGIN = 1.0  # one more table-name word than the best real warehouse (or two column words)


def schema_from_json(doc: dict[str, Any]) -> Schema:
    tables = []
    for t in doc.get("tables", []):
        tables.append(Table(
            name=t["name"],
            description=t.get("description") or "",
            row_count=t.get("row_count"),
            tags=tuple(t.get("tags") or ()),
            columns=tuple(Column(
                name=c["name"], type=c.get("type") or "", description=c.get("description") or "",
                is_primary_key=bool(c.get("is_primary_key")), sample_values=tuple(str(v) for v in c.get("sample_values") or ()),
                values_complete=bool(c.get("values_complete")), distinct_count=c.get("distinct_count"),
                role=str(c.get("role") or ""), synonyms=tuple(str(x) for x in c.get("synonyms") or ()),
            ) for c in t.get("columns", [])),
            foreign_keys=tuple(ForeignKey(column=f["column"], ref_table=f["ref_table"], ref_column=f["ref_column"])
                               for f in t.get("foreign_keys", [])),
        ))
    return Schema(tables=tuple(tables), dialect=doc.get("dialect", "sqlite"), connection_id=doc.get("connection_id", ""))


def _fixed(metadata: tuple[tuple[str, str], ...]) -> Callable[[], Awaitable[tuple[tuple[str, str], ...]]]:
    async def same() -> tuple[tuple[str, str], ...]:
        return metadata

    return same


class KnowledgeToolbox:
    """One per answer: carries the asker's identity (refreshed for long answers) and the chosen connection."""

    def __init__(self, clients: Clients,
                 metadata: tuple[tuple[str, str], ...] | Callable[[], Awaitable[tuple[tuple[str, str], ...]]],
                 connection_id: str, *, org_id: str = "", owner: str = "", question: str = "") -> None:
        self._clients = clients
        self.owner = owner  # who asks (org/user): engines bound concurrency per asker
        self._md = metadata if callable(metadata) else _fixed(metadata)
        self.connection_id = connection_id
        self.org_id = org_id  # the asker's org: scopes org-level knowledge such as verified queries
        self.question = question  # narrows a big connection's schema to the tables it is about
        self._schema: Schema | None = None

    async def _call(self, method: str, request: Any, timeout: float = 30.0) -> Any:
        try:
            md = await self._md()
            return await getattr(self._clients.knowledge, method)(request, metadata=md, timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None

    async def schema(self) -> Schema:
        if self._schema is None:
            r = await self._call("GetSchema", knowledge_pb2.SchemaRequest(connection_id=self.connection_id,
                                                                       question=self.question))
            self._schema = schema_from_json(json.loads(r.json))
            self.connection_id = self._schema.connection_id
        return self._schema

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        r = await self._call("Search", knowledge_pb2.SearchRequest(query=query, limit=limit * 2))
        schema = await self.schema()
        out: list[Table] = []
        for item in (json.loads(x) for x in r.items):
            if item.get("kind") != "table" or item.get("connection_id") != schema.connection_id:
                continue
            t = schema.table(item.get("table_name", "")) or schema.table(item.get("name", ""))
            if t is not None and t not in out:
                out.append(t)
        return out[:limit]

    async def run_sql(self, sql: str) -> QueryResult:
        r = await self._call("ExecuteQuery", knowledge_pb2.QueryRequest(
            connection_id=self.connection_id, sql=sql, max_rows=QUERY_MAX_ROWS, timeout_s=QUERY_TIMEOUT_S),
            timeout=QUERY_TIMEOUT_S + 10)
        rows = tuple(tuple(row) for row in json.loads(r.rows_json))
        return QueryResult(sql=r.sql, columns=tuple(r.columns), rows=rows, truncated=r.truncated)


SEARCH_LIMIT = 50


async def search_items(clients: Clients, metadata: tuple[tuple[str, str], ...], question: str,
                       limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """Knowledge's search hits for a question (tables and assets, best first): one search serves both
    choosing the connection and recommending related assets."""
    try:
        r = await clients.knowledge.Search(knowledge_pb2.SearchRequest(query=question, limit=limit),
                                           metadata=metadata, timeout=10)
    except grpc.aio.AioRpcError as exc:
        raise grpc_errors.decode(exc) from None
    return [json.loads(x) for x in r.items]


async def choose_connection(clients: Clients, metadata: tuple[tuple[str, str], ...], question: str,
                            items: list[dict[str, Any]] | None = None) -> str:
    """The connection whose tables best match the question ('' lets knowledge pick its default);
    ``items``: the question's search hits when already fetched."""
    if items is None:
        items = await search_items(clients, metadata, question)
    # Rank connections by the question words their table and column names cover, each word weighted
    # by how rare it is across connections (every schema has a "name"; few have a "highschooler"),
    # table names counting double; ties go to the best single table.
    names: dict[str, set[str]] = {}
    cols: dict[str, set[str]] = {}
    best: dict[str, float] = {}
    demo: set[str] = set()
    for item in items:
        cid = item.get("connection_id")
        if item.get("kind") != "table" or not cid:
            continue
        if item.get("demo"):
            demo.add(cid)
        names.setdefault(cid, set()).update(item.get("matched_names", []))
        cols.setdefault(cid, set()).update(item.get("matched_columns", []))
        best[cid] = max(best.get(cid, 0.0), float(item.get("score", 0)))
    if not best:
        return ""
    spread: dict[str, int] = {}
    for cid in best:
        for w in names.get(cid, set()) | cols.get(cid, set()):
            spread[w] = spread.get(w, 0) + 1

    def weight(cid: str) -> float:
        n, c = names.get(cid, set()), cols.get(cid, set()) - names.get(cid, set())
        return sum(2.0 / spread[w] for w in n) + sum(1.0 / spread[w] for w in c)

    def rank(cid: str) -> tuple[float, float]:
        return (weight(cid), best[cid])

    chosen = max(best, key=rank)
    real = [cid for cid in best if cid not in demo]
    if chosen in demo and real:
        # A connected real warehouse wins over the generated demo unless the demo is clearly the better
        # match: it outweighs the best real one by a margin, and covers a question word no real warehouse
        # has or every word the best real one covers and more.
        top = max(real, key=rank)
        demo_words = names.get(chosen, set()) | cols.get(chosen, set())
        unique = any(spread[w] == 1 for w in demo_words)
        covers_more = names.get(top, set()) | cols.get(top, set()) < demo_words
        if not ((unique or covers_more) and weight(chosen) >= weight(top) + DEMO_MARGIN):
            chosen = top
    # A guess from a single common word is no better than the org's main data (a real warehouse first).
    return chosen if weight(chosen) >= MIN_CONNECTION_WEIGHT else ""
