"""Assemble the knowledge service (``run_service`` serves it)."""

from __future__ import annotations

import grpc

from dot.v1 import admin_pb2, knowledge_pb2, knowledge_pb2_grpc
from services.common.clients import Clients
from services.common.config import Settings
from services.common.identity import InternalTokens
from services.common.jobs import JobRunner
from services.common.metrics import ServiceMetrics
from services.common.principal import Principal
from services.common.remote_identity import as_metadata, remote_identity
from services.common.server import Service
from services.common.store import Store, open_store
from services.knowledge import tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox
from services.knowledge.servicer import KnowledgeServicer

SERVICE_NAME = knowledge_pb2.DESCRIPTOR.services_by_name["KnowledgeService"].full_name


async def assemble(settings: Settings) -> Service:
    store = await open_store(settings.db_url("knowledge"), tables.metadata, history="knowledge")
    clients = Clients(settings, "knowledge")
    tokens = InternalTokens(settings.secret_key, "knowledge", settings.internal_ttl_s)
    metrics = ServiceMetrics("knowledge")

    async def modeler_can_sync(p: Principal) -> bool:
        try:
            r = await clients.admin.GetOrg(admin_pb2.GetOrgRequest(), metadata=as_metadata(tokens, p), timeout=5)
        except grpc.aio.AioRpcError:
            return False
        return r.org.settings.modeler_can_sync

    domain = KnowledgeDomain(store, SecretBox(settings.secret_key), settings.data_dir, settings.demo_data,
                             modeler_can_sync, settings.sync_timeout_s, FileSources.from_settings(settings))
    domain.on_sync = metrics.observe_sync
    metrics.track_queue("syncs_running", lambda: len(domain.state.running))
    await domain.expire_stale_syncs()
    runner = JobRunner(domain.jobs, {"sync": domain.resume_sync}, {"sync": domain.abandon_sync})
    runner.start()
    store.on_dispose(runner.stop)
    servicer = KnowledgeServicer(domain)

    async def on_stop() -> None:
        await domain.flush_use()  # table use counts are written in batches: the last batch before the store closes
        for wh in domain.state.warehouses.values():
            wh.dispose()

    return Service("knowledge", lambda s: knowledge_pb2_grpc.add_KnowledgeServiceServicer_to_server(servicer, s),
                   [SERVICE_NAME], remote_identity(tokens, clients), metrics,
                   closers=[on_stop, clients.close, store.dispose],
                   parts={"store": store, "clients": clients, "domain": domain})


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, Clients, KnowledgeDomain]:
    """In-process (tests): start on ``address`` (port 0 picks one)."""
    service = await assemble(settings)
    server, port = await service.start(settings, address)
    return server, port, service.parts["store"], service.parts["clients"], service.parts["domain"]
