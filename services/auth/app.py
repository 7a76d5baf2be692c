"""Assemble and run the auth service."""

from __future__ import annotations

import logging
import sys

import grpc

from dot.v1 import auth_pb2, auth_pb2_grpc
from services.auth import tables
from services.auth.credentials import TokenCodec
from services.auth.domain import AuthDomain
from services.auth.invalidation import InvalidationHub
from services.auth.servicer import AuthServicer
from services.common.config import Settings
from services.common.identity import Identity, InternalTokens
from services.common.server import map_domain_errors, serve_forever, start_server
from services.common.store import Store, create_all, open_store

log = logging.getLogger(__name__)
SERVICE_NAME = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
MIGRATIONS = [create_all(tables.metadata), tables.v2_embedded_cutoffs]


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, AuthDomain]:
    """Open the store, bootstrap the org, and start serving (port 0 for tests)."""
    store = await open_store(settings.db_url("auth"), tables.metadata, MIGRATIONS)
    domain = AuthDomain(store, TokenCodec(settings.secret_key), InvalidationHub())
    generated = await domain.bootstrap(settings.org_name, settings.admin_email, settings.admin_password)
    if generated:
        email = settings.admin_email or "admin@example.com"
        print(f"\n*** first start: created admin {email} with password: {generated}\n"
              "*** (shown once; set DOT_ADMIN_EMAIL / DOT_ADMIN_PASSWORD to choose them)\n", file=sys.stderr, flush=True)
    tokens = InternalTokens(settings.secret_key)
    identity = Identity(tokens, domain.verify)
    servicer = map_domain_errors(AuthServicer(domain, tokens, identity))
    server, port = await start_server(
        address or settings.address("auth"),
        lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, s),
        [SERVICE_NAME],
    )
    return server, port, store, domain


async def main(settings: Settings) -> None:
    server, port, store, _ = await build(settings)
    log.info("auth service listening on %s", settings.address("auth"))
    await serve_forever(server, store.dispose)
