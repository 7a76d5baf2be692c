"""The engines' Toolbox over knowledge-service RPCs: every SQL goes through its guard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import grpc

from dot.v1 import knowledge_pb2
from services.common import grpc_errors, values
from services.common.clients import Clients
from services.conversation.engine.types import Column, ForeignKey, QueryResult, Schema, Table

QUERY_MAX_ROWS = 100_000
QUERY_TIMEOUT_S = 30.0


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
                 connection_id: str, *, org_id: str = "", owner: str = "", question: str = "",
                 schema: Schema | None = None, schema_key: str = "", catalog_version: int = 0,
                 approved_queries: Awaitable[Mapping[str, Any]] | None = None) -> None:
        self._clients = clients
        self.owner = owner  # who asks (org/user): engines bound concurrency per asker
        self._md = metadata if callable(metadata) else _fixed(metadata)
        self.connection_id = connection_id
        self.org_id = org_id  # the asker's org: scopes org-level knowledge such as verified queries
        self.question = question  # narrows a big connection's schema to the tables it is about
        # routing may have read it already (same asker, connection and question): no second GetSchema
        self._schema: Schema | None = schema if schema is not None and schema.connection_id == connection_id else None
        # knowledge's key of that schema when it is the whole one kept under the key ('' otherwise): the analyst's
        # workers keep a schema by it, so an unchanged one is not sent with every job
        self.schema_key = schema_key if self._schema is not None else ""
        # the connection's catalog version as routing's listing gave it (0: unknown), for that connection only:
        # knowledge runs a query at the version the asker was shown without reading the connection's row again
        self._version = (connection_id, catalog_version) if connection_id else ("", 0)
        # the org's approved verified queries by connection, read while the question was routed (or None)
        self.approved_queries = approved_queries

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
            r = await self._call("GetSchema", knowledge_pb2.GetSchemaRequest(connection_id=self.connection_id,
                                                                          question=self.question))
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
        version = self._version[1] if self._version[0] == self.connection_id else 0
        r = await self._call("ExecuteQuery", knowledge_pb2.ExecuteQueryRequest(
            connection_id=self.connection_id, sql=sql, max_rows=QUERY_MAX_ROWS, timeout_s=QUERY_TIMEOUT_S,
            catalog_version=version), timeout=QUERY_TIMEOUT_S + 10)
        rows = tuple(values.decode_columns(r.columns, r.row_count))
        return QueryResult(sql=r.sql, columns=tuple(c.name for c in r.columns), rows=rows, truncated=r.truncated)
