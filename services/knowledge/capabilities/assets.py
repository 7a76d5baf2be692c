"""External assets (dashboards, looks, notes): imported by people or synced from Looker, listed
for search and the CLI."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.common.errors import InvalidArgument, NotFound
from services.common.identity import require_role
from services.common.principal import Principal
from services.knowledge.repository import AssetRepo


class Assets:
    def __init__(self, repo: AssetRepo) -> None:
        self.repo = repo

    async def upsert(self, org: str, asset: dict[str, Any], source: str = "api") -> dict[str, Any]:
        aid = asset.get("id")
        if not isinstance(aid, str) or not aid.strip():
            raise InvalidArgument("external_asset.id is required")
        if not isinstance(asset.get("subtype"), str) or not asset["subtype"].strip():
            raise InvalidArgument("external_asset.subtype is required")
        await self.repo.replace(org, aid, asset["subtype"], json.dumps(asset), source)
        return asset

    async def import_asset(self, p: Principal, asset: dict[str, Any]) -> dict[str, Any]:
        require_role(p, "admin", "modeler")
        return await self.upsert(p.org_id, asset)

    async def list_assets(self, p: Principal, conn: AsyncConnection | None = None) -> list[dict[str, Any]]:
        """``conn``: the caller's store connection (a search reads assets with its other reads)."""
        return [json.loads(x) for x in await self.repo.docs(p.org_id, conn)]

    async def delete_asset(self, p: Principal, asset_id: str) -> None:
        require_role(p, "admin", "modeler")
        if not await self.repo.delete(p.org_id, asset_id):
            raise NotFound(f"external asset '{asset_id}' not found")
