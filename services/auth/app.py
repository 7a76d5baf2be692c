"""Assemble the auth service (``run_service`` serves it)."""

from __future__ import annotations

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
from services.common.metrics import ServiceMetrics
from services.common.revocation import Revocations
from services.common.server import Service
from services.common.store import Store, open_store

SERVICE_NAME = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name
# Callable only with a service credential: the gateway and the services, never a user.
SERVICE_ONLY = frozenset(f"/{SERVICE_NAME}/{m}" for m in ("VerifyCredential", "RefreshPrincipal", "WatchInvalidations"))


async def assemble(settings: Settings) -> Service:
    """Open the store and bootstrap the org (its first admin is printed once)."""
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
    servicer = AuthServicer(domain, tokens)
    return Service("auth", lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, s), [SERVICE_NAME],
                   Identity(tokens, domain.verify, revocations), ServiceMetrics("auth"), SERVICE_ONLY,
                   closers=[store.dispose], parts={"store": store, "domain": domain})


async def build(settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int, Store, AuthDomain]:
    """In-process (tests): start on ``address`` (port 0 picks one)."""
    service = await assemble(settings)
    server, port = await service.start(settings, address)
    return server, port, service.parts["store"], service.parts["domain"]
