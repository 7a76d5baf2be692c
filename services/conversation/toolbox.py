"""The engines' Toolbox over knowledge-service RPCs: every SQL goes through its guard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from dot.v1 import knowledge_pb2
from services.common import grpc_errors, values
from services.common.clients import Clients
from services.conversation.engine.types import Column, ForeignKey, QueryResult, Schema, Table

QUERY_MAX_ROWS = 100_000
QUERY_TIMEOUT_S = 30.0
MIN_CONNECTION_WEIGHT = 1.0
DEMO_MARGIN = 1.0  # one more table-name word than the best real warehouse (or two column words)


def schema_from_pb(r: knowledge_pb2.GetSchemaResponse) -> Schema:
    return Schema(tables=tuple(Table(
        name=t.name,
        description=t.description,
        row_count=t.row_count if t.HasField("row_count") else None,
        tags=tuple(t.tags),
        columns=tuple(Column(
            name=c.name, type=c.type, description=c.description, is_primary_key=c.is_primary_key,
            sample_values=tuple(str(values.from_value(v)) for v in c.sample_values),
            values_complete=c.values_complete,
            distinct_count=c.distinct_count if c.HasField("distinct_count") else None,
            role=c.role, synonyms=tuple(c.synonyms),
        ) for c in t.columns),
        foreign_keys=tuple(ForeignKey(column=f.column, ref_table=f.ref_table, ref_column=f.ref_column)
                           for f in t.foreign_keys),
    ) for t in r.tables), dialect=r.dialect or "sqlite", connection_id=r.connection_id)


def _fixed(metadata: tuple[tuple[str, str], ...]) -> Callable[[], Awaitable[tuple[tuple[str, str], ...]]]:
    async def same() -> tuple[tuple[str, str], ...]:
        return metadata

    return same


class KnowledgeToolbox:
    """One per answer: carries the asker's identity (refreshed for long answers) and the chosen connection."""

    def __init__(self, clients: Clients,
                 metadata: tuple[tuple[str, str], ...] | Callable[[], Awaitable[tuple[tuple[str, str], ...]]],
                 connection_id: str, *, org_id: str = "", owner: str = "") -> None:
        self._clients = clients
        self.owner = owner  # who asks (org/user): engines bound concurrency per asker
        self._md = metadata if callable(metadata) else _fixed(metadata)
        self.connection_id = connection_id
        self.org_id = org_id  # the asker's org: scopes org-level knowledge such as verified queries
        self._schema: Schema | None = None

    async def _call(self, method: str, request: Any, timeout: float = 30.0) -> Any:
        try:
            md = await self._md()
            return await getattr(self._clients.knowledge, method)(request, metadata=md, timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None

    async def schema(self) -> Schema:
        if self._schema is None:
            r = await self._call("GetSchema", knowledge_pb2.GetSchemaRequest(connection_id=self.connection_id))
            self._schema = schema_from_pb(r)
            self.connection_id = self._schema.connection_id
        return self._schema

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        r = await self._call("Search", knowledge_pb2.SearchRequest(query=query, limit=limit * 2))
        schema = await self.schema()
        out: list[Table] = []
        for hit in r.hits:
            if hit.WhichOneof("item") != "table" or hit.table.connection_id != schema.connection_id:
                continue
            t = schema.table(hit.table.table_name) or schema.table(hit.table.name)
            if t is not None and t not in out:
                out.append(t)
        return out[:limit]

    async def run_sql(self, sql: str) -> QueryResult:
        r = await self._call("ExecuteQuery", knowledge_pb2.ExecuteQueryRequest(
            connection_id=self.connection_id, sql=sql, max_rows=QUERY_MAX_ROWS, timeout_s=QUERY_TIMEOUT_S),
            timeout=QUERY_TIMEOUT_S + 10)
        rows = tuple(values.decode_columns(r.columns, r.row_count))
        return QueryResult(sql=r.sql, columns=tuple(c.name for c in r.columns), rows=rows, truncated=r.truncated)


async def choose_connection(clients: Clients, metadata: tuple[tuple[str, str], ...], question: str) -> str:
    """The connection whose tables best match the question ('' lets knowledge pick its default)."""
    try:
        r = await clients.knowledge.Search(knowledge_pb2.SearchRequest(query=question, limit=50), metadata=metadata,
                                           timeout=10)
    except grpc.aio.AioRpcError as exc:
        raise grpc_errors.decode(exc) from None
    # Rank connections by the question words their table and column names cover, each word weighted
    # by how rare it is across connections (every schema has a "name"; few have a "highschooler"),
    # table names counting double; ties go to the best single table.
    names: dict[str, set[str]] = {}
    cols: dict[str, set[str]] = {}
    best: dict[str, float] = {}
    demo: set[str] = set()
    for hit in r.hits:
        cid = hit.table.connection_id
        if hit.WhichOneof("item") != "table" or not cid:
            continue
        if hit.demo:
            demo.add(cid)
        names.setdefault(cid, set()).update(hit.matched_names)
        cols.setdefault(cid, set()).update(hit.matched_columns)
        best[cid] = max(best.get(cid, 0.0), hit.score)
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
