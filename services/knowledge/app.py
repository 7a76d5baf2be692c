"""Assemble and run the knowledge service."""

from __future__ import annotations

import json
import logging

import grpc

from dot.v1 import common_pb2, knowledge_pb2, knowledge_pb2_grpc
from services.common.clients import Clients
from services.common.config import Settings
from services.common.identity import InternalTokens
from services.common.jobs import JobRunner
from services.common.remote_identity import as_metadata, remote_identity
from services.common.server import map_domain_errors, serve_forever, start_server
from services.common.store import Store, open_store
from services.knowledge import tables
from services.knowledge.domain import KnowledgeDomain
from services.knowledge.file_sources import FileSources
from services.knowledge.secrets_box import SecretBox
from services.knowledge.servicer import KnowledgeServicer

log = logging.getLogger(__name__)
SERVICE_NAME = knowledge_pb2.DESCRIPTOR.services_by_name["KnowledgeService"].full_name


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, Clients, KnowledgeDomain]:
    store = await open_store(settings.db_url("knowledge"), tables.metadata, history="knowledge")
    clients = Clients(settings, "knowledge")
    tokens = InternalTokens(settings.secret_key, "knowledge", settings.internal_ttl_s)

    async def modeler_can_sync(p: common_pb2.Principal) -> bool:
        try:
            org = await clients.admin.GetOrg(common_pb2.Empty(), metadata=as_metadata(tokens, p), timeout=5)
        except grpc.aio.AioRpcError:
            return False
        return bool(json.loads(org.settings_json or "{}").get("modeler_can_sync"))

    domain = KnowledgeDomain(store, SecretBox(settings.secret_key), settings.data_dir, settings.demo_data,
                             modeler_can_sync, settings.sync_timeout_s, FileSources.from_settings(settings))
    await domain.expire_stale_syncs()
    runner = JobRunner(domain.jobs, {"sync": domain.resume_sync}, {"sync": domain.abandon_sync})
    runner.start()
    store.on_dispose(runner.stop)
    servicer = map_domain_errors(KnowledgeServicer(domain, remote_identity(tokens, clients)))
    server, port = await start_server(
        address or settings.bind_address("knowledge"),
        lambda s: knowledge_pb2_grpc.add_KnowledgeServiceServicer_to_server(servicer, s),
        [SERVICE_NAME],
        settings.secret_key,
        keepalive_ms=settings.grpc_keepalive_ms,
    )
    return server, port, store, clients, domain


async def main(settings: Settings) -> None:
    server, _, store, clients, domain = await build(settings)
    log.info("knowledge service listening on %s", settings.bind_address("knowledge"))

    async def on_stop() -> None:
        await domain.flush_use()
        for wh in domain.state.warehouses.values():
            wh.dispose()
        await clients.close()
        await store.dispose()

    await serve_forever(server, on_stop)
