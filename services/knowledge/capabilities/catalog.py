"""The catalog as people and the guard see it: the tables a caller may see, their documentation,
groups, column semantics and row filters, the sample values an asker may see, and the versioned
catalog map of a connection (cached per connection and catalog version, see ``knowledge/catalog.py``)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
import sqlglot

from services.common.column_roles import ROLES, catalog_roles
from services.common.errors import DomainError, InvalidArgument, NotFound
from services.common.identity import data_groups, require_role
from services.common.lru import Lru
from services.common.principal import Principal
from services.knowledge import catalog as cat
from services.knowledge import connection_types as ct
from services.knowledge.capabilities.assets import Assets
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.demo import Demo
from services.knowledge.capabilities.state import KnowledgeState, sees_stored_values
from services.knowledge.guard import Principal as GuardPrincipal
from services.knowledge.guard import GuardedQuery, TableIndex, guard_sql, validate_row_filter
from services.knowledge.repository import CatalogRepo, now_iso
from services.knowledge.warehouse import Warehouse, sqlglot_dialect

log = logging.getLogger(__name__)
SAMPLE_TIMEOUT_S = 10.0  # one asker's sample values of a row-filtered column
MAX_CACHED_VALUE_LISTS = 4096
ASSET_TYPE_NAMES = {"looker_dashboard": "Looker Dashboard", "looker_look": "Looker Look", "note": "Note",
                    "tableau_dashboard": "Tableau Dashboard", "metabase_dashboard": "Metabase Dashboard"}
SYNONYM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 '&-]{0,59}$")
MAX_SYNONYMS = 20


@dataclass(frozen=True)
class GuardContext:
    """Everything one asker's SQL on one connection is guarded and run with."""

    dialect: str
    default_schema: str
    access: TableIndex
    principal: GuardPrincipal
    warehouse: Warehouse
    memo: Lru[tuple[GuardPrincipal, str, str, str], GuardedQuery] | None = None  # the catalog's, see ``guarded``

    def guard(self, sql: str) -> GuardedQuery:
        """The guard's result for this asker, reused when the same SQL was guarded over the same
        catalog version for the same asker (short SQL only, see ``cat.GUARD_MEMO_SQL_CHARS``)."""
        key = (self.principal, self.dialect, self.default_schema, sql)
        memo = self.memo if self.memo is not None and isinstance(sql, str) \
            and len(sql) <= cat.GUARD_MEMO_SQL_CHARS else None
        if memo is not None:
            hit = memo.get(key)
            if hit is not None:
                return hit
        guarded = guard_sql(sql, dialect=self.dialect, tables=self.access, principal=self.principal,
                            default_schema=self.default_schema)
        if memo is not None:
            memo.put(key, guarded)
        return guarded


class Catalog:
    def __init__(self, repo: CatalogRepo, connections: Connections, demo: Demo, assets: Assets,
                 state: KnowledgeState) -> None:
        self.repo = repo
        self.connections = connections
        self.demo = demo
        self.assets = assets
        self.state = state

    # ---- tables and access -----------------------------------------------------------
    async def visible_rows(self, p: Principal, *, include_archived: bool = False, connection_id: str | None = None,
                           manage: bool = False) -> list[tuple[sa.RowMapping, list[str]]]:
        """Tables the caller may query (shares a group), or with ``manage`` all tables for admins/modelers."""
        rows, groups = await self.repo.rows_with_groups(p.org_id, include_archived=include_archived,
                                                        connection_id=connection_id)
        mine = set(data_groups(p))
        out = []
        for r in rows:
            g = sorted(groups.get(r["id"], []))
            if p.role == "service" or (manage and p.role in ("admin", "modeler") and not p.active_groups) \
                    or mine & set(g):
                out.append((r, g))
        return out

    async def table(self, p: Principal, table_id: str) -> tuple[sa.RowMapping, list[str]]:
        await self.demo.ensure(p)
        for r, g in await self.visible_rows(p, include_archived=True, manage=True):
            if r["id"] == table_id or r["id"].lower() == table_id.lower():
                return r, g
        raise NotFound(f"table '{table_id}' not found")

    def table_json(self, r: sa.RowMapping, groups: list[str], *, lite: bool = False,
                   values: dict[str, list[Any]] | None = None, snap: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``values`` replaces the stored sample values (see ``asker_values``); None keeps them.
        Replaced values also drop the row count, which counts rows the asker may not see.
        ``snap``: the row's snapshot already read (``lite`` only reads its columns, row estimate and comment)."""
        full: dict[str, Any] | None = None  # the whole snapshot, read here (always, unless lite with ``snap``)
        if snap is None or not lite:
            snap = full = json.loads(r["snapshot_json"])
        dbt = json.loads(r["dbt_json"]) if r["dbt_json"] else None
        lookml = json.loads(r["lookml_json"]) if r["lookml_json"] else None
        look_cols = cat.lookml_column_docs(lookml)
        description = (r["description"] or (dbt or {}).get("description") or (lookml or {}).get("description")
                       or snap.get("comment") or "")
        out: dict[str, Any] = {
            "id": r["id"], "name": f"{r['schema']}.{r['name']}", "table_name": r["name"], "schema": r["schema"],
            "connection_id": r["connection_id"], "kind": r["kind"], "description": description,
            "column_count": len(snap.get("columns", [])),
            "num_rows": snap.get("row_estimate") if values is None else None,
            "groups": groups, "archived": bool(r["archived"]), "row_filter": r["row_filter"],
            "updated_at": r["updated_at"],
        }
        if lite:
            return out
        docs = json.loads(r["column_docs_json"] or "{}")
        cols = []
        semantics = json.loads(r["semantics_json"] or "{}")
        assert full is not None  # not lite: read above
        asker_cols = _columns_for_asker(full, values)
        roles = catalog_roles(asker_cols, snap.get("primary_key", []),
                              [c for fk in snap.get("foreign_keys", []) for c in cat.fk_own(fk)])
        for col in asker_cols:
            name = col["name"]
            own = semantics.get(name) or {}
            cols.append({
                "role": own.get("role") or roles.get(name, "text"), "role_source": "modeler" if own.get("role") else "derived",
                "synonyms": list(own.get("synonyms") or []),
                "column_name": name, "name": name, "type": col.get("type", ""), "nullable": col.get("nullable", True),
                "comment": col.get("comment", ""), "user_comment": docs.get(name, ""),
                "dbt_description": ((dbt or {}).get("columns") or {}).get(name, ""),
                "lookml_description": look_cols.get(name.lower(), ""),
                "description": docs.get(name) or ((dbt or {}).get("columns") or {}).get(name)
                or look_cols.get(name.lower()) or col.get("comment", ""),
                "sample_values": col.get("sample_values", []), "values_complete": col.get("values_complete", False),
                "distinct_count": col.get("distinct_count"),
            })
        out.update(columns=cols, primary_key=snap.get("primary_key", []),
                   relationships=[{"type": "foreign", "own_columns": fk[0] if isinstance(fk, list) else fk.get("columns"),
                                   "table": cat.fk_target(fk), "columns": cat.fk_cols(fk)}
                                  for fk in snap.get("foreign_keys", [])],
                   dbt=dbt, lookml=lookml, warehouse_comment=snap.get("comment", ""))
        return out

    async def list_tables(self, p: Principal, lite: bool, include_archived: bool) -> list[dict[str, Any]]:
        """All visible tables; sample values of row-filtered tables are withheld here (get_table and
        the schema compute them through the guard, one table at a time)."""
        if include_archived:
            require_role(p, "admin", "modeler")
        await self.demo.ensure(p)
        rows = await self.visible_rows(p, include_archived=include_archived, manage=True)
        hide = not sees_stored_values(p)
        return [self.table_json(r, g, lite=lite, values={} if hide and r["row_filter"] else None) for r, g in rows]

    async def get_table(self, p: Principal, table_id: str) -> dict[str, Any]:
        r, g = await self.table(p, table_id)
        return self.table_json(r, g, values=await self.asker_values(p, r))

    async def asker_values(self, p: Principal, r: Mapping[Any, Any],
                           ctx: GuardContext | None = None) -> dict[str, list[Any]] | None:
        """Sample values the asker may see: None (the stored ones) unless the table has a row filter
        and the asker may not see all rows; then each column's values come from a
        ``SELECT DISTINCT col`` through the guard under the asker's identity (cached per table
        version and rendered filter). A column whose query is refused or fails shows none."""
        if not r["row_filter"] or sees_stored_values(p):
            return None
        try:
            conn = await self.connections.row(p.org_id, r["connection_id"])
        except NotFound:
            return {}
        if conn["type"] not in ct.WAREHOUSE_TYPES:
            return {}
        ctx = ctx or await self.guard_context(p, conn)
        snap = r["snapshot"] if "snapshot" in r else json.loads(r["snapshot_json"])
        out: dict[str, list[Any]] = {}
        for col in snap.get("columns", []):
            stored = col.get("sample_values") or []
            if not stored:
                continue
            limit = min(len(stored), 100)
            sql = sqlglot.select(sqlglot.exp.column(col["name"], quoted=True)).distinct().from_(
                sqlglot.exp.table_(r["name"], db=r["schema"] or None, quoted=True)).where(
                sqlglot.exp.column(col["name"], quoted=True).is_(sqlglot.exp.null()).not_()).order_by(
                sqlglot.exp.column(col["name"], quoted=True)).limit(limit).sql(dialect=ctx.dialect)
            try:
                guarded = ctx.guard(sql)
                key = (p.org_id, r["id"], r["updated_at"], guarded.sql)
                values = self.state.guarded_values.get(key)
                if values is None:
                    _, rows, _ = await ctx.warehouse.execute(guarded.sql, max_rows=limit, timeout_s=SAMPLE_TIMEOUT_S)
                    values = [row[0] for row in rows]
                    while len(self.state.guarded_values) >= MAX_CACHED_VALUE_LISTS:
                        self.state.guarded_values.pop(next(iter(self.state.guarded_values)))
                    self.state.guarded_values[key] = values
            except DomainError as exc:
                log.info("values of %s.%s withheld: %s", r["id"], col["name"], type(exc).__name__)
                values = []
            out[col["name"]] = values
        return out

    async def save_table_doc(self, p: Principal, doc: dict[str, Any]) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        tid = doc.get("id") or doc.get("table_id")
        if not isinstance(tid, str) or not tid:
            raise InvalidArgument("table.id is required")
        r, g = await self.table(p, tid)
        values: dict[str, Any] = {"updated_at": now_iso()}
        if "description" in doc:
            if not isinstance(doc["description"], (str, type(None))):
                raise InvalidArgument("table.description must be a string")
            values["description"] = doc["description"]
        if "columns" in doc:
            cols = doc["columns"]
            if not isinstance(cols, list):
                raise InvalidArgument("table.columns must be a list of {name, description}")
            known = {c["name"] for c in json.loads(r["snapshot_json"]).get("columns", [])}
            docs = json.loads(r["column_docs_json"] or "{}")
            for c in cols:
                if not isinstance(c, dict):
                    raise InvalidArgument("each column doc must be an object {name, description}")
                name = c.get("name") or c.get("column_name")
                desc = c.get("description", c.get("user_comment"))
                if name not in known:
                    raise InvalidArgument(f"table {tid} has no column '{name}'")
                if not isinstance(desc, (str, type(None))):
                    raise InvalidArgument(f"description of column '{name}' must be a string")
                docs[name] = desc or ""
            values["column_docs_json"] = json.dumps(docs)
        if "semantics" in doc:
            values["semantics_json"] = json.dumps(_semantics(doc["semantics"], r, tid))
        await self.repo.update_table(p.org_id, r["id"], r["connection_id"], values, reindex=True)
        return await self.get_table(p, r["id"])

    async def set_table_group(self, p: Principal, table_id: str, group: str, add: bool) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        if not group or len(group) > 120:
            raise InvalidArgument("group is required (max 120 characters)")
        r, g = await self.table(p, table_id)
        if not add and group not in g:
            raise NotFound(f"table {r['id']} is not in group '{group}'")
        await self.repo.set_group(p.org_id, r["id"], r["connection_id"], group,
                                  insert=add and group not in g, delete=not add)
        admin_view = Principal(org_id=p.org_id, role="service")
        return await self.get_table(admin_view, r["id"])

    async def set_row_filter(self, p: Principal, table_id: str, template: str) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        r, _ = await self.table(p, table_id)
        conn = await self.connections.row(p.org_id, r["connection_id"])
        value = None
        if template.strip():
            validate_row_filter(template, sqlglot_dialect(conn["type"]))
            value = template.strip()
        await self.repo.update_table(p.org_id, r["id"], r["connection_id"],
                                     {"row_filter": value, "updated_at": now_iso()})
        return await self.get_table(p, r["id"])

    async def cli_catalog(self, p: Principal) -> dict[str, Any]:
        await self.demo.ensure(p)
        visible = await self.visible_rows(p)
        hide = not sees_stored_values(p)
        conns = await self.connections.listed(p)
        # most used first; among equals, documented tables (people or dbt) before undocumented ones
        ranked = sorted(visible, key=lambda x: (-x[0]["use_count"], not (x[0]["description"] or x[0]["dbt_json"]),
                                                x[0]["id"]))
        assets: dict[str, int] = {}
        for a in await self.assets.list_assets(p):
            name = ASSET_TYPE_NAMES.get(a.get("subtype", ""), str(a.get("subtype", "")).replace("_", " ").title())
            assets[name] = assets.get(name, 0) + 1
        counts: dict[str, int] = {}
        for r, _ in visible:
            counts[r["connection_id"]] = counts.get(r["connection_id"], 0) + 1
        return {
            "org_id": p.org_id,
            "capabilities": ["SQL queries", "Visualizations", "CSV export", "Follow-up questions"],
            "custom_skills": [],
            "connections": [{"id": r["id"], "type": r["type"], "table_count": counts.get(r["id"], 0)} for r, _ in conns],
            "tables": [self.table_json(r, g, lite=True, values={} if hide and r["row_filter"] else None)
                       | {"id": f"{r['schema']}.{r['name']}"} for r, g in ranked[:50]],
            "total_tables": len(visible),
            "external_assets": assets,
        }

    # ---- the versioned catalog of one connection ----------------------------------------
    async def catalog(self, org: str, conn: sa.RowMapping) -> cat.ConnectionCatalog:
        """The connection's catalog of the version ``conn`` carries: cached, else read and built once
        (concurrent askers of a stale version share one build)."""
        version = int(conn["catalog_version"] or 0)
        hit = self.state.catalogs.get(org, conn["id"], version)
        if hit is not None:
            return hit
        key = (org, conn["id"], version)
        task = self.state.catalog_builds.get(key)
        if task is None:
            task = asyncio.ensure_future(self._build_catalog(org, conn))
            self.state.catalog_builds[key] = task
            task.add_done_callback(lambda _: self.state.catalog_builds.pop(key, None))
        return await asyncio.shield(task)

    async def _build_catalog(self, org: str, conn: sa.RowMapping) -> cat.ConnectionCatalog:
        # The version was read (with ``conn``) before these rows: a write in between makes the next
        # request see a newer version and rebuild, never the reverse.
        fetched, groups = await self.repo.access_rows(org, conn["id"])
        rows: list[Mapping[str, Any]] = [r._mapping for r in fetched]
        row = cast(Mapping[str, Any], conn)
        built = await asyncio.to_thread(cat.build, row, rows, groups) if len(rows) > 500 else \
            cat.build(row, rows, groups)
        self.state.catalogs.put(org, conn["id"], built)
        return built

    async def details(self, org: str, catalog: cat.ConnectionCatalog, ids: list[str]) -> None:
        """Load and parse the details (snapshot, docs) of these tables once per catalog version."""
        missing = [i for i in ids if i not in catalog.details]
        for i in range(0, len(missing), 500):
            rows = cast(list[Mapping[str, Any]], await self.repo.full_rows(org, missing[i:i + 500]))
            parsed = await asyncio.to_thread(cat.details, rows, catalog.default_schema) if len(rows) > 50 else \
                cat.details(rows, catalog.default_schema)
            catalog.details.update(parsed)

    async def guard_context(self, p: Principal, conn: sa.RowMapping,
                            catalog: cat.ConnectionCatalog | None = None) -> GuardContext:
        """The catalog map (every table's groups and row filter) and the asker, as the guard needs them."""
        self.connections.check_files(p.org_id, conn)  # a file-based warehouse's path is checked before every use
        catalog = catalog or await self.catalog(p.org_id, conn)
        groups = catalog.all_groups if p.role == "service" else data_groups(p)
        return GuardContext(dialect=sqlglot_dialect(conn["type"]), default_schema=catalog.default_schema,
                            access=catalog.access, principal=GuardPrincipal(email=p.email, groups=groups, role=p.role),
                            warehouse=self.connections.warehouse(p.org_id, conn), memo=catalog.guarded)


def _semantics(value: Any, r: sa.RowMapping, tid: str) -> dict[str, dict[str, Any]]:
    """The stored {column: {role, synonyms}} merged with a change {column: {role?, add_synonyms?}}; validated:
    known columns, known roles (null clears), short plain-word synonyms."""
    if not isinstance(value, dict):
        raise InvalidArgument("semantics must be an object {column: {role, add_synonyms}}")
    known = {c["name"] for c in json.loads(r["snapshot_json"]).get("columns", [])}
    out: dict[str, dict[str, Any]] = json.loads(r["semantics_json"] or "{}")
    for name, change in value.items():
        if name not in known:
            raise InvalidArgument(f"table {tid} has no column '{name}'")
        if not isinstance(change, dict) or set(change) - {"role", "add_synonyms"}:
            raise InvalidArgument(f"semantics of column '{name}' must be an object with role and/or add_synonyms")
        own = dict(out.get(name) or {})
        if "role" in change:
            role = change["role"]
            if role is not None and role not in ROLES:
                raise InvalidArgument(f"role must be one of {', '.join(ROLES)}")
            own["role"] = role
        syns = change.get("add_synonyms") or []
        if not isinstance(syns, list) or not all(isinstance(x, str) and SYNONYM_RE.match(x.strip()) for x in syns):
            raise InvalidArgument("a synonym is a word or short phrase: letters, digits, spaces (at most 60 characters)")
        merged = list(dict.fromkeys([*(own.get("synonyms") or []), *(x.strip() for x in syns)]))
        if len(merged) > MAX_SYNONYMS:
            raise InvalidArgument(f"at most {MAX_SYNONYMS} synonyms per column")
        own["synonyms"] = merged
        out[name] = {k: v for k, v in own.items() if v}
    return out


def _columns_for_asker(snap: dict[str, Any], values: dict[str, list[Any]] | None) -> list[dict[str, Any]]:
    """The snapshot's columns, with the asker's values in place of the stored ones when given.
    Counts over all rows (distinct_count) are dropped with them."""
    cols = snap.get("columns", [])
    if values is None:
        return cols
    return [dict(col, sample_values=values.get(col["name"], []),
                 values_complete=bool(col.get("values_complete")) and col["name"] in values,
                 distinct_count=None) for col in cols]
