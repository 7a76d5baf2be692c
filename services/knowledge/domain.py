"""Knowledge rules, split by capability (``capabilities/``), each over its repository
(``repository.py``): connections, demo, sync, assets, catalog (tables, docs, access), search and
query (schema and the single guarded query path). ``KnowledgeDomain`` only builds and wires them
and names their public methods in one place, so the servicer and app stay thin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from services.common.jobs import Jobs
from services.common.principal import Principal
from services.common.store import Store
from services.knowledge import tables as t
from services.knowledge.capabilities.assets import Assets
from services.knowledge.capabilities.catalog import Catalog
from services.knowledge.capabilities.connections import Connections
from services.knowledge.capabilities.demo import DEMO_CONNECTION_ID, Demo
from services.knowledge.capabilities.query import NARROW_ABOVE_TABLES, Query
from services.knowledge.capabilities.search import Search
from services.knowledge.capabilities.state import PROCESS_OWNER, KnowledgeState
from services.knowledge.capabilities.sync import Syncs
from services.knowledge.file_sources import FileSources
from services.knowledge.repository import DEFAULT_GROUP, Repositories
from services.knowledge.secrets_box import SecretBox

__all__ = ["DEFAULT_GROUP", "DEMO_CONNECTION_ID", "NARROW_ABOVE_TABLES", "KnowledgeDomain"]


class KnowledgeDomain:
    """The knowledge service's capabilities over one store, wired together."""

    def __init__(self, store: Store, box: SecretBox, data_dir: Path, demo_data: bool,
                 modeler_can_sync: Callable[[Principal], Awaitable[bool]] | None = None,
                 sync_timeout_s: float = 900.0, file_sources: FileSources | None = None) -> None:
        self.store = store
        self.state = KnowledgeState()
        repos = Repositories(store)
        self.jobs = Jobs(store, t.leased_jobs, owner=PROCESS_OWNER)  # syncs held under leases (replicas take over)
        # No policy given: nothing but the demo warehouse may be read from files.
        files = file_sources or FileSources(allowed=(), data_dir=data_dir.resolve())
        self.demo = Demo(repos.bootstrap, repos.connections, self.state, data_dir, demo_data)
        self.connections = Connections(repos.connections, box, files, self.state, self.demo)
        self.assets = Assets(repos.assets)
        self.syncs = Syncs(repos.syncs, self.connections, self.assets, self.jobs, self.state,
                           modeler_can_sync, sync_timeout_s)
        self.catalog = Catalog(repos.catalog, self.connections, self.demo, self.assets, self.state)
        self.search_ = Search(repos.search, self.catalog, self.demo, self.assets)
        self.query = Query(repos.usage, self.connections, self.demo, self.catalog, self.search_, self.state)
        self.demo.seed_with(self.connections.connect, self.syncs.sync, self.catalog.save_table_doc)

        # The public surface (what the servicer, the app and the tests call), by capability.
        self.connect = self.connections.connect
        self.list_connections = self.connections.list_connections
        self.test_connection = self.connections.test_connection
        self.remove_connection = self.connections.remove_connection
        self.ensure_demo = self.demo.ensure
        self.demo_ids = self.demo.ids
        self.sync = self.syncs.sync
        self.upload_dbt = self.syncs.upload_dbt
        self.resume_sync = self.syncs.resume_sync
        self.abandon_sync = self.syncs.abandon_sync
        self.expire_stale_syncs = self.syncs.expire_stale_syncs
        self.import_asset = self.assets.import_asset
        self.list_assets = self.assets.list_assets
        self.delete_asset = self.assets.delete_asset
        self.list_tables = self.catalog.list_tables
        self.get_table = self.catalog.get_table
        self.table_json = self.catalog.table_json
        self.save_table_doc = self.catalog.save_table_doc
        self.set_table_group = self.catalog.set_table_group
        self.set_row_filter = self.catalog.set_row_filter
        self.cli_catalog = self.catalog.cli_catalog
        self.search = self.search_.search
        self.schema = self.query.schema
        self.visible_connections = self.query.visible_connections
        self.default_connection = self.query.default_connection
        self.execute = self.query.execute
        self.flush_use = self.query.flush_use

    @property
    def on_sync(self) -> Callable[[str, str, float], None] | None:
        """(type, outcome, seconds) of every finished sync: the service's metrics."""
        return self.syncs.on_sync

    @on_sync.setter
    def on_sync(self, observe: Callable[[str, str, float], None] | None) -> None:
        self.syncs.on_sync = observe
