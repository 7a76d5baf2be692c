"""Connections: create (tested first), list, test and remove an org's connections, and hold one
warehouse (pool) per connection in this process."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa

from services.common.errors import BadRequest, NotFound, Unavailable
from services.common.identity import require_role
from services.common.principal import Principal
from services.knowledge import connection_types as ct
from services.knowledge.capabilities.demo import DEMO_CONNECTION_ID, Demo
from services.knowledge.capabilities.state import KnowledgeState
from services.knowledge.file_sources import FILE_FIELDS, FileSources
from services.knowledge.repository import ConnectionRepo
from services.knowledge.secrets_box import SecretBox, public_params
from services.knowledge.warehouse import ConnectionSpec, Warehouse

KEPT_ROWS = 4096  # connection rows kept per process (all of them dropped when full)


class Connections:
    def __init__(self, repo: ConnectionRepo, box: SecretBox, file_sources: FileSources, state: KnowledgeState,
                 demo: Demo) -> None:
        self.repo = repo
        self.box = box
        self.file_sources = file_sources
        self.state = state
        self.demo = demo

    async def row(self, org: str, cid: str, version: int = 0) -> sa.RowMapping:
        """The connection's live row. ``version``: its catalog version as the caller read it for this request
        (0: not known); when this process holds the row at that version, it is not read again. Every write
        that changes what a query runs on (type, parameters, removal) bumps the version, so a row kept at the
        version the caller saw is the row the store held then."""
        if version:
            kept = self.state.connection_rows.get((org, cid))
            if kept is not None and kept["catalog_version"] == version:
                return kept
        row = await self.repo.row(org, cid)
        if row is None:
            self.state.connection_rows.pop((org, cid), None)
            raise NotFound(f"connection '{cid}' not found")
        self.keep_row(org, row)
        return row

    def keep_row(self, org: str, row: sa.RowMapping) -> None:
        """Keep a live row just read from the store (bounded; a newer read replaces it)."""
        rows = self.state.connection_rows
        if len(rows) >= KEPT_ROWS and (org, row["id"]) not in rows:
            rows.clear()
        rows[(org, row["id"])] = row

    def spec(self, row: sa.RowMapping) -> ConnectionSpec:
        return ConnectionSpec(type=row["type"], params=self.box.open(row["params_enc"]))

    def params(self, row: sa.RowMapping) -> dict[str, Any]:
        return self.box.open(row["params_enc"])

    def check_files(self, org: str, row: sa.RowMapping) -> None:
        """Re-check a stored file-based connection's paths before reading (a path can change)."""
        if row["type"] in FILE_FIELDS:
            self.file_sources.check_params(org, row["type"], self.box.open(row["params_enc"]))

    def warehouse(self, org: str, row: sa.RowMapping) -> Warehouse:
        """The connection's kept warehouse (pool), opened anew when the row's parameters are not the ones it was
        opened with (changed on another replica: this one only sees the new row)."""
        key = (org, row["id"])
        wh = self.state.warehouses.get(key)
        if wh is not None and self.state.warehouse_params.get(key) != row["params_enc"]:
            self.state.warehouses.pop(key, None)
            wh.dispose()
            wh = None
        if wh is None:
            wh = Warehouse(self.spec(row))
            self.state.warehouses[key] = wh
            self.state.warehouse_params[key] = row["params_enc"]
        return wh

    def drop_warehouse(self, org: str, cid: str) -> None:
        self.state.connection_rows.pop((org, cid), None)
        self.state.warehouse_params.pop((org, cid), None)
        wh = self.state.warehouses.pop((org, cid), None)
        if wh is not None:
            wh.dispose()
        self.state.catalogs.drop(org, cid)

    async def connect(self, p: Principal, kind: str, cid: str, params: dict[str, Any]) -> sa.RowMapping:
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
        await self.repo.save(p.org_id, cid, kind, self.box.seal(params), json.dumps(public_params(params)), status)
        self.drop_warehouse(p.org_id, cid)
        return await self.row(p.org_id, cid)

    async def list_connections(self, p: Principal) -> list[tuple[sa.RowMapping, int]]:
        """Connections with their parameters (secrets masked): admins only, as in Dot's Settings."""
        require_role(p, "admin")
        return await self.listed(p)

    async def listed(self, p: Principal) -> list[tuple[sa.RowMapping, int]]:
        """The org's connections with their table counts (no role check: callers decide)."""
        await self.demo.ensure(p)
        return await self.repo.listed(p.org_id)

    async def test_connection(self, p: Principal, cid: str) -> tuple[bool, str]:
        require_role(p, "admin")
        row = await self.row(p.org_id, cid)
        if row["type"] not in ct.WAREHOUSE_TYPES:
            return True, f"{row['type']} connections are checked when they sync"
        self.check_files(p.org_id, row)
        try:
            await self.warehouse(p.org_id, row).test()
        except (Unavailable, BadRequest) as exc:
            return False, str(exc.detail)
        return True, "connection works"

    async def remove_connection(self, p: Principal, cid: str, delete_setup: bool) -> None:
        require_role(p, "admin")
        if cid == DEMO_CONNECTION_ID and await self.demo.forgo(p.org_id):
            return  # the demo was never generated for this org; now it never will be
        await self.row(p.org_id, cid)
        await self.repo.remove(p.org_id, cid, delete_setup)
        self.drop_warehouse(p.org_id, cid)
