"""The auth service in-process on a real grpc.aio server (port 0), called through the dot.v1 stubs,
plus domain checks against its SQLite store (argon2 hashes, token hashes only) and the gateway's
credential cache against that server."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import jwt
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from dot.v1 import auth_pb2, auth_pb2_grpc, common_pb2
from gateway.credentials import CredentialVerifier
from services.auth import tables
from services.auth.app import build
from services.auth.credentials import TokenCodec
from services.auth.domain import AuthDomain, check_role, normalize_email
from services.auth.invalidation import ACK_TIMEOUT_S
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import InvalidArgument, Unauthenticated
from services.common.identity import InternalTokens
from services.common.revocation import InvalidationWatcher, Revocations

ADMIN = "root@example.com"
ADMIN_PW = "root-password-1"
Code = grpc.StatusCode


@dataclass
class AuthUnderTest:
    stub: auth_pb2_grpc.AuthServiceStub
    domain: AuthDomain
    settings: Settings
    tokens: InternalTokens
    db: Path

    def service_md(self, org_id: str = "") -> tuple[tuple[str, str], ...]:
        token, _ = self.tokens.mint(self.tokens.service_principal("admin", org_id))
        return self.tokens.metadata(token)

    async def session(self, email: str = ADMIN, password: str = ADMIN_PW) -> tuple[tuple[str, str], ...]:
        r = await self.stub.Login(auth_pb2.LoginRequest(email=email, password=password), timeout=10)
        return (("authorization", f"Bearer {r.access_token}"),)

    async def new_user(self, role: str = "user", groups: tuple[str, ...] = ("all_users",)) -> tuple[str, tuple]:
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
        await self.stub.CreateUser(auth_pb2.CreateUserRequest(email=email, password="user-password-1", role=role,
                                                              groups=list(groups)),
                                   metadata=await self.session(), timeout=10)
        return email, await self.session(email, "user-password-1")


@pytest.fixture
async def auth(tmp_path: Path) -> AsyncIterator[AuthUnderTest]:
    settings = Settings(data_dir=tmp_path, secret_key="servicer-" + uuid.uuid4().hex, admin_email=ADMIN,
                        admin_password=ADMIN_PW)
    server, port, store, domain = await build(settings, "127.0.0.1:0")
    settings = dataclasses.replace(settings, addresses={"auth": f"127.0.0.1:{port}"})
    channel = grpc.aio.insecure_channel(settings.address("auth"))
    try:
        yield AuthUnderTest(auth_pb2_grpc.AuthServiceStub(channel), domain, settings,
                            InternalTokens(settings.secret_key, "admin"), tmp_path / "auth.db")
    finally:
        await channel.close()
        await server.stop(None)
        await store.dispose()


async def rpc_error(coro: object) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await coro  # type: ignore[misc]
    return err.value


def detail(err: grpc.aio.AioRpcError) -> str:
    return str(json.loads(err.details())["detail"])


def db_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


# ---- login and verification --------------------------------------------------------------


async def test_login_issues_a_session_that_verifies(auth: AuthUnderTest) -> None:
    r = await auth.stub.Login(auth_pb2.LoginRequest(email=ADMIN.upper(), password=ADMIN_PW), timeout=10)
    assert r.token_type == "bearer" and abs(r.expires_at - (time.time() + 7 * 86400)) < 60
    v = await auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=r.access_token),
                                         metadata=auth.tokens.service_md, timeout=10)
    p = v.principal
    assert (p.email, p.role, list(p.groups), p.token_kind) == (ADMIN, "admin", ["all_users"], "session")
    forwarded = auth.tokens.verify(v.internal_token)
    assert forwarded.user_id == p.user_id and forwarded.role == "admin"
    assert v.internal_expires_at <= time.time() + 301


@pytest.mark.parametrize(("email", "password"), [(ADMIN, "wrong-password"), ("nobody@example.com", ADMIN_PW),
                                                 ("not-an-email", ADMIN_PW), (ADMIN, "")])
async def test_bad_login_is_unauthenticated_with_one_message(auth: AuthUnderTest, email: str, password: str) -> None:
    err = await rpc_error(auth.stub.Login(auth_pb2.LoginRequest(email=email, password=password), timeout=10))
    assert err.code() == Code.UNAUTHENTICATED and detail(err) == "incorrect e-mail or password"


async def test_rpcs_without_identity_are_unauthenticated(auth: AuthUnderTest) -> None:
    for call in (auth.stub.GetMe(auth_pb2.GetMeRequest(), timeout=10),
                 auth.stub.ListUsers(auth_pb2.ListUsersRequest(), timeout=10),
                 auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="x"), timeout=10),
                 auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=(("authorization", "Bearer junk"),), timeout=10)):
        assert (await rpc_error(call)).code() == Code.UNAUTHENTICATED


async def test_ping_is_liveness_and_needs_no_identity(auth: AuthUnderTest) -> None:
    """Like gRPC health: it answers a constant and reveals nothing (the benchmark's baseline RPC)."""
    assert (await auth.stub.Ping(auth_pb2.PingRequest(), timeout=10)).status == "ok"


# ---- what the store keeps -------------------------------------------------------------------


async def test_passwords_are_stored_as_argon2id(auth: AuthUnderTest) -> None:
    email, _ = await auth.new_user()
    with sqlite3.connect(auth.db) as db:
        rows = dict(db.execute("SELECT email, password_hash FROM users").fetchall())
    assert rows[ADMIN].startswith("$argon2id$") and rows[email].startswith("$argon2id$")
    assert PasswordHasher().verify(rows[email], "user-password-1")
    assert b"user-password-1" not in db_bytes(auth.db) and ADMIN_PW.encode() not in db_bytes(auth.db)


async def test_api_tokens_are_stored_as_hashes_only(auth: AuthUnderTest) -> None:
    created = await auth.stub.CreateApiToken(
        auth_pb2.CreateApiTokenRequest(name="ci", description="d", expires_in_days=30),
        metadata=await auth.session(), timeout=10)
    token = created.token
    assert token.startswith("dot-") and created.info.name == "ci" and created.info.expires_at
    with sqlite3.connect(auth.db) as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("SELECT * FROM tokens WHERE id = ?", (created.info.id,)).fetchone())
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    raw = token.removeprefix("dot-")
    assert all(raw not in str(v) and raw.split(".")[2] not in str(v) for v in row.values())
    assert raw.encode() not in db_bytes(auth.db) and raw.split(".")[2].encode() not in db_bytes(auth.db)
    listed = await auth.stub.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=(("authorization", token),), timeout=10)
    assert [t.name for t in listed.tokens] == ["ci"]
    me = await auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=(("authorization", f"Bearer {token}"),), timeout=10)
    assert me.token_kind == "api" and me.token_name == "ci" and me.email == ADMIN


# ---- user rules ---------------------------------------------------------------------------


async def test_user_rule_errors_map_to_status_codes(auth: AuthUnderTest) -> None:
    md = await auth.session()

    def create(**kw: object) -> object:
        base = {"email": f"x-{uuid.uuid4().hex[:6]}@example.com", "password": "user-password-1", "role": "user"}
        return auth.stub.CreateUser(auth_pb2.CreateUserRequest(**{**base, **kw}), metadata=md, timeout=10)

    assert (await rpc_error(create(role="superuser"))).code() == Code.INVALID_ARGUMENT
    assert (await rpc_error(create(email="no-at-sign"))).code() == Code.INVALID_ARGUMENT
    assert (await rpc_error(create(password="short"))).code() == Code.INVALID_ARGUMENT
    assert (await rpc_error(create(email=ADMIN.upper()))).code() == Code.ALREADY_EXISTS
    err = await rpc_error(auth.stub.DeleteUser(auth_pb2.DeleteUserRequest(email_or_id="ghost@example.com"), metadata=md,
                                               timeout=10))
    assert err.code() == Code.NOT_FOUND
    err = await rpc_error(auth.stub.RemoveUserFromGroup(auth_pb2.RemoveUserFromGroupRequest(email=ADMIN, group="nope"),
                                                        metadata=md, timeout=10))
    assert err.code() == Code.NOT_FOUND and "nope" in detail(err)
    err = await rpc_error(auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=ADMIN, role="viewer"),
                                                metadata=md, timeout=10))
    assert err.code() == Code.INVALID_ARGUMENT


async def test_last_admin_can_be_neither_deleted_nor_demoted(auth: AuthUnderTest) -> None:
    md = await auth.session()
    err = await rpc_error(auth.stub.DeleteUser(auth_pb2.DeleteUserRequest(email_or_id=ADMIN), metadata=md, timeout=10))
    assert err.code() == Code.ALREADY_EXISTS and "last admin" in detail(err)
    err = await rpc_error(auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=ADMIN, role="modeler"),
                                                metadata=md, timeout=10))
    assert err.code() == Code.ALREADY_EXISTS and "last admin" in detail(err)
    second, md2 = await auth.new_user("admin")
    await auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=ADMIN, role="modeler"), metadata=md2, timeout=10)
    err = await rpc_error(auth.stub.DeleteUser(auth_pb2.DeleteUserRequest(email_or_id=second), metadata=md2, timeout=10))
    assert err.code() == Code.ALREADY_EXISTS


async def test_roles_are_enforced_by_the_servicer(auth: AuthUnderTest) -> None:
    email, user_md = await auth.new_user("user")
    _, modeler_md = await auth.new_user("modeler")
    admin_md = await auth.session()
    denied = [
        auth.stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=user_md, timeout=10),
        auth.stub.ListUsers(auth_pb2.ListUsersRequest(), metadata=modeler_md, timeout=10),
        auth.stub.CreateUser(auth_pb2.CreateUserRequest(email="z@example.com", password="password-123"),
                             metadata=modeler_md, timeout=10),
        auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=email, role="admin"), metadata=user_md, timeout=10),
        auth.stub.DeleteUser(auth_pb2.DeleteUserRequest(email_or_id=ADMIN), metadata=modeler_md, timeout=10),
        auth.stub.AddUserToGroup(auth_pb2.AddUserToGroupRequest(email=email, group="g"), metadata=modeler_md, timeout=10),
        auth.stub.ListGroups(auth_pb2.ListGroupsRequest(), metadata=user_md, timeout=10),
        auth.stub.GetUser(auth_pb2.GetUserRequest(email_or_id=ADMIN), metadata=user_md, timeout=10),
        auth.stub.IssueLegacyToken(auth_pb2.IssueLegacyTokenRequest(user_id=ADMIN), metadata=user_md, timeout=10),
        # Only the admin service (a service principal, after checking the org setting) mints these.
        auth.stub.MintEmbeddedToken(auth_pb2.MintEmbeddedTokenRequest(user_id=email), metadata=admin_md, timeout=10),
        auth.stub.ActivateUser(auth_pb2.ActivateUserRequest(email=email, password="password-123"), metadata=admin_md,
                               timeout=10),
    ]
    for call in denied:
        assert (await rpc_error(call)).code() == Code.PERMISSION_DENIED
    groups = await auth.stub.ListGroups(auth_pb2.ListGroupsRequest(), metadata=modeler_md, timeout=10)
    assert "all_users" in [g.name for g in groups.groups]
    me = (await auth.stub.GetUser(auth_pb2.GetUserRequest(email_or_id=email), metadata=user_md, timeout=10)).user
    assert me.email == email and me.status == "active"


async def test_deleting_a_user_revokes_every_credential(auth: AuthUnderTest) -> None:
    email, md = await auth.new_user("modeler")
    api = (await auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="t"), metadata=md, timeout=10)).token
    session = md[0][1].removeprefix("Bearer ")
    await auth.stub.DeleteUser(auth_pb2.DeleteUserRequest(email_or_id=email), metadata=await auth.session(), timeout=10)
    for cred in (api, session):
        err = await rpc_error(auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=cred),
                                                         metadata=auth.tokens.service_md, timeout=10))
        assert err.code() == Code.UNAUTHENTICATED
    with sqlite3.connect(auth.db) as db:
        status, = db.execute("SELECT status FROM users WHERE email = ?", (email,)).fetchone()
        revoked = db.execute("SELECT revoked_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ?",
                             (email,)).fetchall()
    assert status == "deleted" and revoked and all(r[0] for r in revoked)
    # The address is free again, and the old credentials stay dead.
    await auth.stub.CreateUser(auth_pb2.CreateUserRequest(email=email, password="user-password-2"),
                               metadata=await auth.session(), timeout=10)
    err = await rpc_error(auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=session),
                                                     metadata=auth.tokens.service_md, timeout=10))
    assert err.code() == Code.UNAUTHENTICATED


async def test_embedded_tokens_minted_by_a_service(auth: AuthUnderTest) -> None:
    email, _ = await auth.new_user("user", groups=("all_users", "sales"))
    org = (await auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=await auth.session(), timeout=10)).org_id
    svc = auth.service_md(org)
    r = await auth.stub.MintEmbeddedToken(auth_pb2.MintEmbeddedTokenRequest(user_id=email, active_groups=["sales"]),
                                          metadata=svc, timeout=10)
    assert abs(r.expires_at - (time.time() + 86400)) < 60 and not r.access_token.startswith("dot-")
    p = (await auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=r.access_token),
                                          metadata=auth.tokens.service_md, timeout=10)).principal
    assert p.token_kind == "embedded" and list(p.active_groups) == ["sales"] and p.email == email
    bad = auth_pb2.MintEmbeddedTokenRequest(user_id=email, active_groups=["finance"])
    assert (await rpc_error(auth.stub.MintEmbeddedToken(bad, metadata=svc, timeout=10))).code() == Code.INVALID_ARGUMENT
    ghost = auth_pb2.MintEmbeddedTokenRequest(user_id="ghost@example.com")
    assert (await rpc_error(auth.stub.MintEmbeddedToken(ghost, metadata=svc, timeout=10))).code() == Code.NOT_FOUND
    # Once the user leaves a group the token was narrowed to, the token stops working.
    await auth.stub.RemoveUserFromGroup(auth_pb2.RemoveUserFromGroupRequest(email=email, group="sales"),
                                        metadata=await auth.session(), timeout=10)
    err = await rpc_error(auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=r.access_token),
                                                     metadata=auth.tokens.service_md, timeout=10))
    assert err.code() == Code.UNAUTHENTICATED


# ---- invalidation push and the gateway cache --------------------------------------------------


async def test_watch_invalidations_needs_a_service_principal(auth: AuthUnderTest) -> None:
    async def no_acks() -> AsyncIterator[auth_pb2.WatchInvalidationsRequest]:
        await asyncio.sleep(10)
        yield auth_pb2.WatchInvalidationsRequest(seq=0)

    call = auth.stub.WatchInvalidations(no_acks(), metadata=await auth.session(), timeout=10)
    err = await rpc_error(call.read())
    assert err.code() == Code.UNAUTHENTICATED  # no service credential: refused before the servicer
    call = auth.stub.WatchInvalidations(no_acks(), metadata=(*await auth.session(), *auth.tokens.service_md),
                                        timeout=10)
    err = await rpc_error(call.read())
    assert err.code() == Code.PERMISSION_DENIED  # a service credential does not make a user a service


async def test_mutations_wait_for_the_subscriber_ack(auth: AuthUnderTest) -> None:
    acks: asyncio.Queue[int] = asyncio.Queue()

    async def ack_stream() -> AsyncIterator[auth_pb2.WatchInvalidationsRequest]:
        while True:
            yield auth_pb2.WatchInvalidationsRequest(seq=await acks.get())

    call = auth.stub.WatchInvalidations(ack_stream(), metadata=auth.service_md())
    try:
        first = await call.read()
        assert first.reset
        admin_md = await auth.session()
        created = await auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="x"), metadata=admin_md,
                                                 timeout=10)
        revoke = asyncio.ensure_future(auth.stub.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=created.info.id),
                                                              metadata=admin_md, timeout=10))
        inv = await asyncio.wait_for(call.read(), 5)
        assert list(inv.token_ids) == [created.info.id]
        await asyncio.sleep(0.3)
        assert not revoke.done(), "the revocation returned before the subscriber acked"
        acks.put_nowait(inv.seq)
        await asyncio.wait_for(revoke, 5)
        # A subscriber that never acks is cut off after the timeout (its cache must not be trusted).
        email, _ = await auth.new_user()
        t0 = time.monotonic()
        await auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=email, role="modeler"), metadata=admin_md,
                                    timeout=10)
        assert time.monotonic() - t0 >= ACK_TIMEOUT_S * 0.9
        pushed = await call.read()
        assert list(pushed.user_ids)
        assert await asyncio.wait_for(call.read(), 5) is grpc.aio.EOF
    finally:
        call.cancel()


@pytest.fixture
async def verifier(auth: AuthUnderTest) -> AsyncIterator[CredentialVerifier]:
    clients = Clients(auth.settings)
    v = CredentialVerifier(clients, auth.tokens)
    v.start()
    try:
        for _ in range(100):
            if v.caching:
                break
            await asyncio.sleep(0.02)
        assert v.caching
        yield v
    finally:
        await v.stop()
        await clients.close()


async def _revoke_silently(auth: AuthUnderTest, token_id: str) -> None:
    """Revoke in the store without pushing: only a cache miss can notice."""
    async with auth.domain.store.engine.begin() as c:
        await c.execute(tables.tokens.update().where(tables.tokens.c.id == token_id).values(revoked_at="2000-01-01"))


async def test_gateway_cache_is_real_and_dropped_by_pushed_invalidations(auth: AuthUnderTest,
                                                                         verifier: CredentialVerifier) -> None:
    admin_md = await auth.session()
    created = await auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="cache"), metadata=admin_md,
                                             timeout=10)
    assert (await verifier.verify(created.token)).principal.email == ADMIN
    await _revoke_silently(auth, created.info.id)
    assert (await verifier.verify(created.token)).principal.email == ADMIN  # served from the cache
    await auth.domain.hub.publish(token_ids=(created.info.id,))  # returns once the verifier acked
    with pytest.raises(Unauthenticated):
        await verifier.verify(created.token)


async def test_a_verification_overtaken_by_an_invalidation_is_not_cached(auth: AuthUnderTest,
                                                                        verifier: CredentialVerifier) -> None:
    admin_md = await auth.session()
    created = await auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="race"), metadata=admin_md,
                                             timeout=10)
    me = await auth.stub.GetMe(auth_pb2.GetMeRequest(), metadata=admin_md, timeout=10)
    in_flight = asyncio.create_task(verifier.verify(created.token))
    await asyncio.sleep(0)  # the VerifyCredential RPC is now on the wire
    assert not in_flight.done()
    verifier.invalidate([created.info.id], [me.user_id])  # an invalidation lands meanwhile
    await in_flight
    await _revoke_silently(auth, created.info.id)
    with pytest.raises(Unauthenticated):
        await verifier.verify(created.token)


# ---- token codec and input rules (domain units) ---------------------------------------------------


def test_codec_refuses_forgeries_and_expired_tokens() -> None:
    codec = TokenCodec("k1")
    good, claims = codec.mint(sub="a@example.com", user_id="u1", org_id="o1", typ="session", ttl_s=60)
    assert codec.decode(good) == claims
    with pytest.raises(Unauthenticated, match="signature"):
        TokenCodec("k2").decode(good)
    expired, _ = codec.mint(sub="a@example.com", user_id="u1", org_id="o1", typ="session", ttl_s=-1)
    with pytest.raises(Unauthenticated, match="expired"):
        codec.decode(expired)
    none_alg = jwt.encode({"sub": "a@example.com", "jti": "j", "exp": int(time.time()) + 60, "typ": "session"}, None,
                          algorithm="none")
    with pytest.raises(Unauthenticated):
        codec.decode(none_alg)
    api, _ = codec.mint(sub="a@example.com", user_id="u1", org_id="o1", typ="api", ttl_s=60)
    assert codec.decode("dot-" + api).typ == "api"
    with pytest.raises(Unauthenticated, match="dot- prefix"):
        codec.decode(api)
    internal = InternalTokens("k1").mint(common_pb2.Principal(user_id="u1", email="a@example.com", role="admin"))[0]
    with pytest.raises(Unauthenticated):
        codec.decode(internal)  # a different derived key: internal tokens are no user credential
    with pytest.raises(Unauthenticated):
        InternalTokens("k1").verify(good)


def test_email_and_role_rules() -> None:
    assert normalize_email("  Ann@Example.COM ") == "ann@example.com"
    for bad in ("", "ann", "ann@", "@example.com", "a b@example.com", "ann@example"):
        with pytest.raises(InvalidArgument):
            normalize_email(bad)
    assert [check_role(r) for r in ("admin", "modeler", "user")] == ["admin", "modeler", "user"]
    with pytest.raises(InvalidArgument, match="unknown role"):
        check_role("viewer")


async def test_store_schema_has_no_token_column(auth: AuthUnderTest) -> None:
    async with auth.domain.store.engine.connect() as c:
        cols = await c.run_sync(lambda sc: [col["name"] for col in sa.inspect(sc).get_columns("tokens")])
    assert "token_hash" in cols and "token" not in cols


async def test_every_call_of_a_service_carries_its_credential(auth: AuthUnderTest) -> None:
    """A server process's stubs add ``x-dot-service`` themselves: even a call made without metadata
    reaches a service-only method, while the same stub without a service name is refused."""
    session = (await auth.stub.Login(auth_pb2.LoginRequest(email=ADMIN, password=ADMIN_PW), timeout=10)).access_token
    req = auth_pb2.VerifyCredentialRequest(credential=session)
    gateway, anonymous = Clients(auth.settings, "gateway"), Clients(auth.settings)
    try:
        assert (await gateway.auth.VerifyCredential(req, timeout=10)).principal.email == ADMIN
        err = await rpc_error(anonymous.auth.VerifyCredential(req, timeout=10))
        assert err.code() == Code.UNAUTHENTICATED and "services only" in detail(err)
    finally:
        await gateway.close()
        await anonymous.close()


async def test_a_service_hears_each_change_before_the_mutation_returns(auth: AuthUnderTest) -> None:
    """A service's InvalidationWatcher (what admin, knowledge and conversation run) follows auth's
    stream: the revocation RPC returns only after the service refuses the revoked principal, while a
    principal verified after a role change passes and one from before does not."""
    clients = Clients(auth.settings, "knowledge")
    tokens = InternalTokens(auth.settings.secret_key, "knowledge")

    async def live_check(token: str) -> None:
        raise AssertionError("a principal verified during the stream needs no live check")

    revocations = Revocations(live_check, tokens.ttl_s)
    watcher = InvalidationWatcher(tokens, lambda: clients.auth, revocations)
    watcher.start()
    try:
        for _ in range(100):
            if revocations.connected:
                break
            await asyncio.sleep(0.02)
        assert revocations.connected
        email, md = await auth.new_user("modeler")
        api = (await auth.stub.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="t"), metadata=md, timeout=10))
        svc = auth.tokens.service_md
        before = (await auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=api.token),
                                                   metadata=svc, timeout=10)).principal
        await revocations.check(before, "t1")  # nothing against it yet
        await auth.stub.SetUserRole(auth_pb2.SetUserRoleRequest(email=email, role="user"),
                                    metadata=await auth.session(), timeout=10)
        assert revocations.refuses(before) is not None  # heard before SetUserRole returned
        after = (await auth.stub.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=api.token),
                                                  metadata=svc, timeout=10)).principal
        assert after.role == "user" and revocations.refuses(after) is None
        await auth.stub.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=api.info.id), metadata=md, timeout=10)
        with pytest.raises(Unauthenticated, match="revoked"):
            await revocations.check(after, "t2")
        assert revocations.stats()["connects"] == 1
    finally:
        await watcher.stop()
        await clients.close()
