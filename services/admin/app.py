"""Assemble the admin service (``run_service`` serves it)."""

from __future__ import annotations

import grpc

from dot.v1 import admin_pb2, admin_pb2_grpc
from services.admin import tables
from services.admin.domain import AdminDomain
from services.admin.servicer import AdminServicer
from services.common.clients import Clients
from services.common.config import Settings
from services.common.identity import InternalTokens
from services.common.metrics import ServiceMetrics
from services.common.remote_identity import remote_identity
from services.common.server import Service
from services.common.store import Store, open_store

SERVICE_NAME = admin_pb2.DESCRIPTOR.services_by_name["AdminService"].full_name


async def assemble(settings: Settings) -> Service:
    store = await open_store(settings.db_url("admin"), tables.metadata, history="admin")
    clients = Clients(settings, "admin")
    tokens = InternalTokens(settings.secret_key, "admin", settings.internal_ttl_s)
    servicer = AdminServicer(AdminDomain(store, clients, tokens, settings.smtp_url), settings.org_name)
    service = Service("admin", lambda s: admin_pb2_grpc.add_AdminServiceServicer_to_server(servicer, s),
                      [SERVICE_NAME], remote_identity(tokens, clients), ServiceMetrics("admin"),
                      closers=[clients.close, store.dispose], parts={"store": store, "clients": clients})
    return service


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, Clients]:
    """In-process (tests): start on ``address`` (port 0 picks one)."""
    service = await assemble(settings)
    server, port = await service.start(settings, address)
    return server, port, service.parts["store"], service.parts["clients"]
