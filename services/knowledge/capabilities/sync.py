"""Syncs: read a connection's catalog (warehouse snapshot, dbt artifacts, LookML/Looker) into the
store, one run per connection at a time across replicas (a leased job), with stale runs expired
and a dead replica's run finished by another."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from services.common.errors import Conflict, InvalidArgument, NotFound, PermissionDenied, Timeout
from services.common.jobs import Job, Jobs, owner_is_gone
from services.common.principal import Principal
from services.knowledge import connection_types as ct
from services.knowledge.capabilities.assets import Assets
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.state import PROCESS_OWNER, KnowledgeState, SyncRun
from services.knowledge.catalog_diff import diff_catalog
from services.knowledge.introspect import CatalogSnapshot, read_catalog, table_from_dict
from services.knowledge.repository import SyncRepo
from services.knowledge.warehouse import engine_options, sqlalchemy_url

log = logging.getLogger(__name__)


def _owner_is_gone(owner: str | None) -> bool:
    return owner_is_gone(owner, PROCESS_OWNER)


class Syncs:
    def __init__(self, repo: SyncRepo, connections: Connections, assets: Assets, jobs: Jobs, state: KnowledgeState,
                 modeler_can_sync: Callable[[Principal], Awaitable[bool]] | None, sync_timeout_s: float) -> None:
        self.repo = repo
        self.connections = connections
        self.assets = assets
        self.jobs = jobs
        self.state = state
        # async (principal) -> bool; asks the admin service whether modelers may sync
        self.modeler_can_sync = modeler_can_sync
        self.sync_timeout_s = sync_timeout_s
        self.on_sync: Callable[[str, str, float], None] | None = None  # (type, outcome, seconds): metrics

    async def _may_sync(self, p: Principal) -> None:
        if p.role in ("admin", "service"):
            return
        if p.role == "modeler" and self.modeler_can_sync is not None and await self.modeler_can_sync(p):
            return
        raise PermissionDenied("syncing connections needs the admin role (or a modeler with the sync grant)")

    async def sync(self, p: Principal, kind: str, cid: str) -> dict[str, Any]:
        await self._may_sync(p)
        row = await self.connections.row(p.org_id, cid)
        if kind and kind != row["type"]:
            raise InvalidArgument(f"connection '{cid}' is of type {row['type']}, not {kind}")
        key = (p.org_id, cid)
        running = self.state.running.get(key)
        if running is not None and time.monotonic() - running.started <= self.sync_timeout_s:
            raise Conflict({"message": f"a sync of '{cid}' is already running", "running_sync_id": running.id,
                            "active_run_id": running.id})
        self.connections.check_files(p.org_id, row)
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
            row = await self.connections.row(org, cid)
        except NotFound:
            await self._record_sync(org, SyncRun(job.id, time.monotonic()), cid, "failed",
                                    {"error": "the connection was removed before its sync finished"})
            return
        await self.repo.set_owner(job.id, PROCESS_OWNER)
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
        rows = await self.repo.running_unheld()
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
            await self.repo.fail_running(stale, "interrupted: the process running this sync stopped")
            log.warning("marked %d interrupted sync(s) failed", len(stale))
        return len(stale)

    async def _record_sync(self, org: str, run: SyncRun, cid: str, status: str, result: dict[str, Any] | None) -> None:
        await self.repo.record(org, run.id, cid, status, result, PROCESS_OWNER)

    async def _sync_warehouse(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        spec = self.connections.spec(row)
        stored = await self.repo.stored_snapshot(org, row["id"])
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
        await self.repo.write_snapshot(org, row["id"], stored, snapshot)
        await self.connections.repo.mark_synced(org, row["id"])
        counts = diff.counts()
        docs = await self._attach_dbt_everywhere(org)
        return {**counts, "docs_attached": docs}

    async def _sync_dbt(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        params = self.connections.params(row)
        if params.get("manifest_path"):
            manifest = Path(params["manifest_path"]).read_bytes()
            catalog = Path(params["catalog_path"]).read_bytes() if params.get("catalog_path") else None
            await self._store_artifacts(org, row["id"], manifest, catalog)
        docs = await self._attach_dbt_everywhere(org)
        await self.connections.repo.mark_synced(org, row["id"])
        return {"docs_attached": docs}

    async def _store_artifacts(self, org: str, cid: str, manifest: bytes, catalog: bytes | None) -> None:
        from services.knowledge.dbt import load_dbt_project

        await asyncio.to_thread(load_dbt_project, manifest, catalog)  # validate before storing
        await self.repo.store_artifacts(org, cid, manifest, catalog)

    async def upload_dbt(self, p: Principal, cid: str, manifest: bytes, catalog: bytes | None) -> dict[str, Any]:
        await self._may_sync(p)
        row = await self.connections.row(p.org_id, cid)
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

        arts, rows = await self.repo.dbt_sources(org)
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
        return await self.repo.write_attached_docs(org, "dbt_json", updates)

    async def _sync_looker(self, org: str, row: sa.RowMapping) -> dict[str, Any]:
        from services.knowledge.lookml import LookMLDirectorySource

        params = self.connections.params(row)
        if not params.get("project_dir"):
            from services.knowledge.lookml import LookerApiSource

            source: Any = LookerApiSource(params)
        else:
            source = LookMLDirectorySource(Path(params["project_dir"]), base_url=params.get("url"))
        project = await asyncio.to_thread(source.load)
        assets = await asyncio.to_thread(source.dashboards)
        for a in assets:
            await self.assets.upsert(org, a, source=row["id"])
        docs = await self._attach_lookml(org, row["id"], project)
        await self.connections.repo.mark_synced(org, row["id"])
        return {"assets": len(assets), "docs_attached": docs}

    async def _attach_lookml(self, org: str, cid: str, project: Any) -> int:
        """Attach each LookML view (fields, labels, SQL, explores) to the warehouse table it reads."""
        rows = await self.repo.lookml_targets(org)
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
        return await self.repo.write_attached_docs(org, "lookml_json", updates)
