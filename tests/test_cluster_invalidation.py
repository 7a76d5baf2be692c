"""Two auth replicas on one PostgreSQL store: a change made through either reaches every cache fed
by the other before the call returns (LISTEN/NOTIFY between replicas, services/auth/fanout.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from dot.v1 import auth_pb2, auth_pb2_grpc
from gateway.credentials import CredentialVerifier
from services.auth.app import build
from services.auth.domain import AuthDomain
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import Unauthenticated
from services.common.identity import InternalTokens
from services.common.revocation import InvalidationWatcher, Revocations, remote_live_check
from tests.support.pg import pg_databases

ADMIN, ADMIN_PW = "root@example.com", "root-password-1"


@dataclass
class Replica:
    stub: auth_pb2_grpc.AuthServiceStub
    domain: AuthDomain
    settings: Settings  # dials this replica only


@pytest.fixture
async def replicas(tmp_path: Path) -> AsyncIterator[list[Replica]]:
    with pg_databases(["auth"]) as urls:
        base = Settings(data_dir=tmp_path, secret_key="cluster-" + uuid.uuid4().hex, admin_email=ADMIN,
                        admin_password=ADMIN_PW, db_urls={"auth": urls["auth"]})
        built, out, channels = [], [], []
        try:
            for _ in range(2):
                server, port, store, domain = await build(base, "127.0.0.1:0")
                built.append((server, store))
                settings = dataclasses.replace(base, addresses={"auth": f"127.0.0.1:{port}"})
                ch = grpc.aio.insecure_channel(settings.address("auth"))
                channels.append(ch)
                out.append(Replica(auth_pb2_grpc.AuthServiceStub(ch), domain, settings))
            yield out
        finally:
            for ch in channels:
                await ch.close()
            for server, store in built:
                await server.stop(None)
                await store.dispose()


async def _until(predicate, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(250):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def _login(r: Replica) -> tuple[tuple[str, str], ...]:
    resp = await r.stub.Login(auth_pb2.LoginRequest(email=ADMIN, password=ADMIN_PW), timeout=10)
    return (("authorization", f"Bearer {resp.access_token}"),)


async def test_a_token_revoked_through_replica_a_is_refused_at_once_by_a_gateway_streaming_from_b(
        replicas: list[Replica]) -> None:
    a, b = replicas
    gateway_clients = Clients(b.settings)  # the gateway's invalidation stream is on replica B
    verifier = CredentialVerifier(gateway_clients, InternalTokens(b.settings.secret_key, "gateway"))
    verifier.start()
    try:
        await _until(lambda: verifier.caching, "the gateway's stream to replica B")
        admin = await _login(a)
        created = await a.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="x"), metadata=admin, timeout=10)
        assert (await verifier.verify(created.token)).principal.email == ADMIN
        assert (await verifier.verify(created.token)).principal.email == ADMIN
        assert verifier.hits >= 1  # the second verification was served from the gateway's cache

        await a.stub.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=created.info.id), metadata=admin, timeout=10)
        with pytest.raises(Unauthenticated):  # the very next request, no waiting
            await verifier.verify(created.token)
    finally:
        await verifier.stop()
        await gateway_clients.close()


async def test_a_role_change_through_replica_b_reaches_a_service_listening_on_replica_a(
        replicas: list[Replica]) -> None:
    a, b = replicas
    tokens = InternalTokens(a.settings.secret_key, "knowledge")
    clients = Clients(a.settings, "knowledge")
    revocations = Revocations(remote_live_check(tokens, lambda: clients.auth), 300)
    watcher = InvalidationWatcher(tokens, lambda: clients.auth, revocations)
    watcher.start()
    try:
        await _until(lambda: revocations.connected, "the service's stream to replica A")
        me = await b.stub.GetMe(auth_pb2.GetMeRequest(), metadata=await _login(b), timeout=10)
        admin_tokens = InternalTokens(b.settings.secret_key, "admin")
        admin = admin_tokens.metadata(admin_tokens.mint(admin_tokens.service_principal("admin", me.org_id))[0])
        await b.stub.CreateUser(auth_pb2.CreateUserRequest(email="ann@example.com", password="user-password-1",
                                                           role="user", groups=["all_users"]),
                                metadata=admin, timeout=10)
        ann = await b.stub.Login(auth_pb2.LoginRequest(email="ann@example.com", password="user-password-1"),
                                 timeout=10)
        verified = await a.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=ann.access_token),
                                                 metadata=InternalTokens(a.settings.secret_key, "gateway").service_md,
                                                 timeout=10)
        assert revocations.refuses(verified.principal) is None
        await b.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email="ann@example.com", role="modeler"), metadata=admin,
                                 timeout=10)
        assert revocations.refuses(verified.principal) is not None  # heard before SetUserRole returned
    finally:
        await watcher.stop()
        await clients.close()


async def test_a_replica_that_loses_the_database_channel_ends_its_streams(replicas: list[Replica]) -> None:
    """Without the channel it could not hear the other replica's changes: its subscribers' caches
    must stop trusting themselves (they reconnect, here to the same replica once it is back)."""
    a, b = replicas
    clients = Clients(b.settings)
    verifier = CredentialVerifier(clients, InternalTokens(b.settings.secret_key, "gateway"))
    verifier.start()
    try:
        await _until(lambda: verifier.caching, "the gateway's stream to replica B")
        fanout = b.domain.hub.fanout
        assert fanout is not None
        await fanout._listen.close()  # the database connection is gone (as when PostgreSQL restarts)
        await _until(lambda: not verifier.caching, "the stream to end")
        await _until(lambda: verifier.caching, "the stream to come back with the channel")
    finally:
        await verifier.stop()
        await clients.close()
