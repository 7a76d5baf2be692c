"""Assemble and run the admin service."""

from __future__ import annotations

import logging

import grpc

from dot.v1 import admin_pb2, admin_pb2_grpc
from services.admin import tables
from services.admin.domain import AdminDomain
from services.admin.servicer import AdminServicer
from services.common.clients import Clients
from services.common.config import Settings
from services.common.identity import InternalTokens
from services.common.remote_identity import remote_identity
from services.common.server import map_domain_errors, serve_forever, start_server
from services.common.store import Store, open_store

log = logging.getLogger(__name__)
SERVICE_NAME = admin_pb2.DESCRIPTOR.services_by_name["AdminService"].full_name


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, Clients]:
    store = await open_store(settings.db_url("admin"), tables.metadata, history="admin")
    clients = Clients(settings, "admin")
    tokens = InternalTokens(settings.secret_key, "admin", settings.internal_ttl_s)
    domain = AdminDomain(store, clients, tokens, settings.smtp_url)
    servicer = map_domain_errors(AdminServicer(domain, remote_identity(tokens, clients), settings.org_name))
    server, port = await start_server(
        address or settings.bind_address("admin"),
        lambda s: admin_pb2_grpc.add_AdminServiceServicer_to_server(servicer, s),
        [SERVICE_NAME],
        settings.secret_key,
        keepalive_ms=settings.grpc_keepalive_ms,
    )
    return server, port, store, clients


async def main(settings: Settings) -> None:
    server, _, store, clients = await build(settings)
    log.info("admin service listening on %s", settings.bind_address("admin"))

    async def on_stop() -> None:
        await clients.close()
        await store.dispose()

    await serve_forever(server, on_stop)
