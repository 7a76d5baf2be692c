"""One connection's catalog as engines and the guard see it, built once per catalog version.

Building it parses every table's JSON (snapshot, docs, dbt, LookML, roles), which grows with the
catalog; doing that per request made answers slow down with the org's size (issue 13). The built
catalog holds every live table of the connection with its groups and row filter, and nothing
about who asks: each request filters it by the asker's groups and replaces stored sample values
of row-filtered tables for askers who may not see every row, so one user's view is never served
to another."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.common.lru import Lru
from services.knowledge.drivers import DRIVERS
from services.knowledge.guard import GuardedQuery, TableAccess, TableIndex
from services.knowledge.guard import Principal as GuardPrincipal

MAX_CACHED_CONNECTIONS = 64
MAX_VIEWS = 32  # group sets whose visible tables a catalog keeps (askers share a handful of group sets)
# guarded queries a catalog keeps (an engine's value probes and re-run answers repeat their SQL); each
# entry is at most GUARD_MEMO_SQL_CHARS of SQL twice, so a catalog's memo stays under ~4 MB
MAX_GUARDED = 512
GUARD_MEMO_SQL_CHARS = 4_000


@dataclass(frozen=True)
class CatalogTable:
    """One live table as access needs it (no JSON: cheap to hold for 20,000 tables)."""

    id: str
    schema: str
    name: str
    connection_id: str
    groups: frozenset[str]
    row_filter: str | None
    updated_at: str


@dataclass(frozen=True)
class TableDetail:
    """What the schema needs of one table, parsed once: loaded only for tables a schema returns."""

    snapshot: dict[str, Any]
    entry: dict[str, Any]  # its GetSchema entry with the stored sample values (shared: copy to change)
    refs: tuple[str, ...]  # ids of the tables its foreign keys point to


@dataclass
class ConnectionCatalog:
    version: int
    type: str
    default_schema: str
    tables: tuple[CatalogTable, ...]
    access: TableIndex  # every table's groups and row filter, indexed once for the guard
    all_groups: tuple[str, ...]
    # filled on demand (``Catalog.details``); a detail read after a newer write is newer
    # than ``version``, never older, and the next request rebuilds for the newer version anyway
    details: dict[str, TableDetail] = field(default_factory=dict)
    by_id: dict[str, CatalogTable] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)  # table id -> its place in ``tables``
    # group set -> the tables it may see: a pass over 20,000 tables costs milliseconds, paid once per
    # version and group set instead of on every question
    views: Lru[frozenset[str] | None, tuple[CatalogTable, ...]] = field(default_factory=lambda: Lru(MAX_VIEWS))
    # (asker, dialect, default schema, SQL) -> what the guard returned for it over this version's ``access``:
    # the guard is a pure function of exactly these, so a hit is the same check's result (refusals are
    # not kept), and a new catalog version (groups, row filters, tables) starts with an empty memo
    guarded: Lru[tuple[GuardPrincipal, str, str, str], GuardedQuery] = field(
        default_factory=lambda: Lru(MAX_GUARDED))

    def __post_init__(self) -> None:
        self.by_id = {x.id: x for x in self.tables}
        self.position = {x.id: i for i, x in enumerate(self.tables)}

    def visible(self, groups: Iterable[str] | None) -> tuple[CatalogTable, ...]:
        """Tables sharing a group with ``groups`` (None: the service itself, every table)."""
        key = None if groups is None else frozenset(groups)
        hit = self.views.get(key)
        if hit is None:
            hit = self.tables if key is None else tuple(x for x in self.tables if x.groups & key)
            self.views.put(key, hit)
        return hit

    def sees(self, table: CatalogTable, groups: Iterable[str] | None) -> bool:
        """One table's visibility without a pass over the catalog (``groups`` as for ``visible``)."""
        return groups is None or not table.groups.isdisjoint(groups)

    def in_order(self, ids: Iterable[str]) -> list[CatalogTable]:
        """These tables (ids of this catalog) in the catalog's order, as ``visible`` lists them."""
        return [self.by_id[i] for i in sorted(ids, key=self.position.__getitem__)]

    def row(self, table: CatalogTable) -> dict[str, Any]:
        """The fields ``Catalog.asker_values`` reads, as a stored row has them."""
        return {"id": table.id, "schema": table.schema, "name": table.name, "connection_id": table.connection_id,
                "row_filter": table.row_filter, "updated_at": table.updated_at,
                "snapshot": self.details[table.id].snapshot}


@dataclass
class CatalogCache:
    """Per-process, bounded: (org, connection) -> the catalog of the version last read."""

    entries: Lru[tuple[str, str], ConnectionCatalog] = field(default_factory=lambda: Lru(MAX_CACHED_CONNECTIONS))

    def get(self, org: str, cid: str, version: int) -> ConnectionCatalog | None:
        hit = self.entries.get((org, cid))
        return hit if hit is not None and hit.version == version else None

    def put(self, org: str, cid: str, catalog: ConnectionCatalog) -> None:
        self.entries.put((org, cid), catalog)

    def drop(self, org: str, cid: str) -> None:
        self.entries.pop((org, cid))


def default_schema(conn: Mapping[str, Any]) -> str:
    """The schema unqualified names resolve to (MySQL: the connection's database)."""
    driver = DRIVERS.get(conn["type"])
    if driver is None:
        return ""
    if driver.schema_is_database:
        return str(json.loads(conn["public_json"] or "{}").get("database") or "")
    return driver.default_schema


def build(conn: Mapping[str, Any], rows: Iterable[Mapping[str, Any]],
          groups: Mapping[str, Iterable[str]]) -> ConnectionCatalog:
    """The catalog of one connection from its live tables' (id, schema, name, connection_id,
    row_filter, updated_at) and their groups."""
    tables = []
    access: dict[str, TableAccess] = {}
    every: set[str] = set()
    for r in rows:
        g = frozenset(groups.get(r["id"], ()))
        every |= g
        access[f"{r['schema']}.{r['name']}".lower()] = TableAccess(
            name=f"{r['schema']}.{r['name']}", groups=g, row_filter=r["row_filter"])
        tables.append(CatalogTable(id=r["id"], schema=r["schema"], name=r["name"], connection_id=r["connection_id"],
                                   groups=g, row_filter=r["row_filter"], updated_at=r["updated_at"]))
    return ConnectionCatalog(version=int(conn["catalog_version"] or 0), type=conn["type"],
                             default_schema=default_schema(conn), tables=tuple(tables), access=TableIndex(access),
                             all_groups=tuple(sorted(every)))


def details(rows: Iterable[Mapping[str, Any]], dschema: str) -> dict[str, TableDetail]:
    """Parsed details of catalog rows (all columns of ``catalog_tables``)."""
    out = {}
    for r in rows:
        snap = json.loads(r["snapshot_json"])
        refs = tuple(f"{r['connection_id']}.{fk_ref_schema(fk) or r['schema']}.{fk_ref_table(fk)}"
                     for fk in snap.get("foreign_keys", []))
        out[r["id"]] = TableDetail(snapshot=snap, entry=schema_entry(r, snap, dschema), refs=refs)
    return out


def schema_entry(r: Mapping[str, Any], snap: dict[str, Any], dschema: str) -> dict[str, Any]:
    """One table as GetSchema gives it: people's docs first, then dbt, LookML, the warehouse comment."""
    docs = json.loads(r["column_docs_json"] or "{}")
    dbt = json.loads(r["dbt_json"]) if r["dbt_json"] else {}
    lookml = json.loads(r["lookml_json"]) if r["lookml_json"] else None
    look_cols = lookml_column_docs(lookml)
    semantics = json.loads(r["semantics_json"] or "{}")
    pk = set(snap.get("primary_key", []))
    return {
        "name": r["name"] if r["schema"] in (dschema, "") else f"{r['schema']}.{r['name']}",
        "description": r["description"] or dbt.get("description") or (lookml or {}).get("description")
        or snap.get("comment", ""),
        "row_count": snap.get("row_estimate"),
        "tags": dbt.get("tags", []),
        "columns": [{
            "name": col["name"], "type": col.get("type", ""),
            "description": docs.get(col["name"]) or (dbt.get("columns") or {}).get(col["name"])
            or look_cols.get(col["name"].lower()) or col.get("comment", ""),
            "is_primary_key": col["name"] in pk, "sample_values": col.get("sample_values", []),
            "values_complete": col.get("values_complete", False), "distinct_count": col.get("distinct_count"),
            "role": (semantics.get(col["name"]) or {}).get("role", ""),
            "synonyms": list((semantics.get(col["name"]) or {}).get("synonyms") or []),
        } for col in snap.get("columns", [])],
        "foreign_keys": [
            {"column": own, "ref_table": ref_sql_name(fk, dschema), "ref_column": ref}
            for fk in snap.get("foreign_keys", [])
            for own, ref in zip(fk_own(fk), fk_cols(fk), strict=False)
        ],
    }


def entry_for_asker(detail: TableDetail, values: dict[str, list[Any]] | None) -> dict[str, Any]:
    """The table's entry with the asker's sample values in place of the stored ones (None keeps
    them); counts over all rows (row estimate, distinct counts) go with replaced values."""
    if values is None:
        return detail.entry
    cols = [dict(col, sample_values=values.get(col["name"], []),
                 values_complete=bool(col.get("values_complete")) and col["name"] in values, distinct_count=None)
            for col in detail.entry["columns"]]
    return dict(detail.entry, columns=cols, row_count=None)


def lookml_column_docs(lookml: dict[str, Any] | None) -> dict[str, str]:
    """Column docs from LookML dimensions whose SQL is a plain ``${TABLE}.column``."""
    out: dict[str, str] = {}
    for f in (lookml or {}).get("fields", []):
        m = re.fullmatch(r"\s*\$\{TABLE\}\.\"?(\w+)\"?\s*;?\s*", f.get("sql") or "")
        text = " — ".join(x for x in (f.get("label"), f.get("description")) if x)
        if m and text and f.get("kind") != "measure":
            out.setdefault(m.group(1).lower(), text)
    return out


def fk_own(fk: Any) -> list[str]:
    return list(fk[0] if isinstance(fk, list) else fk.get("columns", []))


def fk_ref_schema(fk: Any) -> str:
    return str((fk[1] if isinstance(fk, list) else fk.get("ref_schema", "")) or "")


def fk_ref_table(fk: Any) -> str:
    return str((fk[2] if isinstance(fk, list) else fk.get("ref_table", "")) or "")


def fk_target(fk: Any) -> str:
    schema, table = fk_ref_schema(fk), fk_ref_table(fk)
    return f"{schema}.{table}" if schema else table


def fk_cols(fk: Any) -> list[str]:
    return list(fk[3] if isinstance(fk, list) else fk.get("ref_columns", []))


def ref_sql_name(fk: Any, dschema: str) -> str:
    schema, table = fk_ref_schema(fk), fk_ref_table(fk)
    return table if schema in (dschema, "") else f"{schema}.{table}"
