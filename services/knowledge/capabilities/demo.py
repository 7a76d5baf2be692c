"""The generated demo warehouse: created, connected, synced and documented on an org's first use
(once, remembered per process so later reads neither write nor look again)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from services.common.errors import Unavailable
from services.common.principal import Principal
from services.knowledge.capabilities.state import KnowledgeState
from services.knowledge.file_sources import demo_path
from services.knowledge.repository import BootstrapRepo, ConnectionRepo, now_iso

log = logging.getLogger(__name__)
DEMO_CONNECTION_ID = "demo"

Connect = Callable[[Principal, str, str, dict[str, Any]], Awaitable[Any]]
Sync = Callable[[Principal, str, str], Awaitable[Any]]
SaveDoc = Callable[[Principal, dict[str, Any]], Awaitable[Any]]


class Demo:
    def __init__(self, repo: BootstrapRepo, connections: ConnectionRepo, state: KnowledgeState, data_dir: Path,
                 enabled: bool) -> None:
        self.repo = repo
        self.connections = connections
        self.state = state
        self.data_dir = data_dir
        self.enabled = enabled
        self._seed: tuple[Connect, Sync, SaveDoc] | None = None

    def seed_with(self, connect: Connect, sync: Sync, save_table_doc: SaveDoc) -> None:
        """How a first use fills the demo in: the capabilities that connect, sync and document
        (they are built on top of this one, so they are handed in once all exist)."""
        self._seed = (connect, sync, save_table_doc)

    def path(self, org: str) -> Path:
        return demo_path(self.data_dir, org)

    async def ids(self, org: str) -> set[str]:
        """The generated demo warehouse's connection id, if this org has it (a connection an admin
        named "demo" that points elsewhere is a real warehouse)."""
        public = await self.connections.public_params(org, DEMO_CONNECTION_ID)
        return {DEMO_CONNECTION_ID} if self.is_generated(org, DEMO_CONNECTION_ID, public) else set()

    def is_generated(self, org: str, cid: str, public_json: str | None) -> bool:
        """Whether connection ``cid`` with these public parameters is the org's generated demo."""
        return (cid == DEMO_CONNECTION_ID and public_json is not None
                and json.loads(public_json).get("database_location") == str(self.path(org)))

    async def forgo(self, org: str) -> bool:
        """Removing the demo before its first use records that it must never be generated."""
        if not self.enabled:
            return False
        return await self.repo.claim(org, None)  # False: already generated (or forgone): remove it like any

    async def ensure(self, p: Principal) -> None:
        """First use of an org: create, connect and sync the generated demo warehouse (once).
        Remembered per process, so later reads neither write nor look again; when the store
        refuses the first write, the read goes on without the demo and a later one retries."""
        if not self.enabled or not p.org_id or p.org_id in self.state.bootstrapped:
            return
        if await self.repo.done(p.org_id):
            self.state.bootstrapped.add(p.org_id)
            return
        from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse

        assert self._seed is not None, "Demo.seed_with was not called"
        connect, sync, save_table_doc = self._seed
        path = demo_path(self.data_dir, p.org_id)
        try:
            claimed = await self.repo.claim(p.org_id, now_iso())
        except Unavailable:
            # Reads call this: a store refusing writes (disk full) must not turn them into 503s.
            # Nothing was recorded, so a later read creates the demo once the store takes writes.
            log.warning("demo warehouse not created yet: the store is not writable")
            return
        if not claimed:
            return  # another request is doing it
        if not path.exists():
            await asyncio.to_thread(create_demo_warehouse, path)
        admin = Principal(user_id="service:knowledge", org_id=p.org_id, role="service")
        await connect(admin, "sqlite", "demo", {"database_location": str(path)})
        await sync(admin, "sqlite", "demo")
        for table, doc in DEMO_DESCRIPTIONS.items():
            columns: Any = doc.get("columns", {})
            await save_table_doc(admin, {"id": f"demo.main.{table}", "description": doc.get("description", ""),
                                         "columns": [{"name": k, "description": v}
                                                     for k, v in columns.items()]})
