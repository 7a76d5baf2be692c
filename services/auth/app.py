"""Assemble and run the auth service."""

from __future__ import annotations

import logging
import sys
import time

import grpc

from dot.v1 import auth_pb2, auth_pb2_grpc
from services.auth import tables
from services.auth.credentials import TokenCodec
from services.auth.domain import AuthDomain
from services.auth.fanout import PgFanout, asyncpg_dsn
from services.auth.invalidation import InvalidationHub
from services.auth.servicer import AuthServicer
from services.common.config import Settings
from services.common.identity import Identity, InternalTokens
from services.common.revocation import Revocations
from services.common.server import map_domain_errors, serve_forever, start_server
from services.common.store import Store, open_store

log = logging.getLogger(__name__)
SERVICE_NAME = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
# Callable only with a service credential: the gateway and the services, never a user.
SERVICE_ONLY = frozenset(f"/{SERVICE_NAME}/{m}" for m in ("VerifyCredential", "RefreshPrincipal", "WatchInvalidations"))


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, AuthDomain]:
    """Open the store, bootstrap the org, and start serving (port 0 for tests)."""
    store = await open_store(settings.db_url("auth"), tables.metadata, history="auth")
    tokens = InternalTokens(settings.secret_key, "auth", settings.internal_ttl_s)

    async def live_check(internal: str) -> None:
        await domain.recheck(tokens.verify(internal))

    # Inside auth every change is applied before it is published; principals verified before this
    # process started are re-checked against the store once.
    revocations = Revocations(live_check, settings.internal_ttl_s)
    revocations.reset(time.time())
    hub = InvalidationHub(local=revocations.apply)
    if not store.is_sqlite:  # replicas share the store: changes reach the others' caches through it
        fanout = PgFanout(asyncpg_dsn(settings.db_url("auth")), hub)
        await fanout.start()
        store.on_dispose(fanout.stop)
    domain = AuthDomain(store, TokenCodec(settings.secret_key), hub)
    generated = await domain.bootstrap(settings.org_name, settings.admin_email, settings.admin_password)
    if generated:
        email = settings.admin_email or "admin@example.com"
        print(f"\n*** first start: created admin {email} with password: {generated}\n"
              "*** (shown once; set DOT_ADMIN_EMAIL / DOT_ADMIN_PASSWORD to choose them)\n", file=sys.stderr, flush=True)
    identity = Identity(tokens, domain.verify, revocations)
    servicer = map_domain_errors(AuthServicer(domain, tokens, identity))
    server, port = await start_server(
        address or settings.bind_address("auth"),
        lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, s),
        [SERVICE_NAME],
        settings.secret_key,
        SERVICE_ONLY,
        settings.grpc_keepalive_ms,
    )
    return server, port, store, domain


async def main(settings: Settings) -> None:
    server, port, store, _ = await build(settings)
    log.info("auth service listening on %s", settings.bind_address("auth"))
    await serve_forever(server, store.dispose)
