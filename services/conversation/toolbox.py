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

    @property
    def dialect(self) -> str:
        """The connection's SQL dialect once the schema was read ('' before)."""
        return self._schema.dialect if self._schema is not None else ""

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
