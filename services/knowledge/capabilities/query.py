"""What an engine sees and runs: the schema of one connection for the asker (narrowed to the
question on a big connection), the org's default connection, and the one guarded query path
(guard, then run read-only), with table use counted off the query path."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.exc import OperationalError

from services.common.errors import InvalidArgument, NotFound
from services.common.identity import data_groups
from services.common.principal import Principal
from services.knowledge import catalog as cat
from services.knowledge import connection_types as ct
from services.knowledge.capabilities.catalog import Catalog, GuardContext
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.demo import Demo
from services.knowledge.capabilities.search import Search
from services.knowledge.capabilities.state import KnowledgeState, sees_stored_values
from services.knowledge.repository import UsageRepo
from services.knowledge.warehouse import sqlglot_dialect

log = logging.getLogger(__name__)
MAX_QUERY_ROWS = 100_000
QUERY_TIMEOUT_S = 30.0
# A schema asked for with the question is narrowed to the tables the question is about once the
# connection is bigger than this (engines link questions over every table they are given).
NARROW_ABOVE_TABLES = 100
USE_FLUSH_S = 1.0  # table use counts are written in batches, off the query path


class Query:
    def __init__(self, repo: UsageRepo, connections: Connections, demo: Demo, catalog: Catalog, search: Search,
                 state: KnowledgeState) -> None:
        self.repo = repo
        self.connections = connections
        self.demo = demo
        self.catalog = catalog
        self.search = search
        self.state = state

    async def schema(self, p: Principal, connection_id: str, question: str = "") -> dict[str, Any]:
        """The catalog an engine may use on one connection, for the caller's groups; with the question,
        a big connection's is narrowed to the tables it is about (see ``Search.relevant``)."""
        if connection_id:  # a first question that names the demo must find it (default_connection ensures it too)
            await self.demo.ensure(p)
        cid = connection_id or await self.default_connection(p)
        conn = await self.connections.row(p.org_id, cid)
        catalog = await self.catalog.catalog(p.org_id, conn)
        groups = None if p.role == "service" else data_groups(p)
        visible: Sequence[cat.CatalogTable] = catalog.visible(groups)
        if question and len(visible) > NARROW_ABOVE_TABLES:
            visible = await self.search.relevant(p, catalog, cid, question, groups)
        await self.catalog.details(p.org_id, catalog, [x.id for x in visible])
        tables = []
        ctx: GuardContext | None = None
        for x in visible:
            detail = catalog.details.get(x.id)
            if detail is None:
                continue  # deleted since this version was read: the next request sees a newer one
            values = None
            if x.row_filter and not sees_stored_values(p):
                if conn["type"] in ct.WAREHOUSE_TYPES:
                    ctx = ctx or await self.catalog.guard_context(p, conn, catalog)
                values = await self.catalog.asker_values(p, catalog.row(x), ctx)
            tables.append(cat.entry_for_asker(detail, values))
        return {"connection_id": cid, "dialect": sqlglot_dialect(conn["type"]), "tables": tables}

    async def visible_connections(self, p: Principal) -> list[dict[str, Any]]:
        """The connections the caller can see a table of, by ListTables' rule (admins and modelers
        without active groups see every table), read from the per-version catalogs instead of every
        table row. ``schema_key`` names the schema ``schema`` gives this caller on any question: the
        org, connection, catalog version and data groups; "" when the schema is narrowed to the
        question or its sample values depend on the caller (row filters)."""
        await self.demo.ensure(p)
        every = p.role == "service" or (p.role in ("admin", "modeler") and not p.active_groups)
        schema_groups = None if p.role == "service" else data_groups(p)
        own_values = sees_stored_values(p)
        out = []
        for conn in await self.connections.repo.live(p.org_id):
            self.connections.keep_row(p.org_id, conn)  # the answer that listed it queries it next
            catalog = await self.catalog.catalog(p.org_id, conn)
            listed = catalog.tables if every else catalog.visible(data_groups(p))
            if not listed:
                continue
            schema_tables = catalog.visible(schema_groups)
            key = ""
            if len(schema_tables) <= NARROW_ABOVE_TABLES and (own_values or not any(x.row_filter for x in schema_tables)):
                scope = "*" if schema_groups is None else ",".join(sorted(set(schema_groups)))
                key = hashlib.sha1(f"{p.org_id}\0{conn['id']}\0{scope}".encode()).hexdigest()[:16] \
                    + f".{catalog.version}"
            out.append({"connection_id": conn["id"], "catalog_version": catalog.version,
                        "table_count": len(listed), "schema_key": key})
        return out

    async def default_connection(self, p: Principal) -> str:
        """The org's main data: a real warehouse before the generated demo, then the one whose tables
        are queried most, then the oldest one. One grouped query over the asker's visible tables."""
        await self.demo.ensure(p)
        rows, created = await self.repo.per_connection(p.org_id, None if p.role == "service" else data_groups(p),
                                                       ct.WAREHOUSE_TYPES)
        if not rows:
            raise NotFound("no data is connected yet (or none is shared with your groups): "
                           "an admin can connect a warehouse with POST /api/connect_<type>")
        use = {cid: int(n or 0) for cid, n, _ in rows if cid in created}
        if not use:
            return str(min(rows, key=lambda r: r[2])[0])
        demo = await self.demo.ids(p.org_id)
        return min(use, key=lambda cid: (cid in demo, -use[cid], created[cid], cid))

    async def execute(self, p: Principal, cid: str, sql: str, max_rows: int, timeout_s: float,
                      version: int = 0) -> dict[str, Any]:
        """The one path from any SQL to a warehouse: guard (parse, read-only, access, RLS), then run.
        ``version``: the connection's catalog version as the caller read it (0: unknown; see ``Connections.row``)."""
        if not cid:
            cid, version = await self.default_connection(p), 0
        conn = await self.connections.row(p.org_id, cid, version)
        if conn["type"] not in ct.WAREHOUSE_TYPES:
            raise InvalidArgument(f"connection '{cid}' is not a SQL warehouse")
        ctx = await self.catalog.guard_context(p, conn)
        guarded = ctx.guard(sql)
        columns, rows, truncated = await ctx.warehouse.execute(
            guarded.sql, max_rows=min(max_rows or MAX_QUERY_ROWS, MAX_QUERY_ROWS),
            timeout_s=min(timeout_s or QUERY_TIMEOUT_S, 300.0))
        self._count_use(p.org_id, cid, guarded.tables)
        return {"sql": guarded.sql, "columns": list(columns), "rows": rows, "truncated": truncated,
                "tables": list(guarded.tables), "dialect": ctx.dialect}

    def _count_use(self, org: str, cid: str, names: Iterable[str]) -> None:
        """Record that these tables were queried; written in one batch a moment later, so a query
        costs no store write (the counts only rank the default connection and the CLI catalog)."""
        for n in names:
            key = (org, f"{cid}.{n}")
            self.state.pending_use[key] = self.state.pending_use.get(key, 0) + 1
        if self.state.pending_use and (self.state.use_flush is None or self.state.use_flush.done()):
            self.state.use_flush = asyncio.ensure_future(self._flush_use_later())

    async def _flush_use_later(self) -> None:
        await asyncio.sleep(USE_FLUSH_S)
        await self.flush_use()

    async def flush_use(self) -> None:
        """Write the pending table use counts (also called when the service stops)."""
        pending, self.state.pending_use = self.state.pending_use, {}
        if not pending:
            return
        by_count: dict[tuple[str, int], list[str]] = {}
        for (org, tid), n in pending.items():
            by_count.setdefault((org, n), []).append(tid)
        try:
            await self.repo.add(by_count)
        except OperationalError:
            log.warning("could not record table use (store not writable)")
