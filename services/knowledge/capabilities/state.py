"""What the capabilities of one knowledge process share: per-process state (pools, running
syncs, catalog caches, pending use counts) and who may see stored sample values."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from services.common.jobs import process_owner
from services.common.principal import Principal
from services.knowledge import catalog as cat
from services.knowledge.warehouse import Warehouse

# This process, as recorded on the syncs and jobs it runs (host, pid, per-start id).
PROCESS_OWNER = process_owner()


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
    # (org, connection id) -> the sealed parameters its kept warehouse was opened with
    warehouse_params: dict[tuple[str, str], str] = field(default_factory=dict)
    running: dict[tuple[str, str], SyncRun] = field(default_factory=dict)
    # (org, table id, catalog version, guarded SQL incl. the rendered row filter) -> values seen through it
    guarded_values: dict[tuple[str, str, str, str], list[Any]] = field(default_factory=dict)
    catalogs: cat.CatalogCache = field(default_factory=cat.CatalogCache)
    # (org, connection id) -> its row as this process last read it (see ``Connections.row``)
    connection_rows: dict[tuple[str, str], Any] = field(default_factory=dict)
    catalog_builds: dict[tuple[str, str, int], asyncio.Future[cat.ConnectionCatalog]] = field(default_factory=dict)
    bootstrapped: set[str] = field(default_factory=set)  # orgs whose demo is created (or forgone)
    pending_use: dict[tuple[str, str], int] = field(default_factory=dict)  # (org, table id) -> queries
    use_flush: asyncio.Task[None] | None = None


def sees_stored_values(p: Principal) -> bool:
    """Stored sample values were read over all rows by the sync: only the service itself and an
    admin (not narrowed by an embedded token) may see them for a row-filtered table."""
    return p.role == "service" or (p.role == "admin" and not p.active_groups)
