"""Knowledge rules: connections, sync, catalog docs and access, external assets, search,
and the single guarded query path. Servicers stay thin over this class."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlglot
from sqlalchemy.exc import OperationalError

from dot.v1 import common_pb2
from services.common.errors import (
    BadRequest, Conflict, DomainError, InvalidArgument, NotFound, PermissionDenied, Timeout, Unavailable,
)
from services.common.column_roles import ROLES, catalog_roles
from services.common.identity import data_groups, require_role
from services.common.jobs import Job, Jobs, owner_is_gone, process_owner
from services.common.store import Store, write_error
from services.knowledge import catalog as cat
from services.knowledge import connection_types as ct
from services.knowledge import search_index
from services.knowledge import tables as t
from services.knowledge.catalog_diff import diff_catalog, table_fingerprint
from services.knowledge.file_sources import FILE_FIELDS, FileSources, demo_path
from services.knowledge.guard import Principal as GuardPrincipal
from services.knowledge.guard import TableIndex, guard_sql, validate_row_filter
from services.knowledge.introspect import CatalogSnapshot, TableSnap, read_catalog, table_from_dict, table_to_dict
from services.knowledge.secrets_box import SecretBox, public_params
from services.knowledge.warehouse import ConnectionSpec, Warehouse, engine_options, sqlalchemy_url, sqlglot_dialect

log = logging.getLogger(__name__)
DEFAULT_GROUP = "all_users"
DEMO_CONNECTION_ID = "demo"
MAX_QUERY_ROWS = 100_000
QUERY_TIMEOUT_S = 30.0
SAMPLE_TIMEOUT_S = 10.0  # one asker's sample values of a row-filtered column
MAX_CACHED_VALUE_LISTS = 4096
WORD_RE = search_index.WORD_RE
MAX_SEARCH_TERMS = 64  # bounds the cost of one search however long the question is
# A schema asked for with the question is narrowed to the tables the question is about once the
# connection is bigger than this (engines link questions over every table they are given).
NARROW_ABOVE_TABLES = 100
NARROW_TABLES = 30
USE_FLUSH_S = 1.0  # table use counts are written in batches, off the query path
# Function words that match values and docs everywhere and say nothing about which table is meant.
STOPWORDS = frozenset("""a an the of in on at to for by with from and or not no is are was were be been do does did
what which who whom whose when where how many much show list give find return display tell me all each every any
that this these those there their its his her it they them than more most less least number count total average
per as than into about have has had""".split())
ASSET_TYPE_NAMES = {"looker_dashboard": "Looker Dashboard", "looker_look": "Looker Look", "note": "Note",
                    "tableau_dashboard": "Tableau Dashboard", "metabase_dashboard": "Metabase Dashboard"}


# This process, as recorded on the syncs and jobs it runs (host, pid, per-start id).
PROCESS_OWNER = process_owner()


def _owner_is_gone(owner: str | None) -> bool:
    return owner_is_gone(owner, PROCESS_OWNER)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class SyncRun:
    id: str
    started: float
    task: asyncio.Task[Any] | None = None
    expired: bool = False  # replaced by a newer sync after running longer than the sync timeout


@dataclass
class KnowledgeState:
    """Per-process state: warehouses (pools) and running syncs."""

    warehouses: dict[tuple[str, str], Warehouse] = field(default_factory=dict)
    running: dict[tuple[str, str], SyncRun] = field(default_factory=dict)
    # (org, table id, catalog version, guarded SQL incl. the rendered row filter) -> values seen through it
    guarded_values: dict[tuple[str, str, str, str], list[Any]] = field(default_factory=dict)
    catalogs: cat.CatalogCache = field(default_factory=cat.CatalogCache)
    catalog_builds: dict[tuple[str, str, int], asyncio.Future[cat.ConnectionCatalog]] = field(default_factory=dict)
    bootstrapped: set[str] = field(default_factory=set)  # orgs whose demo is created (or forgone)
    pending_use: dict[tuple[str, str], int] = field(default_factory=dict)  # (org, table id) -> queries
    use_flush: asyncio.Task[None] | None = None


class KnowledgeDomain:
    def __init__(self, store: Store, box: SecretBox, data_dir: Path, demo_data: bool,
                 modeler_can_sync: Any = None, sync_timeout_s: float = 900.0,
                 file_sources: FileSources | None = None) -> None:
        self.store = store
        self.box = box
        self.data_dir = data_dir
        # No policy given: nothing but the demo warehouse may be read from files.
        self.file_sources = file_sources or FileSources(allowed=(), data_dir=data_dir.resolve())
        self.demo_data = demo_data
        self.state = KnowledgeState()
        self.jobs = Jobs(store, t.leased_jobs, owner=PROCESS_OWNER)  # syncs held under leases (replicas take over)
        # async (org_id) -> bool; asks the admin service whether modelers may sync
        self.modeler_can_sync = modeler_can_sync
        self.sync_timeout_s = sync_timeout_s
        self.on_sync: Callable[[str, str, float], None] | None = None  # (type, outcome, seconds): metrics

    # ---- connections ----------------------------------------------------------------
    async def _connection_row(self, org: str, cid: str) -> sa.RowMapping:
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.connections).where(
                t.connections.c.org_id == org, t.connections.c.id == cid, t.connections.c.removed.is_(False))
            )).mappings().first()
        if row is None:
            raise NotFound(f"connection '{cid}' not found")
        return row

    def _spec(self, row: sa.RowMapping) -> ConnectionSpec:
        return ConnectionSpec(type=row["type"], params=self.box.open(row["params_enc"]))

    def _check_files(self, org: str, row: sa.RowMapping) -> None:
        """Re-check a stored file-based connection's paths before reading (a path can change)."""
        if row["type"] in FILE_FIELDS:
            self.file_sources.check_params(org, row["type"], self.box.open(row["params_enc"]))

    def _warehouse(self, org: str, row: sa.RowMapping) -> Warehouse:
        key = (org, row["id"])
        wh = self.state.warehouses.get(key)
        if wh is None:
            wh = Warehouse(self._spec(row))
            self.state.warehouses[key] = wh
        return wh

    def _drop_warehouse(self, org: str, cid: str) -> None:
        wh = self.state.warehouses.pop((org, cid), None)
        if wh is not None:
            wh.dispose()
        self.state.catalogs.drop(org, cid)

    @staticmethod
    async def _bump(c: Any, org: str, cids: Iterable[str] | None = None) -> None:
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

    @staticmethod
    def _cid_of(table_id: str) -> str:
        return table_id.split(".", 1)[0]

    async def connect(self, p: common_pb2.Principal, kind: str, cid: str, params: dict[str, Any]) -> sa.RowMapping:
        require_role(p, "admin")
        self.file_sources.check_params(p.org_id, kind, params)  # first: a refusal says nothing of what exists
        params = ct.validate(kind, dict(params))
        cid = ct.slug(cid) if cid else f"{kind}-{uuid.uuid4().hex[:8]}"
        status = "connected"
        if kind in ct.WAREHOUSE_TYPES:
            wh = Warehouse(ConnectionSpec(type=kind, params=params))
            try:
                await wh.test()
            except Unavailable as exc:
                if "install" in str(exc.detail):
                    status = "driver_missing"
                else:
                    raise BadRequest(f"could not connect: {exc.detail}") from None
            finally:
                wh.dispose()
        sealed = self.box.seal(params)
        public = json.dumps(public_params(params))
        try:
            async with self.store.engine.begin() as c:
                existing = (await c.execute(sa.select(t.connections.c.removed).where(
                    t.connections.c.org_id == p.org_id, t.connections.c.id == cid))).first()
                if existing is not None:
                    await c.execute(t.connections.update().where(
                        t.connections.c.org_id == p.org_id, t.connections.c.id == cid).values(
                        type=kind, params_enc=sealed, public_json=public, status=status, removed=False,
                        catalog_version=t.connections.c.catalog_version + 1))
                else:
                    await c.execute(t.connections.insert().values(
                        org_id=p.org_id, id=cid, type=kind, params_enc=sealed, public_json=public,
                        created_at=now_iso(), status=status, removed=False))
        except OperationalError as exc:
            raise write_error(exc) from exc
        self._drop_warehouse(p.org_id, cid)
        return await self._connection_row(p.org_id, cid)

    async def list_connections(self, p: common_pb2.Principal) -> list[tuple[sa.RowMapping, int]]:
        """Connections with their parameters (secrets masked): admins only, as in Dot's Settings."""
        require_role(p, "admin")
        return await self._connections(p)

    async def _connections(self, p: common_pb2.Principal) -> list[tuple[sa.RowMapping, int]]:
        await self.ensure_demo(p)
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.connections).where(
                t.connections.c.org_id == p.org_id, t.connections.c.removed.is_(False)
            ).order_by(t.connections.c.created_at))).mappings().all()
            counts = dict((await c.execute(sa.select(t.catalog_tables.c.connection_id, sa.func.count()).where(
                t.catalog_tables.c.org_id == p.org_id, t.catalog_tables.c.archived.is_(False)
            ).group_by(t.catalog_tables.c.connection_id))).all())
        return [(r, int(counts.get(r["id"], 0))) for r in rows]

    async def test_connection(self, p: common_pb2.Principal, cid: str) -> tuple[bool, str]:
        require_role(p, "admin")
        row = await self._connection_row(p.org_id, cid)
        if row["type"] not in ct.WAREHOUSE_TYPES:
            return True, f"{row['type']} connections are checked when they sync"
        self._check_files(p.org_id, row)
        try:
            await self._warehouse(p.org_id, row).test()
        except (Unavailable, BadRequest) as exc:
            return False, str(exc.detail)
        return True, "connection works"

    async def remove_connection(self, p: common_pb2.Principal, cid: str, delete_setup: bool) -> None:
        require_role(p, "admin")
        if cid == DEMO_CONNECTION_ID and await self._forgo_demo(p.org_id):
            return  # the demo was never generated for this org; now it never will be
        await self._connection_row(p.org_id, cid)
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(
                t.connections.c.org_id == p.org_id, t.connections.c.id == cid).values(
                removed=True, catalog_version=t.connections.c.catalog_version + 1))
            where = sa.and_(t.catalog_tables.c.org_id == p.org_id, t.catalog_tables.c.connection_id == cid)
            if delete_setup:
                ids = (await c.execute(sa.select(t.catalog_tables.c.id).where(where))).scalars().all()
                await c.execute(t.table_groups.delete().where(t.table_groups.c.org_id == p.org_id,
                                                             t.table_groups.c.table_id.in_(ids)))
                await c.execute(t.search_terms.delete().where(t.search_terms.c.org_id == p.org_id,
                                                              t.search_terms.c.table_id.in_(ids)))
                await c.execute(t.catalog_tables.delete().where(where))
            else:
                await c.execute(t.catalog_tables.update().where(where).values(archived=True, updated_at=now_iso()))
        self._drop_warehouse(p.org_id, cid)

    # ---- demo ---------------------------------------------------------------------
    def _demo_path(self, org: str) -> Path:
        return demo_path(self.data_dir, org)

    async def demo_ids(self, org: str) -> set[str]:
        """The generated demo warehouse's connection id, if this org has it (a connection an admin
        named "demo" that points elsewhere is a real warehouse)."""
        async with self.store.engine.connect() as c:
            public = (await c.execute(sa.select(t.connections.c.public_json).where(
                t.connections.c.org_id == org, t.connections.c.id == DEMO_CONNECTION_ID))).scalar()
        if public is None or json.loads(public).get("database_location") != str(self._demo_path(org)):
            return set()
        return {DEMO_CONNECTION_ID}

    async def _forgo_demo(self, org: str) -> bool:
        """Removing the demo before its first use records that it must never be generated."""
        if not self.demo_data:
            return False
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.org_bootstrap.insert().values(org_id=org, demo_created_at=None))
        except sa.exc.IntegrityError:
            return False  # already generated (or forgone): remove it like any connection
        return True

    async def ensure_demo(self, p: common_pb2.Principal) -> None:
        """First use of an org: create, connect and sync the generated demo warehouse (once).
        Remembered per process, so later reads neither write nor look again."""
        if not self.demo_data or not p.org_id or p.org_id in self.state.bootstrapped:
            return
        async with self.store.engine.connect() as c:
            done = (await c.execute(sa.select(t.org_bootstrap.c.org_id).where(
                t.org_bootstrap.c.org_id == p.org_id))).first()
        if done is not None:
            self.state.bootstrapped.add(p.org_id)
            return
        from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse

        path = demo_path(self.data_dir, p.org_id)
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.org_bootstrap.insert().values(org_id=p.org_id, demo_created_at=now_iso()))
        except sa.exc.IntegrityError:
            return  # another request is doing it
        if not path.exists():
            await asyncio.to_thread(create_demo_warehouse, path)
        admin = common_pb2.Principal(user_id="service:knowledge", org_id=p.org_id, role="service")
        await self.connect(admin, "sqlite", "demo", {"database_location": str(path)})
        await self.sync(admin, "sqlite", "demo")
        for table, doc in DEMO_DESCRIPTIONS.items():
            await self.save_table_doc(admin, {"id": f"demo.main.{table}", "description": doc.get("description", ""),
                                              "columns": [{"name": k, "description": v}
                                                          for k, v in doc.get("columns", {}).items()]})

    # ---- sync ---------------------------------------------------------------------
    async def _may_sync(self, p: common_pb2.Principal) -> None:
        if p.role in ("admin", "service"):
            return
        if p.role == "modeler" and self.modeler_can_sync is not None and await self.modeler_can_sync(p):
            return
        raise PermissionDenied("syncing connections needs the admin role (or a modeler with the sync grant)")

    async def sync(self, p: common_pb2.Principal, kind: str, cid: str) -> dict[str, Any]:
        await self._may_sync(p)
        row = await self._connection_row(p.org_id, cid)
        if kind and kind != row["type"]:
            raise InvalidArgument(f"connection '{cid}' is of type {row['type']}, not {kind}")
        key = (p.org_id, cid)
        running = self.state.running.get(key)
        if running is not None and time.monotonic() - running.started <= self.sync_timeout_s:
            raise Conflict({"message": f"a sync of '{cid}' is already running", "running_sync_id": running.id,
                            "active_run_id": running.id})
        self._check_files(p.org_id, row)
        if running is None and await self.jobs.live("sync", f"{p.org_id}/{cid}") is not None:
            raise Conflict({"message": f"a sync of '{cid}' is already running on another replica"})
        if running is not None:
            await self._expire_run(p.org_id, cid, running)
        run = SyncRun(id="sync_" + uuid.uuid4().hex[:12], started=time.monotonic(), task=asyncio.current_task())
        self.state.running[key] = run
        try:
            await self._record_sync(p.org_id, run, cid, "running", None)
            job = await self.jobs.start("sync", f"{p.org_id}/{cid}", {"org": p.org_id, "cid": cid}, job_id=run.id)
            async with self.jobs.holding(job):
                return await self._sync_run(p.org_id, row, run)
        except asyncio.CancelledError:
            if not run.expired:
                raise
            asyncio.current_task().uncancel()  # type: ignore[union-attr]
            raise Timeout(f"this sync of '{cid}' ran longer than the sync timeout ({self.sync_timeout_s:g}s) "
                          f"and was replaced by a newer one; nothing more was written") from None
        finally:
            if self.state.running.get(key) is run:
                self.state.running.pop(key, None)

    async def _sync_run(self, org: str, row: sa.RowMapping, run: SyncRun) -> dict[str, Any]:
        """Read the catalog and record the run's outcome (here, or on the replica that took it over)."""
        cid = row["id"]
        try:
            if row["type"] in ct.WAREHOUSE_TYPES:
                result = await self._sync_warehouse(org, row)
            elif row["type"] == "dbt":
                result = await self._sync_dbt(org, row)
            else:
                result = await self._sync_looker(org, row)
            result.update(sync_id=run.id, connection_id=cid, status="ok", duration_s=time.monotonic() - run.started)
            await self._record_sync(org, run, cid, "ok", result)
            self._observe_sync(row["type"], "ok", run)
            return result
        except asyncio.CancelledError:
            self._observe_sync(row["type"], "expired" if run.expired else "cancelled", run)
            raise  # an expired run is recorded by _expire_run; an abandoned request records nothing
        except BaseException as exc:
            self._observe_sync(row["type"], "failed", run)
            try:
                await self._record_sync(org, run, cid, "failed", {"error": str(getattr(exc, "detail", exc))})
            except Exception:  # noqa: BLE001 - the original error matters more
                log.warning("could not record failed sync")
            raise

    def _observe_sync(self, kind: str, outcome: str, run: SyncRun) -> None:
        if self.on_sync is not None:
            self.on_sync(kind, outcome, time.monotonic() - run.started)

    async def resume_sync(self, job: Job) -> None:
        """Finish a sync whose replica died (JobRunner): same run id, this process as its owner."""
        org, cid = job.payload["org"], job.payload["cid"]
        try:
            row = await self._connection_row(org, cid)
        except NotFound:
            await self._record_sync(org, SyncRun(job.id, time.monotonic()), cid, "failed",
                                    {"error": "the connection was removed before its sync finished"})
            return
        async with self.store.engine.begin() as c:
            await c.execute(t.syncs.update().where(t.syncs.c.id == job.id).values(owner=PROCESS_OWNER))
        key = (org, cid)
        run = SyncRun(id=job.id, started=time.monotonic(), task=asyncio.current_task())
        self.state.running[key] = run
        try:
            await self._sync_run(org, row, run)
        finally:
            if self.state.running.get(key) is run:
                self.state.running.pop(key, None)

    async def abandon_sync(self, job: Job) -> None:
        await self._record_sync(job.payload["org"], SyncRun(job.id, time.monotonic()), job.payload["cid"], "failed",
                                {"error": "interrupted: every replica that ran this sync stopped"})

    async def _expire_run(self, org: str, cid: str, run: SyncRun) -> None:
        """A run older than the sync timeout is stale (stuck in something that never returns): it is
        cancelled so it writes nothing more, and recorded as failed, so it cannot hold off syncs."""
        run.expired = True
        if run.task is not None and not run.task.done():
            run.task.cancel()
        log.warning("sync %s of %s ran longer than %gs: expired", run.id, cid, self.sync_timeout_s)
        await self._record_sync(org, run, cid, "failed", {"error": f"expired: still running after the sync "
                                                                   f"timeout ({self.sync_timeout_s:g}s)"})

    async def expire_stale_syncs(self) -> int:
        """At start: runs left ``running`` by a dead process of this host (or by anyone, when older
        than the sync timeout) are marked failed; runs of live processes are left alone, and so are
        runs still held by a job (a replica's JobRunner finishes those)."""
        async with self.store.engine.connect() as c:
            held = sa.select(t.leased_jobs.c.id).where(t.leased_jobs.c.status == "running")
            rows = (await c.execute(sa.select(t.syncs.c.id, t.syncs.c.started_at, t.syncs.c.owner).where(
                t.syncs.c.status == "running", t.syncs.c.id.not_in(held)))).all()
        now = datetime.now(UTC)
        stale = []
        for sid, started_at, owner in rows:
            try:
                age = (now - datetime.fromisoformat(started_at)).total_seconds()
            except ValueError:
                age = float("inf")
            if age > self.sync_timeout_s or _owner_is_gone(owner):
                stale.append(sid)
        if stale:
            async with self.store.engine.begin() as c:
                await c.execute(t.syncs.update().where(t.syncs.c.id.in_(stale), t.syncs.c.status == "running").values(
                    status="failed", finished_at=now_iso(),
                    result_json=json.dumps({"error": "interrupted: the process running this sync stopped"})))
            log.warning("marked %d interrupted sync(s) failed", len(stale))
        return len(stale)

    async def _record_sync(self, org: str, run: SyncRun, cid: str, status: str, result: dict[str, Any] | None) -> None:
        async with self.store.engine.begin() as c:
            if status == "running":
                await c.execute(t.syncs.insert().values(id=run.id, org_id=org, connection_id=cid,
                                                        started_at=now_iso(), status=status, owner=PROCESS_OWNER))
            else:
                await c.execute(t.syncs.update().where(t.syncs.c.id == run.id).values(
                    finished_at=now_iso(), status=status, result_json=json.dumps(result, default=str)))

    async def _stored_snapshot(self, org: str, cid: str) -> dict[tuple[str, str], sa.RowMapping]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.catalog_tables).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.connection_id == cid))).mappings().all()
        return {(r["schema"], r["name"]): r for r in rows}

    async def _sync_warehouse(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        spec = self._spec(row)
        stored = await self._stored_snapshot(org, row["id"])
        live = [r["snapshot_json"] for r in stored.values() if not r["archived"]]

        def read() -> tuple[CatalogSnapshot, CatalogSnapshot]:
            # parsed here, off the event loop: 20,000 stored tables take seconds to parse
            previous = CatalogSnapshot(tables=[table_from_dict(json.loads(text)) for text in live])
            engine = sa.create_engine(sqlalchemy_url(spec), **engine_options(spec))
            try:
                return previous, read_catalog(engine, dialect_name=engine.dialect.name, previous=previous)
            finally:
                engine.dispose()

        try:
            previous, snapshot = await asyncio.wait_for(asyncio.to_thread(read), self.sync_timeout_s)
        except TimeoutError:
            raise Timeout(f"the warehouse stopped answering while its catalog was read (nothing within "
                          f"{self.sync_timeout_s:g}s); the previous catalog is unchanged") from None
        diff = diff_catalog(previous, snapshot)
        await self._write_snapshot(org, row["id"], stored, snapshot)
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(t.connections.c.org_id == org, t.connections.c.id == row["id"])
                            .values(last_synced_at=now_iso(), status="synced"))
        counts = diff.counts()
        docs = await self._attach_dbt_everywhere(org)
        return {**counts, "docs_attached": docs}

    async def _write_snapshot(self, org: str, cid: str, stored: dict[tuple[str, str], sa.RowMapping],
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
                    await self._bump(c, org, [cid])
        except OperationalError as exc:
            raise write_error(exc) from exc

    async def _sync_dbt(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        params = self.box.open(row["params_enc"])
        if params.get("manifest_path"):
            manifest = Path(params["manifest_path"]).read_bytes()
            catalog = Path(params["catalog_path"]).read_bytes() if params.get("catalog_path") else None
            await self._store_artifacts(org, row["id"], manifest, catalog)
        docs = await self._attach_dbt_everywhere(org)
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(t.connections.c.org_id == org, t.connections.c.id == row["id"])
                            .values(last_synced_at=now_iso(), status="synced"))
        return {"docs_attached": docs}

    async def _store_artifacts(self, org: str, cid: str, manifest: bytes, catalog: bytes | None) -> None:
        from services.knowledge.dbt import load_dbt_project

        await asyncio.to_thread(load_dbt_project, manifest, catalog)  # validate before storing
        async with self.store.engine.begin() as c:
            await c.execute(t.dbt_artifacts.delete().where(t.dbt_artifacts.c.org_id == org,
                                                           t.dbt_artifacts.c.connection_id == cid))
            await c.execute(t.dbt_artifacts.insert().values(org_id=org, connection_id=cid, manifest=manifest,
                                                            catalog=catalog, uploaded_at=now_iso()))

    async def upload_dbt(self, p: common_pb2.Principal, cid: str, manifest: bytes, catalog: bytes | None) -> dict[str, Any]:
        await self._may_sync(p)
        row = await self._connection_row(p.org_id, cid)
        if row["type"] != "dbt":
            raise InvalidArgument(f"connection '{cid}' is not a dbt connection")
        started = time.monotonic()
        await self._store_artifacts(p.org_id, cid, manifest, catalog or None)
        docs = await self._attach_dbt_everywhere(p.org_id)
        return {"connection_id": cid, "status": "ok", "docs_attached": docs, "duration_s": time.monotonic() - started,
                "sync_id": "upload_" + uuid.uuid4().hex[:8]}

    async def _attach_dbt_everywhere(self, org: str) -> int:
        """Attach docs from every dbt connection's artifacts to matching warehouse tables."""
        from services.knowledge.dbt import load_dbt_project, match_nodes_to_tables

        async with self.store.engine.connect() as c:
            arts = (await c.execute(sa.select(t.dbt_artifacts).join(
                t.connections, sa.and_(t.connections.c.org_id == t.dbt_artifacts.c.org_id,
                                       t.connections.c.id == t.dbt_artifacts.c.connection_id)).where(
                t.dbt_artifacts.c.org_id == org, t.connections.c.removed.is_(False)))).mappings().all()
            rows = (await c.execute(sa.select(t.catalog_tables.c.id, t.catalog_tables.c.schema,
                                              t.catalog_tables.c.name, t.catalog_tables.c.dbt_json).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.archived.is_(False)))).all()
        if not arts:
            return 0
        updates: dict[str, str] = {}
        for art in arts:
            project = await asyncio.to_thread(load_dbt_project, art["manifest"], art["catalog"])
            matches = match_nodes_to_tables(project, [(r.schema, r.name) for r in rows])
            metrics_by_model: dict[str, list[dict[str, Any]]] = {}
            for m in project.metrics:
                for ref in m.model_refs:
                    metrics_by_model.setdefault(ref, []).append(
                        {"name": m.name, "label": m.label, "description": m.description, "type": m.type,
                         "expression": m.expression})
            for r in rows:
                node = matches.get((r.schema, r.name))
                if node is None:
                    continue
                doc = {"unique_id": node.unique_id, "resource_type": node.resource_type,
                       "description": node.description, "columns": node.columns, "tags": node.tags,
                       "upstream": node.upstream, "downstream": node.downstream,
                       "metrics": metrics_by_model.get(node.unique_id, []), "connection_id": art["connection_id"]}
                text = json.dumps(doc, sort_keys=True)
                if text != r.dbt_json:
                    updates[r.id] = text
        return await self._write_attached_docs(org, "dbt_json", updates)

    async def _sync_looker(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        from services.knowledge.lookml import LookMLDirectorySource

        params = self.box.open(row["params_enc"])
        if not params.get("project_dir"):
            from services.knowledge.lookml import LookerApiSource

            source: Any = LookerApiSource(params)
        else:
            source = LookMLDirectorySource(Path(params["project_dir"]), base_url=params.get("url"))
        project = await asyncio.to_thread(source.load)
        assets = await asyncio.to_thread(source.dashboards)
        for a in assets:
            await self._upsert_asset(org, a, source=row["id"])
        docs = await self._attach_lookml(org, row["id"], project)
        async with self.store.engine.begin() as c:
            await c.execute(t.connections.update().where(t.connections.c.org_id == org, t.connections.c.id == row["id"])
                            .values(last_synced_at=now_iso(), status="synced"))
        return {"assets": len(assets), "docs_attached": docs}

    async def _attach_lookml(self, org: str, cid: str, project: Any) -> int:
        """Attach each LookML view (fields, labels, SQL, explores) to the warehouse table it reads."""
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.catalog_tables.c.id, t.catalog_tables.c.schema,
                                              t.catalog_tables.c.name, t.catalog_tables.c.lookml_json).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.archived.is_(False)))).all()
        by_name: dict[str, list[Any]] = {}
        for r in rows:
            by_name.setdefault(r.name.lower(), []).append(r)
        updates: dict[str, str] = {}
        for view in project.views:
            ref = view.table_ref()
            if ref is None:
                continue
            schema, name = ref
            candidates = [r for r in by_name.get(name.lower(), [])
                          if schema is None or r.schema.lower().split(".")[-1] == schema.lower()]
            explores = [{"name": e.name, "model": e.model, "label": e.label, "description": e.description,
                         "joins": [{"view": j.from_view, "sql_on": j.sql_on, "relationship": j.relationship}
                                   for j in e.joins]}
                        for e in project.explores if e.view_name == view.name or
                        any(j.from_view == view.name for j in e.joins)]
            doc = {"view": view.name, "label": view.label, "description": view.description, "connection_id": cid,
                   "fields": [{"name": f.name, "kind": f.kind, "type": f.type, "label": f.label,
                               "description": f.description, "sql": f.sql} for f in view.fields if not f.hidden],
                   "explores": explores}
            text = json.dumps(doc, sort_keys=True)
            for r in candidates:
                if r.lookml_json != text:
                    updates[r.id] = text
        return await self._write_attached_docs(org, "lookml_json", updates)

    async def _write_attached_docs(self, org: str, column: str, updates: dict[str, str]) -> int:
        """Store docs attached from another source (dbt, LookML) in one transaction; returns the count."""
        if updates:
            async with self.store.engine.begin() as c:
                for tid, text in updates.items():
                    await c.execute(t.catalog_tables.update().where(
                        t.catalog_tables.c.org_id == org, t.catalog_tables.c.id == tid).values({column: text}))
                await search_index.reindex(c, org, updates)
                await self._bump(c, org, {self._cid_of(tid) for tid in updates})
        return len(updates)

    # ---- tables and access -----------------------------------------------------------
    async def _visible_rows(self, p: common_pb2.Principal, *, include_archived: bool = False,
                            connection_id: str | None = None,
                            manage: bool = False) -> list[tuple[sa.RowMapping, list[str]]]:
        """Tables the caller may query (shares a group), or with ``manage`` all tables for admins/modelers."""
        async with self.store.engine.connect() as c:
            q = sa.select(t.catalog_tables).join(t.connections, sa.and_(
                t.connections.c.org_id == t.catalog_tables.c.org_id,
                t.connections.c.id == t.catalog_tables.c.connection_id)).where(
                t.catalog_tables.c.org_id == p.org_id)
            if not include_archived:
                q = q.where(t.catalog_tables.c.archived.is_(False), t.connections.c.removed.is_(False))
            if connection_id:
                q = q.where(t.catalog_tables.c.connection_id == connection_id)
            rows = (await c.execute(q.order_by(t.catalog_tables.c.id))).mappings().all()
            grows = (await c.execute(sa.select(t.table_groups.c.table_id, t.table_groups.c.group_name).where(
                t.table_groups.c.org_id == p.org_id))).all()
        groups: dict[str, list[str]] = {}
        for tid, g in grows:
            groups.setdefault(tid, []).append(g)
        mine = set(data_groups(p))
        out = []
        for r in rows:
            g = sorted(groups.get(r["id"], []))
            if p.role == "service" or (manage and p.role in ("admin", "modeler") and not p.active_groups) \
                    or mine & set(g):
                out.append((r, g))
        return out

    async def _table(self, p: common_pb2.Principal, table_id: str) -> tuple[sa.RowMapping, list[str]]:
        await self.ensure_demo(p)
        for r, g in await self._visible_rows(p, include_archived=True, manage=True):
            if r["id"] == table_id or r["id"].lower() == table_id.lower():
                return r, g
        raise NotFound(f"table '{table_id}' not found")

    def table_json(self, r: sa.RowMapping, groups: list[str], *, lite: bool = False,
                   values: dict[str, list[Any]] | None = None) -> dict[str, Any]:
        """``values`` replaces the stored sample values (see ``_asker_values``); None keeps them.
        Replaced values also drop the row count, which counts rows the asker may not see."""
        snap = json.loads(r["snapshot_json"])
        docs = json.loads(r["column_docs_json"] or "{}")
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
        cols = []
        semantics = json.loads(r["semantics_json"] or "{}")
        asker_cols = _columns_for_asker(snap, values)
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

    async def list_tables(self, p: common_pb2.Principal, lite: bool, include_archived: bool) -> list[dict[str, Any]]:
        """All visible tables; sample values of row-filtered tables are withheld here (get_table and
        the schema compute them through the guard, one table at a time)."""
        if include_archived:
            require_role(p, "admin", "modeler")
        await self.ensure_demo(p)
        rows = await self._visible_rows(p, include_archived=include_archived, manage=True)
        hide = not _sees_stored_values(p)
        return [self.table_json(r, g, lite=lite, values={} if hide and r["row_filter"] else None) for r, g in rows]

    async def get_table(self, p: common_pb2.Principal, table_id: str) -> dict[str, Any]:
        r, g = await self._table(p, table_id)
        return self.table_json(r, g, values=await self._asker_values(p, r))

    async def _asker_values(self, p: common_pb2.Principal, r: Mapping[str, Any],
                            ctx: _GuardContext | None = None) -> dict[str, list[Any]] | None:
        """Sample values the asker may see: None (the stored ones) unless the table has a row filter
        and the asker may not see all rows; then each column's values come from a
        ``SELECT DISTINCT col`` through the guard under the asker's identity (cached per table
        version and rendered filter). A column whose query is refused or fails shows none."""
        if not r["row_filter"] or _sees_stored_values(p):
            return None
        try:
            conn = await self._connection_row(p.org_id, r["connection_id"])
        except NotFound:
            return {}
        if conn["type"] not in ct.WAREHOUSE_TYPES:
            return {}
        ctx = ctx or await self._guard_context(p, conn)
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

    async def save_table_doc(self, p: common_pb2.Principal, doc: dict[str, Any]) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        tid = doc.get("id") or doc.get("table_id")
        if not isinstance(tid, str) or not tid:
            raise InvalidArgument("table.id is required")
        r, g = await self._table(p, tid)
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
        async with self.store.engine.begin() as c:
            await c.execute(t.catalog_tables.update().where(
                t.catalog_tables.c.org_id == p.org_id, t.catalog_tables.c.id == r["id"]).values(**values))
            await search_index.reindex(c, p.org_id, [r["id"]])
            await self._bump(c, p.org_id, [r["connection_id"]])
        return await self.get_table(p, r["id"])

    async def set_table_group(self, p: common_pb2.Principal, table_id: str, group: str, add: bool) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        if not group or len(group) > 120:
            raise InvalidArgument("group is required (max 120 characters)")
        r, g = await self._table(p, table_id)
        async with self.store.engine.begin() as c:
            if add and group not in g:
                await c.execute(t.table_groups.insert().values(org_id=p.org_id, table_id=r["id"], group_name=group))
            elif not add:
                if group not in g:
                    raise NotFound(f"table {r['id']} is not in group '{group}'")
                await c.execute(t.table_groups.delete().where(
                    t.table_groups.c.org_id == p.org_id, t.table_groups.c.table_id == r["id"],
                    t.table_groups.c.group_name == group))
            await self._bump(c, p.org_id, [r["connection_id"]])
        admin_view = common_pb2.Principal(org_id=p.org_id, role="service")
        return await self.get_table(admin_view, r["id"])

    async def set_row_filter(self, p: common_pb2.Principal, table_id: str, template: str) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        r, _ = await self._table(p, table_id)
        conn = await self._connection_row(p.org_id, r["connection_id"])
        value = None
        if template.strip():
            validate_row_filter(template, sqlglot_dialect(conn["type"]))
            value = template.strip()
        async with self.store.engine.begin() as c:
            await c.execute(t.catalog_tables.update().where(
                t.catalog_tables.c.org_id == p.org_id, t.catalog_tables.c.id == r["id"]).values(
                row_filter=value, updated_at=now_iso()))
            await self._bump(c, p.org_id, [r["connection_id"]])
        return await self.get_table(p, r["id"])

    # ---- external assets -----------------------------------------------------------
    async def _upsert_asset(self, org: str, asset: dict[str, Any], source: str = "api") -> dict[str, Any]:
        aid = asset.get("id")
        if not isinstance(aid, str) or not aid.strip():
            raise InvalidArgument("external_asset.id is required")
        if not isinstance(asset.get("subtype"), str) or not asset["subtype"].strip():
            raise InvalidArgument("external_asset.subtype is required")
        async with self.store.engine.begin() as c:
            await c.execute(t.external_assets.delete().where(t.external_assets.c.org_id == org,
                                                             t.external_assets.c.id == aid))
            await c.execute(t.external_assets.insert().values(org_id=org, id=aid, subtype=asset["subtype"],
                                                              doc_json=json.dumps(asset), source=source,
                                                              updated_at=now_iso()))
        return asset

    async def import_asset(self, p: common_pb2.Principal, asset: dict[str, Any]) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        return await self._upsert_asset(p.org_id, asset)

    async def list_assets(self, p: common_pb2.Principal) -> list[dict[str, Any]]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.external_assets.c.doc_json).where(
                t.external_assets.c.org_id == p.org_id).order_by(t.external_assets.c.id))).scalars().all()
        return [json.loads(x) for x in rows]

    async def delete_asset(self, p: common_pb2.Principal, asset_id: str) -> None:
        require_role(p, "admin", "modeler")
        async with self.store.engine.begin() as c:
            n = (await c.execute(t.external_assets.delete().where(
                t.external_assets.c.org_id == p.org_id, t.external_assets.c.id == asset_id))).rowcount
        if not n:
            raise NotFound(f"external asset '{asset_id}' not found")

    # ---- search & catalog ------------------------------------------------------------
    async def search(self, p: common_pb2.Principal, query: str, limit: int) -> list[dict[str, Any]]:
        """Rank visible tables and active assets by word overlap with names, docs, columns and values.

        Tables are ranked from the search index in one grouped lookup bounded by the query's words
        (no pass over every table's JSON on the event loop); only the top tables are loaded. Values
        of a table with a row filter are not ranked on for askers who may not see all its rows."""
        words = (_words(query) - STOPWORDS) | _joined_pairs(query)
        terms = _query_terms(query)
        if not terms:
            return []
        await self.ensure_demo(p)
        limit = max(1, min(limit or 10, 100))
        q = search_index.ranking(p.org_id, terms, groups=None if p.role == "service" else data_groups(p),
                                 hide_filtered_values=not _sees_stored_values(p), limit=limit)
        async with self.store.engine.connect() as c:
            table_scores = {tid: float(sc) for tid, sc in (await c.execute(q)).all()}
            names = (await c.execute(search_index.matched_names(p.org_id, terms, list(table_scores)))).all() \
                if table_scores else []
        matched: dict[tuple[str, str], list[str]] = {}
        for tid, fld, term in names:
            matched.setdefault((tid, fld), []).append(term)
        scored: list[tuple[float, str, Any]] = [(sc, "table", tid) for tid, sc in sorted(table_scores.items())]
        for a in await self.list_assets(p):
            if not a.get("active", True):
                continue
            text = " ".join(str(a.get(k) or "") for k in ("name", "description", "folder", "dot_description"))
            aw = _words(text)
            score = 2 * len(words & _words(str(a.get("name") or ""))) + 0.5 * len(words & aw)
            if score > 0:
                scored.append((score, "external_asset", a))
        scored.sort(key=lambda x: -x[0])
        top = scored[:limit]
        tables = await self._search_tables(p, [x for _, kind, x in top if kind == "table"], matched)
        out = []
        for score, kind, item in top:
            if kind == "table":
                out.append(dict(tables[item], score=score))
            else:
                out.append({"kind": "external_asset", **item, "score": score})
        return out

    async def _search_tables(self, p: common_pb2.Principal, ids: list[str],
                             hits: dict[tuple[str, str], list[str]]) -> dict[str, dict[str, Any]]:
        """The few ranked tables as search results, with the query words their names and columns match."""
        org, hide = p.org_id, not _sees_stored_values(p)
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.catalog_tables).where(
                t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids)))).mappings().all()
            grows = (await c.execute(sa.select(t.table_groups.c.table_id, t.table_groups.c.group_name).where(
                t.table_groups.c.org_id == org, t.table_groups.c.table_id.in_(ids)))).all()
        groups: dict[str, list[str]] = {}
        for tid, g in grows:
            groups.setdefault(tid, []).append(g)
        demo = await self.demo_ids(org) if ids else set()
        return {r["id"]: {"kind": "table", **self.table_json(r, sorted(groups.get(r["id"], [])), lite=True,
                                                             values={} if hide and r["row_filter"] else None),
                          "matched_names": sorted(hits.get((r["id"], search_index.NAME), [])),
                          "matched_columns": sorted(hits.get((r["id"], search_index.COLUMN), [])),
                          "demo": r["connection_id"] in demo}
                for r in rows}

    async def cli_catalog(self, p: common_pb2.Principal) -> dict[str, Any]:
        await self.ensure_demo(p)
        visible = await self._visible_rows(p)
        hide = not _sees_stored_values(p)
        conns = await self._connections(p)
        # most used first; among equals, documented tables (people or dbt) before undocumented ones
        ranked = sorted(visible, key=lambda x: (-x[0]["use_count"], not (x[0]["description"] or x[0]["dbt_json"]),
                                                x[0]["id"]))
        assets: dict[str, int] = {}
        for a in await self.list_assets(p):
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

    async def schema(self, p: common_pb2.Principal, connection_id: str, question: str = "") -> dict[str, Any]:
        """The catalog an engine may use on one connection, for the caller's groups; with the question,
        a big connection's is narrowed to the tables it is about (see ``_relevant``)."""
        if connection_id:  # a first question that names the demo must find it (default_connection ensures it too)
            await self.ensure_demo(p)
        cid = connection_id or await self.default_connection(p)
        conn = await self._connection_row(p.org_id, cid)
        catalog = await self._catalog(p.org_id, conn)
        groups = None if p.role == "service" else data_groups(p)
        visible: Sequence[cat.CatalogTable] = catalog.visible(groups)
        if question and len(visible) > NARROW_ABOVE_TABLES:
            visible = await self._relevant(p, catalog, cid, question, groups, visible)
        await self._details(p.org_id, catalog, [x.id for x in visible])
        tables = []
        ctx: _GuardContext | None = None
        for x in visible:
            detail = catalog.details.get(x.id)
            if detail is None:
                continue  # deleted since this version was read: the next request sees a newer one
            values = None
            if x.row_filter and not _sees_stored_values(p):
                if conn["type"] in ct.WAREHOUSE_TYPES:
                    ctx = ctx or await self._guard_context(p, conn, catalog)
                values = await self._asker_values(p, catalog.row(x), ctx)
            tables.append(cat.entry_for_asker(detail, values))
        return {"connection_id": cid, "dialect": sqlglot_dialect(conn["type"]), "tables": tables}

    async def _catalog(self, org: str, conn: sa.RowMapping) -> cat.ConnectionCatalog:
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
        ctab, tg = t.catalog_tables, t.table_groups
        # The version was read (with ``conn``) before these rows: a write in between makes the next
        # request see a newer version and rebuild, never the reverse.
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(
                ctab.c.id, ctab.c.schema, ctab.c.name, ctab.c.connection_id, ctab.c.row_filter, ctab.c.updated_at
            ).where(ctab.c.org_id == org, ctab.c.connection_id == conn["id"], ctab.c.archived.is_(False)
                    ).order_by(ctab.c.id))).all()
            grows = (await c.execute(sa.select(tg.c.table_id, tg.c.group_name).select_from(tg.join(
                ctab, sa.and_(ctab.c.org_id == tg.c.org_id, ctab.c.id == tg.c.table_id))).where(
                tg.c.org_id == org, ctab.c.connection_id == conn["id"], ctab.c.archived.is_(False)))).all()
        groups: dict[str, list[str]] = {}
        for tid, g in grows:
            groups.setdefault(tid, []).append(g)
        rows = [r._mapping for r in rows]
        built = await asyncio.to_thread(cat.build, conn, rows, groups) if len(rows) > 500 else \
            cat.build(conn, rows, groups)
        self.state.catalogs.put(org, conn["id"], built)
        return built

    async def _details(self, org: str, catalog: cat.ConnectionCatalog, ids: list[str]) -> None:
        """Load and parse the details (snapshot, docs) of these tables once per catalog version."""
        missing = [i for i in ids if i not in catalog.details]
        for i in range(0, len(missing), 500):
            async with self.store.engine.connect() as c:
                rows = (await c.execute(sa.select(t.catalog_tables).where(
                    t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(missing[i:i + 500])
                ))).mappings().all()
            parsed = await asyncio.to_thread(cat.details, rows, catalog.default_schema) if len(rows) > 50 else \
                cat.details(rows, catalog.default_schema)
            catalog.details.update(parsed)

    async def _relevant(self, p: common_pb2.Principal, catalog: cat.ConnectionCatalog, cid: str, question: str,
                        groups: Sequence[str] | None,
                        visible: Sequence[cat.CatalogTable]) -> Sequence[cat.CatalogTable]:
        """The visible tables a question is about, ranked through the search index as search ranks
        them (at most NARROW_TABLES), with the tables their foreign keys point to; none matching:
        the first NARROW_TABLES. Costs what the matches cost, not a pass over the catalog."""
        scores: dict[str, float] = {}
        terms = _query_terms(question)
        if terms:
            q = search_index.ranking(p.org_id, terms, groups=groups, hide_filtered_values=not _sees_stored_values(p),
                                     limit=NARROW_TABLES, connection_id=cid)
            async with self.store.engine.connect() as c:
                for tid, score in (await c.execute(q)).all():
                    x = catalog.by_id.get(tid)
                    if x is not None and catalog.sees(x, groups):  # else: newer than this catalog version
                        scores[tid] = float(score)
        ranked = sorted(scores, key=lambda tid: (-scores[tid], tid))[:NARROW_TABLES]
        chosen = set(ranked)
        await self._details(p.org_id, catalog, ranked)
        for tid in ranked:
            detail = catalog.details.get(tid)
            for ref in detail.refs if detail else ():
                x = catalog.by_id.get(ref)
                if x is not None and catalog.sees(x, groups):
                    chosen.add(ref)
        if not chosen:
            return visible[:NARROW_TABLES]
        return catalog.in_order(chosen)

    async def default_connection(self, p: common_pb2.Principal) -> str:
        """The org's main data: a real warehouse before the generated demo, then the one whose tables
        are queried most, then the oldest one. One grouped query over the asker's visible tables."""
        await self.ensure_demo(p)
        ctab, conns, tg = t.catalog_tables, t.connections, t.table_groups
        q = sa.select(ctab.c.connection_id, sa.func.sum(ctab.c.use_count), sa.func.min(ctab.c.id)).select_from(
            ctab.join(conns, sa.and_(conns.c.org_id == ctab.c.org_id, conns.c.id == ctab.c.connection_id))).where(
            ctab.c.org_id == p.org_id, ctab.c.archived.is_(False), conns.c.removed.is_(False))
        if p.role != "service":
            q = q.where(sa.exists().where(tg.c.org_id == ctab.c.org_id, tg.c.table_id == ctab.c.id,
                                          tg.c.group_name.in_(data_groups(p))))
        async with self.store.engine.connect() as c:
            rows = (await c.execute(q.group_by(ctab.c.connection_id))).all()
            created = dict((await c.execute(sa.select(conns.c.id, conns.c.created_at).where(
                conns.c.org_id == p.org_id, conns.c.removed.is_(False),
                conns.c.type.in_(sorted(ct.WAREHOUSE_TYPES))))).all())
        if not rows:
            raise NotFound("no data is connected yet (or none is shared with your groups): "
                           "an admin can connect a warehouse with POST /api/connect_<type>")
        use = {cid: int(n or 0) for cid, n, _ in rows if cid in created}
        if not use:
            return str(min(rows, key=lambda r: r[2])[0])
        demo = await self.demo_ids(p.org_id)
        return min(use, key=lambda cid: (cid in demo, -use[cid], created[cid], cid))

    # ---- guarded execution ---------------------------------------------------------
    async def execute(self, p: common_pb2.Principal, cid: str, sql: str, max_rows: int,
                      timeout_s: float) -> dict[str, Any]:
        """The one path from any SQL to a warehouse: guard (parse, read-only, access, RLS), then run."""
        cid = cid or await self.default_connection(p)
        conn = await self._connection_row(p.org_id, cid)
        if conn["type"] not in ct.WAREHOUSE_TYPES:
            raise InvalidArgument(f"connection '{cid}' is not a SQL warehouse")
        ctx = await self._guard_context(p, conn)
        guarded = ctx.guard(sql)
        columns, rows, truncated = await ctx.warehouse.execute(
            guarded.sql, max_rows=min(max_rows or MAX_QUERY_ROWS, MAX_QUERY_ROWS),
            timeout_s=min(timeout_s or QUERY_TIMEOUT_S, 300.0))
        self._count_use(p.org_id, cid, guarded.tables)
        return {"sql": guarded.sql, "columns": list(columns), "rows": rows, "truncated": truncated,
                "tables": list(guarded.tables), "dialect": ctx.dialect}

    async def _guard_context(self, p: common_pb2.Principal, conn: sa.RowMapping,
                             catalog: cat.ConnectionCatalog | None = None) -> _GuardContext:
        """The catalog map (every table's groups and row filter) and the asker, as the guard needs them."""
        self._check_files(p.org_id, conn)  # a file-based warehouse's path is checked before every use
        catalog = catalog or await self._catalog(p.org_id, conn)
        groups = catalog.all_groups if p.role == "service" else data_groups(p)
        return _GuardContext(dialect=sqlglot_dialect(conn["type"]), default_schema=catalog.default_schema,
                             access=catalog.access, principal=GuardPrincipal(email=p.email, groups=groups, role=p.role),
                             warehouse=self._warehouse(p.org_id, conn))

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
            async with self.store.engine.begin() as c:
                for (org, n), ids in by_count.items():
                    await c.execute(t.catalog_tables.update().where(
                        t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids)).values(
                        use_count=t.catalog_tables.c.use_count + n))
        except OperationalError:
            log.warning("could not record table use (store not writable)")


_words = search_index.words


def _query_terms(query: str) -> list[str]:
    """The index terms a question is looked up by (bounded however long the question is)."""
    words = (_words(query) - STOPWORDS) | _joined_pairs(query)  # "high schoolers" also finds "highschooler"
    return sorted(w for w in words if len(w) <= search_index.MAX_TERM)[:MAX_SEARCH_TERMS]


def _joined_pairs(text: str) -> set[str]:
    """Adjacent words written together, singular too: schemas often spell compounds as one word."""
    tokens = WORD_RE.findall((text or "").lower())
    out = set()
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a in STOPWORDS or b in STOPWORDS:
            continue
        out.add(a + b)
        if len(b) > 3 and b.endswith("s"):
            out.add(a + b[:-1])
    return out


SYNONYM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 '&-]{0,59}$")
MAX_SYNONYMS = 20


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


@dataclass(frozen=True)
class _GuardContext:
    """Everything one asker's SQL on one connection is guarded and run with."""

    dialect: str
    default_schema: str
    access: TableIndex
    principal: GuardPrincipal
    warehouse: Warehouse

    def guard(self, sql: str) -> Any:
        return guard_sql(sql, dialect=self.dialect, tables=self.access, principal=self.principal,
                         default_schema=self.default_schema)


def _sees_stored_values(p: common_pb2.Principal) -> bool:
    """Stored sample values were read over all rows by the sync: only the service itself and an
    admin (not narrowed by an embedded token) may see them for a row-filtered table."""
    return p.role == "service" or (p.role == "admin" and not p.active_groups)


def _columns_for_asker(snap: dict[str, Any], values: dict[str, list[Any]] | None) -> list[dict[str, Any]]:
    """The snapshot's columns, with the asker's values in place of the stored ones when given.
    Counts over all rows (distinct_count) are dropped with them."""
    cols = snap.get("columns", [])
    if values is None:
        return cols
    return [dict(col, sample_values=values.get(col["name"], []),
                 values_complete=bool(col.get("values_complete")) and col["name"] in values,
                 distinct_count=None) for col in cols]


def _values_changed(old: sa.RowMapping, ts: TableSnap) -> bool:
    return old["snapshot_json"] != json.dumps(table_to_dict(ts))
