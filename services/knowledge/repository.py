"""The knowledge store, one repository per capability: each owns the SQL its capability sends to
the store (``tables.py``), so the capabilities above hold rules only and the queries can be read,
tested and tuned in one place. Every write that changes what an engine or the guard could see
bumps the connection's catalog version in the same transaction (``bump_catalog``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from services.common.store import Store, write_error
from services.knowledge import search_index
from services.knowledge import tables as t
from services.knowledge.catalog_diff import table_fingerprint
from services.knowledge.introspect import CatalogSnapshot, TableSnap, table_to_dict

DEFAULT_GROUP = "all_users"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def cid_of(table_id: str) -> str:
    return table_id.split(".", 1)[0]


async def bump_catalog(c: Any, org: str, cids: Iterable[str] | None = None) -> None:
    """Inside the writing transaction: the catalog of these connections (None: all of the org's)
    changed, so every replica's cached schema and guard map of them is stale."""
    where = t.connections.c.org_id == org
    if cids is not None:
        cids = sorted(set(cids))
        if not cids:
            return
        where = sa.and_(where, t.connections.c.id.in_(cids))
    await c.execute(t.connections.update().where(where).values(
        catalog_version=t.connections.c.catalog_version + 1))


# The reads of every answer (its connection row, the search's rows, the listing, the assets), built once and
# run with their values as parameters: building a select and its cache key per call cost more CPU than
# running it on SQLite.
_B = sa.bindparam
_CONNECTION_ROW = sa.select(t.connections).where(
    t.connections.c.org_id == _B("org"), t.connections.c.id == _B("cid"), t.connections.c.removed.is_(False))
_LIVE_CONNECTIONS = sa.select(t.connections).where(
    t.connections.c.org_id == _B("org"), t.connections.c.removed.is_(False)).order_by(t.connections.c.id)
# the search's tables, each with its connection's public parameters and one row per group it is in (NULL: none),
# in one statement
_SEARCH_ROWS = sa.select(t.catalog_tables, t.connections.c.public_json,
                         t.table_groups.c.group_name.label("_group")).join(t.connections, sa.and_(
    t.connections.c.org_id == t.catalog_tables.c.org_id, t.connections.c.id == t.catalog_tables.c.connection_id)
).outerjoin(t.table_groups, sa.and_(
    t.table_groups.c.org_id == t.catalog_tables.c.org_id, t.table_groups.c.table_id == t.catalog_tables.c.id)).where(
    t.catalog_tables.c.org_id == _B("org"), t.catalog_tables.c.id.in_(_B("ids", expanding=True)))
_ASSET_DOCS = sa.select(t.external_assets.c.doc_json).where(
    t.external_assets.c.org_id == _B("org")).order_by(t.external_assets.c.id)


@asynccontextmanager
async def reading(store: Store, conn: AsyncConnection | None = None) -> AsyncIterator[AsyncConnection]:
    """``conn`` when the caller already reads through one (several reads of one request share a
    store connection: each connection scope costs round trips through the driver's thread), else
    a connection of its own."""
    if conn is not None:
        yield conn
    else:
        async with store.engine.connect() as c:
            yield c


def _grouped(grows: Iterable[Sequence[Any]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for tid, g in grows:
        groups.setdefault(tid, []).append(g)
    return groups


class ConnectionRepo:
    """connections: their sealed parameters, status and catalog version."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def row(self, org: str, cid: str) -> sa.RowMapping | None:
        async with self.store.engine.connect() as c:
            return (await c.execute(_CONNECTION_ROW, {"org": org, "cid": cid})).mappings().first()

    async def save(self, org: str, cid: str, kind: str, sealed: Any, public: str, status: str) -> None:
        """Create the connection, or replace a (possibly removed) one of the same id."""
        try:
            async with self.store.engine.begin() as c:
                existing = (await c.execute(sa.select(t.connections.c.removed).where(
                    t.connections.c.org_id == org, t.connections.c.id == cid))).first()
                if existing is not None:
                    await c.execute(t.connections.update().where(
                        t.connections.c.org_id == org, t.connections.c.id == cid).values(
                        type=kind, params_enc=sealed, public_json=public, status=status, removed=False,
                        catalog_version=t.connections.c.catalog_version + 1))
                else:
                    await c.execute(t.connections.insert().values(
                        org_id=org, id=cid, type=kind, params_enc=sealed, public_json=public,
                        created_at=now_iso(), status=status, removed=False))
        except OperationalError as exc:
            raise write_error(exc) from exc

    async def listed(self, org: str) -> list[tuple[sa.RowMapping, int]]:
        """The org's connections, oldest first, with their active table counts."""
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.connections).where(
                t.connections.c.org_id == org, t.connections.c.removed.is_(False)
            ).order_by(t.connections.c.created_at))).mappings().all()
            counts: dict[str, int] = dict((await c.execute(sa.select(t.catalog_tables.c.connection_id, sa.func.count()).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.archived.is_(False)
            ).group_by(t.catalog_tables.c.connection_id))).all())
        return [(r, int(counts.get(r["id"], 0))) for r in rows]

    async def remove(self, org: str, cid: str, delete_setup: bool) -> None:
        """Mark removed; its tables are archived, or with ``delete_setup`` deleted with their groups."""
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(
                t.connections.c.org_id == org, t.connections.c.id == cid).values(
                removed=True, catalog_version=t.connections.c.catalog_version + 1))
            where = sa.and_(t.catalog_tables.c.org_id == org, t.catalog_tables.c.connection_id == cid)
            if delete_setup:
                ids = (await c.execute(sa.select(t.catalog_tables.c.id).where(where))).scalars().all()
                await c.execute(t.table_groups.delete().where(t.table_groups.c.org_id == org,
                                                             t.table_groups.c.table_id.in_(ids)))
                await c.execute(t.search_terms.delete().where(t.search_terms.c.org_id == org,
                                                              t.search_terms.c.table_id.in_(ids)))
                await c.execute(t.catalog_tables.delete().where(where))
            else:
                await c.execute(t.catalog_tables.update().where(where).values(archived=True, updated_at=now_iso()))

    async def live(self, org: str) -> list[sa.RowMapping]:
        """The org's connections that are not removed (one light query, no table rows)."""
        async with self.store.engine.connect() as c:
            return list((await c.execute(_LIVE_CONNECTIONS, {"org": org})).mappings().all())

    async def mark_synced(self, org: str, cid: str) -> None:
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(t.connections.c.org_id == org, t.connections.c.id == cid)
                            .values(last_synced_at=now_iso(), status="synced"))

    async def public_params(self, org: str, cid: str) -> str | None:
        async with self.store.engine.connect() as c:
            return (await c.execute(sa.select(t.connections.c.public_json).where(
                t.connections.c.org_id == org, t.connections.c.id == cid))).scalar()


class BootstrapRepo:
    """org_bootstrap: whether an org's demo warehouse was generated (or forgone)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def done(self, org: str) -> bool:
        async with self.store.engine.connect() as c:
            return (await c.execute(sa.select(t.org_bootstrap.c.org_id).where(
                t.org_bootstrap.c.org_id == org))).first() is not None

    async def claim(self, org: str, created_at: str | None) -> bool:
        """Record the org's bootstrap once; False when it was already recorded (a store that
        refuses the write raises ``Unavailable``)."""
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.org_bootstrap.insert().values(org_id=org, demo_created_at=created_at))
        except sa.exc.IntegrityError:
            return False
        except OperationalError as exc:
            raise write_error(exc) from exc
        return True


class SyncRepo:
    """syncs (the record of each run) and the catalog rows a sync writes, with their search terms."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def set_owner(self, sync_id: str, owner: str) -> None:
        async with self.store.engine.begin() as c:
            await c.execute(t.syncs.update().where(t.syncs.c.id == sync_id).values(owner=owner))

    async def running_unheld(self) -> list[Sequence[Any]]:
        """(id, started_at, owner) of runs still ``running`` that no live job holds."""
        async with self.store.engine.connect() as c:
            held = sa.select(t.leased_jobs.c.id).where(t.leased_jobs.c.status == "running")
            return list((await c.execute(sa.select(t.syncs.c.id, t.syncs.c.started_at, t.syncs.c.owner).where(
                t.syncs.c.status == "running", t.syncs.c.id.not_in(held)))).all())

    async def fail_running(self, ids: list[str], error: str) -> None:
        async with self.store.engine.begin() as c:
            await c.execute(t.syncs.update().where(t.syncs.c.id.in_(ids), t.syncs.c.status == "running").values(
                status="failed", finished_at=now_iso(), result_json=json.dumps({"error": error})))

    async def record(self, org: str, sync_id: str, cid: str, status: str, result: dict[str, Any] | None,
                     owner: str) -> None:
        async with self.store.engine.begin() as c:
            if status == "running":
                await c.execute(t.syncs.insert().values(id=sync_id, org_id=org, connection_id=cid,
                                                        started_at=now_iso(), status=status, owner=owner))
            else:
                await c.execute(t.syncs.update().where(t.syncs.c.id == sync_id).values(
                    finished_at=now_iso(), status=status, result_json=json.dumps(result, default=str)))

    async def stored_snapshot(self, org: str, cid: str) -> dict[tuple[str, str], sa.RowMapping]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.catalog_tables).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.connection_id == cid))).mappings().all()
        return {(r["schema"], r["name"]): r for r in rows}

    async def write_snapshot(self, org: str, cid: str, stored: dict[tuple[str, str], sa.RowMapping],
                             snapshot: CatalogSnapshot) -> None:
        """One transaction: a failed sync leaves the previous catalog as it was."""
        now = now_iso()
        seen: set[tuple[str, str]] = set()
        written: list[str] = []
        try:
            async with self.store.engine.begin() as c:
                for ts in snapshot.tables:
                    key = (ts.schema, ts.name)
                    seen.add(key)
                    fp = table_fingerprint(ts)
                    old = stored.get(key)
                    tid = f"{cid}.{ts.schema}.{ts.name}"
                    if old is None:
                        await c.execute(t.catalog_tables.insert().values(
                            org_id=org, id=tid, connection_id=cid, schema=ts.schema, name=ts.name, kind=ts.kind,
                            snapshot_json=json.dumps(table_to_dict(ts)), fingerprint=fp, archived=False,
                            created_at=now, updated_at=now))
                        await c.execute(t.table_groups.insert().values(org_id=org, table_id=tid,
                                                                       group_name=DEFAULT_GROUP))
                        written.append(tid)
                    elif old["fingerprint"] != fp or old["archived"] or _values_changed(old, ts):
                        await c.execute(t.catalog_tables.update().where(
                            t.catalog_tables.c.org_id == org, t.catalog_tables.c.id == old["id"]).values(
                            kind=ts.kind, snapshot_json=json.dumps(table_to_dict(ts)), fingerprint=fp,
                            archived=False, updated_at=now))
                        written.append(old["id"])
                gone = [r["id"] for k, r in stored.items() if k not in seen and not r["archived"]]
                if gone:
                    await c.execute(t.catalog_tables.update().where(
                        t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(gone)).values(
                        archived=True, updated_at=now))
                await search_index.reindex(c, org, written)
                if written or gone:
                    await bump_catalog(c, org, [cid])
        except OperationalError as exc:
            raise write_error(exc) from exc

    async def store_artifacts(self, org: str, cid: str, manifest: bytes, catalog: bytes | None) -> None:
        async with self.store.engine.begin() as c:
            await c.execute(t.dbt_artifacts.delete().where(t.dbt_artifacts.c.org_id == org,
                                                           t.dbt_artifacts.c.connection_id == cid))
            await c.execute(t.dbt_artifacts.insert().values(org_id=org, connection_id=cid, manifest=manifest,
                                                            catalog=catalog, uploaded_at=now_iso()))

    async def dbt_sources(self, org: str) -> tuple[list[sa.RowMapping], list[Any]]:
        """The artifacts of the org's live dbt connections, and (id, schema, name, dbt_json) of its tables."""
        async with self.store.engine.connect() as c:
            arts = (await c.execute(sa.select(t.dbt_artifacts).join(
                t.connections, sa.and_(t.connections.c.org_id == t.dbt_artifacts.c.org_id,
                                       t.connections.c.id == t.dbt_artifacts.c.connection_id)).where(
                t.dbt_artifacts.c.org_id == org, t.connections.c.removed.is_(False)))).mappings().all()
            rows = (await c.execute(sa.select(t.catalog_tables.c.id, t.catalog_tables.c.schema,
                                              t.catalog_tables.c.name, t.catalog_tables.c.dbt_json).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.archived.is_(False)))).all()
        return list(arts), list(rows)

    async def lookml_targets(self, org: str) -> list[Any]:
        """(id, schema, name, lookml_json) of the org's active tables."""
        async with self.store.engine.connect() as c:
            return list((await c.execute(sa.select(t.catalog_tables.c.id, t.catalog_tables.c.schema,
                                                   t.catalog_tables.c.name, t.catalog_tables.c.lookml_json).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.archived.is_(False)))).all())

    async def write_attached_docs(self, org: str, column: str, updates: dict[str, str]) -> int:
        """Store docs attached from another source (dbt, LookML) in one transaction; returns the count."""
        if updates:
            async with self.store.engine.begin() as c:
                for tid, text in updates.items():
                    await c.execute(t.catalog_tables.update().where(
                        t.catalog_tables.c.org_id == org, t.catalog_tables.c.id == tid).values({column: text}))
                await search_index.reindex(c, org, updates)
                await bump_catalog(c, org, {cid_of(tid) for tid in updates})
        return len(updates)


def _values_changed(old: sa.RowMapping, ts: TableSnap) -> bool:
    return old["snapshot_json"] != json.dumps(table_to_dict(ts))


class CatalogRepo:
    """catalog_tables and table_groups as people and engines read and document them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def rows_with_groups(self, org: str, *, include_archived: bool,
                               connection_id: str | None) -> tuple[list[sa.RowMapping], dict[str, list[str]]]:
        """The org's tables (of live connections unless ``include_archived``) and each one's groups."""
        async with self.store.engine.connect() as c:
            q = sa.select(t.catalog_tables).join(t.connections, sa.and_(
                t.connections.c.org_id == t.catalog_tables.c.org_id,
                t.connections.c.id == t.catalog_tables.c.connection_id)).where(
                t.catalog_tables.c.org_id == org)
            if not include_archived:
                q = q.where(t.catalog_tables.c.archived.is_(False), t.connections.c.removed.is_(False))
            if connection_id:
                q = q.where(t.catalog_tables.c.connection_id == connection_id)
            rows = (await c.execute(q.order_by(t.catalog_tables.c.id))).mappings().all()
            grows = (await c.execute(sa.select(t.table_groups.c.table_id, t.table_groups.c.group_name).where(
                t.table_groups.c.org_id == org))).all()
        return list(rows), _grouped(grows)

    async def search_rows(self, org: str, ids: list[str], conn: AsyncConnection | None = None,
                          ) -> tuple[list[sa.RowMapping], dict[str, list[str]]]:
        """These tables with their connection's public parameters (``public_json``: is it the
        generated demo?), and their groups (one statement: a table's row comes once per group)."""
        async with reading(self.store, conn) as c:
            joined = (await c.execute(_SEARCH_ROWS, {"org": org, "ids": list(ids)})).mappings().all()
        rows: dict[str, sa.RowMapping] = {}
        groups: dict[str, list[str]] = {}
        for r in joined:
            rows.setdefault(r["id"], r)
            if r["_group"] is not None:
                groups.setdefault(r["id"], []).append(r["_group"])
        return list(rows.values()), groups

    async def update_table(self, org: str, table_id: str, cid: str, values: Mapping[str, Any], *,
                           reindex: bool = False) -> None:
        """Change one table's row (docs, semantics, row filter); its catalog version moves with it."""
        async with self.store.engine.begin() as c:
            await c.execute(t.catalog_tables.update().where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.id == table_id).values(**values))
            if reindex:
                await search_index.reindex(c, org, [table_id])
            await bump_catalog(c, org, [cid])

    async def set_group(self, org: str, table_id: str, cid: str, group: str, *, insert: bool, delete: bool) -> None:
        """Add the table to ``group`` or take it out (neither: the catalog version still moves)."""
        async with self.store.engine.begin() as c:
            if insert:
                await c.execute(t.table_groups.insert().values(org_id=org, table_id=table_id, group_name=group))
            elif delete:
                await c.execute(t.table_groups.delete().where(
                    t.table_groups.c.org_id == org, t.table_groups.c.table_id == table_id,
                    t.table_groups.c.group_name == group))
            await bump_catalog(c, org, [cid])

    async def access_rows(self, org: str, cid: str) -> tuple[list[Any], dict[str, list[str]]]:
        """The light rows of one connection's active tables and their groups (what a catalog map needs)."""
        ctab, tg = t.catalog_tables, t.table_groups
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(
                ctab.c.id, ctab.c.schema, ctab.c.name, ctab.c.connection_id, ctab.c.row_filter, ctab.c.updated_at
            ).where(ctab.c.org_id == org, ctab.c.connection_id == cid, ctab.c.archived.is_(False)
                    ).order_by(ctab.c.id))).all()
            grows = (await c.execute(sa.select(tg.c.table_id, tg.c.group_name).select_from(tg.join(
                ctab, sa.and_(ctab.c.org_id == tg.c.org_id, ctab.c.id == tg.c.table_id))).where(
                tg.c.org_id == org, ctab.c.connection_id == cid, ctab.c.archived.is_(False)))).all()
        return list(rows), _grouped(grows)

    async def full_rows(self, org: str, ids: list[str]) -> list[sa.RowMapping]:
        async with self.store.engine.connect() as c:
            return list((await c.execute(sa.select(t.catalog_tables).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids)))).mappings().all())


class SearchRepo:
    """search_terms: the inverted index, looked up by a question's terms."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # the ranking statement per shape (groups?, values hidden?, one connection?, asset probe?), built once
        self._ranking: dict[tuple[bool, bool, bool, bool], sa.Select[Any]] = {}

    def reading(self) -> Any:
        """One store connection for the several reads of one search (see ``reading``)."""
        return self.store.engine.connect()

    async def ranked(self, org: str, terms: list[str], groups: Sequence[str] | None, with_filtered_values: bool,
                     limit: int, connection_id: str | None = None,
                     conn: AsyncConnection | None = None) -> list[tuple[str, float]]:
        """(table id, score) of the best ``limit`` active tables of live connections these terms match
        (``search_index.ranking``: summed in the store, so a term found in every table costs one
        aggregate); ``groups`` (None: any) must share one with the table; without
        ``with_filtered_values`` the values of row-filtered tables do not match."""
        rows, _ = await self._ranked(org, terms, groups, with_filtered_values, limit, connection_id, conn, False)
        return rows

    async def ranked_with_assets(self, org: str, terms: list[str], groups: Sequence[str] | None,
                                 with_filtered_values: bool, limit: int,
                                 conn: AsyncConnection | None = None) -> tuple[list[tuple[str, float]], bool | None]:
        """``ranked`` over every connection, and whether the org holds any external asset, read by the
        same statement (None when no table matched: no row came back to carry it)."""
        return await self._ranked(org, terms, groups, with_filtered_values, limit, None, conn, True)

    async def _ranked(self, org: str, terms: list[str], groups: Sequence[str] | None, with_filtered_values: bool,
                      limit: int, connection_id: str | None, conn: AsyncConnection | None,
                      with_assets: bool) -> tuple[list[tuple[str, float]], bool | None]:
        shape = (groups is not None, not with_filtered_values, connection_id is not None, with_assets)
        q = self._ranking.get(shape)
        if q is None:
            q = self._ranking[shape] = search_index.ranking(groups=shape[0], hide_filtered_values=shape[1],
                                                            connection=shape[2], with_assets=shape[3])
        params: dict[str, Any] = {"org": org, "terms": list(terms), "limit": limit}
        if groups is not None:
            params["groups"] = list(groups)
        if connection_id is not None:
            params["connection_id"] = connection_id
        async with reading(self.store, conn) as c:
            rows = (await c.execute(q, params)).all()
        has_assets = bool(rows[0][2]) if with_assets and rows else None
        return [(str(r[0]), float(r[1])) for r in rows], has_assets


class UsageRepo:
    """How often tables are queried (ranks the default connection and the CLI catalog)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def per_connection(self, org: str, groups: Sequence[str] | None,
                             warehouse_types: Iterable[str]) -> tuple[list[Sequence[Any]], dict[str, str]]:
        """(connection id, summed use, first table id) over the tables ``groups`` (None: any) may see,
        and the creation time of each live warehouse connection."""
        ctab, conns, tg = t.catalog_tables, t.connections, t.table_groups
        q = sa.select(ctab.c.connection_id, sa.func.sum(ctab.c.use_count), sa.func.min(ctab.c.id)).select_from(
            ctab.join(conns, sa.and_(conns.c.org_id == ctab.c.org_id, conns.c.id == ctab.c.connection_id))).where(
            ctab.c.org_id == org, ctab.c.archived.is_(False), conns.c.removed.is_(False))
        if groups is not None:
            q = q.where(sa.exists().where(tg.c.org_id == ctab.c.org_id, tg.c.table_id == ctab.c.id,
                                          tg.c.group_name.in_(groups)))
        async with self.store.engine.connect() as c:
            rows = (await c.execute(q.group_by(ctab.c.connection_id))).all()
            created = dict((await c.execute(sa.select(conns.c.id, conns.c.created_at).where(
                conns.c.org_id == org, conns.c.removed.is_(False),
                conns.c.type.in_(sorted(warehouse_types))))).all())
        return list(rows), created

    async def add(self, by_count: dict[tuple[str, int], list[str]]) -> None:
        """Add n to the use count of each listed table, per (org, n), in one transaction."""
        async with self.store.engine.begin() as c:
            for (org, n), ids in by_count.items():
                await c.execute(t.catalog_tables.update().where(
                    t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids)).values(
                    use_count=t.catalog_tables.c.use_count + n))


class AssetRepo:
    """external_assets: dashboards, looks and notes, stored as the documents they were imported as."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def replace(self, org: str, asset_id: str, subtype: str, doc_json: str, source: str) -> None:
        async with self.store.engine.begin() as c:
            await c.execute(t.external_assets.delete().where(t.external_assets.c.org_id == org,
                                                             t.external_assets.c.id == asset_id))
            await c.execute(t.external_assets.insert().values(org_id=org, id=asset_id, subtype=subtype,
                                                              doc_json=doc_json, source=source,
                                                              updated_at=now_iso()))

    async def docs(self, org: str, conn: AsyncConnection | None = None) -> list[str]:
        async with reading(self.store, conn) as c:
            return list((await c.execute(_ASSET_DOCS, {"org": org})).scalars().all())

    async def delete(self, org: str, asset_id: str) -> int:
        async with self.store.engine.begin() as c:
            return int((await c.execute(t.external_assets.delete().where(
                t.external_assets.c.org_id == org, t.external_assets.c.id == asset_id))).rowcount)


class Repositories:
    """Every repository over one store (what the capabilities are built from)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.connections = ConnectionRepo(store)
        self.bootstrap = BootstrapRepo(store)
        self.syncs = SyncRepo(store)
        self.catalog = CatalogRepo(store)
        self.search = SearchRepo(store)
        self.usage = UsageRepo(store)
        self.assets = AssetRepo(store)
