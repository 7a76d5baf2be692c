"""The internal gRPC trust model against the running stack, through the dot.v1 stubs as an internal
caller would: only the server's own services may verify credentials or present a principal
(``x-dot-service``), and a principal captured off the wire dies with its credential, its user or
its role (docs/security.md, "Internal gRPC trust model")."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import grpc
import httpx
import pytest

from dot.v1 import (
    admin_pb2, admin_pb2_grpc, auth_pb2, auth_pb2_grpc, common_pb2, conversation_pb2, conversation_pb2_grpc,
    knowledge_pb2,
    knowledge_pb2_grpc,
)
from services.common.identity import InternalTokens
from tests.support.stack import ADMIN_EMAIL, Stack

Code = grpc.StatusCode
MD = tuple[tuple[str, str], ...]


class Stubs:
    def __init__(self, stack: Stack, channels: dict[str, grpc.aio.Channel]) -> None:
        self.auth = auth_pb2_grpc.AuthServiceStub(channels["auth"])
        self.admin = admin_pb2_grpc.AdminServiceStub(channels["admin"])
        self.knowledge = knowledge_pb2_grpc.KnowledgeServiceStub(channels["knowledge"])
        self.conversation = conversation_pb2_grpc.ConversationServiceStub(channels["conversation"])
        # What a process of this server holds (the secret): used here to play the gateway.
        self.gateway = InternalTokens(stack.settings.secret_key, "gateway")

    async def capture(self, credential: str) -> str:
        """The internal principal the gateway gets for ``credential`` (what an attacker could capture)."""
        r = await self.auth.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=credential),
                                             metadata=self.gateway.service_md, timeout=10)
        return r.internal_token

    def with_service(self, principal: str) -> MD:
        return self.gateway.metadata(principal)


@pytest.fixture
async def stubs(stack: Stack) -> AsyncIterator[Stubs]:
    names = ("auth", "admin", "knowledge", "conversation")
    channels = {n: grpc.aio.insecure_channel(stack.settings.address(n)) for n in names}
    try:
        yield Stubs(stack, channels)
    finally:
        for ch in channels.values():
            await ch.close()


async def refused(coro: object) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await coro  # type: ignore[misc]
    return err.value


def detail(err: grpc.aio.AioRpcError) -> str:
    return str(json.loads(err.details())["detail"])


def http(stack: Stack, token: str) -> httpx.Client:
    return stack.client(token)


def user_id(stack: Stack, token: str) -> str:
    with http(stack, token) as c:
        return str(c.get("/api/auth/me").json()["user_id"])


# ---- who may call what ------------------------------------------------------------------------


async def test_verify_credential_and_friends_need_a_service_credential(stack: Stack, stubs: Stubs) -> None:
    forged = InternalTokens("not-the-server-secret", "gateway").service_md
    other_name = (("x-dot-service", "gateway." + "0" * 64),)
    req = auth_pb2.VerifyCredentialRequest(credential=stack.admin_token)
    for md in ((), forged, other_name, (("authorization", f"Bearer {stack.admin_token}"),)):
        err = await refused(stubs.auth.VerifyCredential(req, metadata=md, timeout=10))
        assert err.code() == Code.UNAUTHENTICATED and "services only" in detail(err), md
    principal = await stubs.capture(stack.admin_token)
    err = await refused(stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=(("x-dot-principal", principal),),
                                                    timeout=10))
    assert err.code() == Code.UNAUTHENTICATED

    async def no_acks() -> AsyncIterator[auth_pb2.WatchInvalidationsRequest]:
        await asyncio.sleep(10)
        yield auth_pb2.WatchInvalidationsRequest(seq=0)

    call = stubs.auth.WatchInvalidations(no_acks(), metadata=(("authorization", f"Bearer {stack.admin_token}"),),
                                         timeout=10)
    assert (await refused(call.read())).code() == Code.UNAUTHENTICATED
    # The gateway's own credential works (that is how every HTTP request is verified).
    assert (await stubs.auth.VerifyCredential(req, metadata=stubs.gateway.service_md, timeout=10)).principal.email \
        == ADMIN_EMAIL


async def test_a_principal_without_the_service_credential_is_refused_by_every_service(
        stack: Stack, stubs: Stubs) -> None:
    principal = await stubs.capture(stack.admin_token)
    bare: MD = (("x-dot-principal", principal),)
    calls = {
        "auth": lambda md: stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=md, timeout=10),
        "admin": lambda md: stubs.admin.GetUsers(admin_pb2.GetUsersRequest(), metadata=md, timeout=10),
        "knowledge": lambda md: stubs.knowledge.ListConnections(knowledge_pb2.ListConnectionsRequest(), metadata=md, timeout=10),
        "conversation": lambda md: stubs.conversation.ChatHistory(conversation_pb2.ChatHistoryRequest(), metadata=md, timeout=10),
    }
    for name, call in calls.items():
        err = await refused(call(bare))
        assert err.code() == Code.UNAUTHENTICATED and "services" in detail(err), name
        await call(stubs.with_service(principal))  # the same principal from a service is honoured


async def test_api_token_in_metadata_still_works_without_a_service_credential(stack: Stack, stubs: Stubs) -> None:
    md: MD = (("authorization", f"Bearer {stack.admin_token}"),)
    assert (await stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=md, timeout=10)).email == ADMIN_EMAIL
    r = await stubs.knowledge.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=md, timeout=60)
    assert r.tables


# ---- a captured principal dies with its credential, user or role -----------------------------


async def test_captured_principal_of_a_deleted_admin_opens_no_backdoor(stack: Stack, stubs: Stubs) -> None:
    email, token = stack.create_user("admin")
    principal = await stubs.capture(token)
    with http(stack, stack.admin_token) as c:
        assert c.post("/api/delete_user", json={"email": email}).status_code == 200
    with http(stack, token) as c:
        assert c.get("/api/auth/me").status_code == 401
    md = stubs.with_service(principal)  # even together with a valid service credential
    backdoor = f"backdoor-{uuid.uuid4().hex[:6]}@example.com"
    attempts = {
        "CreateUser": stubs.auth.CreateUser(auth_pb2.CreateUserRequest(
            email=backdoor, password="backdoor-password-1", role="admin"), metadata=md, timeout=10),
        "IssueLegacyToken": stubs.auth.IssueLegacyToken(auth_pb2.IssueLegacyTokenRequest(user_id=ADMIN_EMAIL),
                                                        metadata=md, timeout=10),
        "CreateApiToken": stubs.auth.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="x"), metadata=md,
                                                    timeout=10),
        "RefreshPrincipal": stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=md, timeout=10),
        "admin.GetUsers": stubs.admin.GetUsers(admin_pb2.GetUsersRequest(), metadata=md, timeout=10),
        "knowledge.ListConnections": stubs.knowledge.ListConnections(knowledge_pb2.ListConnectionsRequest(), metadata=md, timeout=10),
        "conversation.ChatHistory": stubs.conversation.ChatHistory(conversation_pb2.ChatHistoryRequest(), metadata=md, timeout=10),
    }
    for name, coro in attempts.items():
        err = await refused(coro)
        assert err.code() == Code.UNAUTHENTICATED, (name, err.details())
    with http(stack, stack.admin_token) as c:
        emails = {u["email"] for u in c.get("/api/get_users").json()}
    assert backdoor not in emails
    with http(stack, stack.admin_token) as c:  # the real admin's token was not rotated away
        assert c.get("/api/auth/me").status_code == 200


async def test_captured_principal_of_a_demoted_admin_cannot_promote_itself(stack: Stack, stubs: Stubs) -> None:
    email, token = stack.create_user("admin")
    principal = await stubs.capture(token)
    with http(stack, stack.admin_token) as c:
        assert c.post("/api/change_user_role", json={"email": email, "role": "user"}).status_code == 200
    md = stubs.with_service(principal)
    err = await refused(stubs.auth.SetUserRole(auth_pb2.SetUserRoleRequest(email=email, role="admin"), metadata=md,
                                               timeout=10))
    assert err.code() == Code.UNAUTHENTICATED and "changed" in detail(err)
    err = await refused(stubs.knowledge.SetRowFilter(knowledge_pb2.SetRowFilterRequest(
        table_id="demo.main.customers", template="1 = 1"), metadata=md, timeout=10))
    assert err.code() == Code.UNAUTHENTICATED
    with http(stack, token) as c:  # the token itself still works, with the new role
        me = c.get("/api/auth/me").json()
        assert me["role"] == "user"
        assert c.post("/api/change_user_role", json={"email": email, "role": "admin"}).status_code == 403


async def test_captured_principal_of_a_revoked_token_mints_nothing(stack: Stack, stubs: Stubs) -> None:
    email, token = stack.create_user("user")
    principal = await stubs.capture(token)
    md = stubs.with_service(principal)
    await stubs.auth.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=md, timeout=10)  # works before the revocation
    with http(stack, token) as c:
        tid = next(t["id"] for t in c.get("/api/api_tokens").json() if t["name"] == "user token")
        assert c.delete(f"/api/api_tokens/{tid}").status_code in (200, 204)
    err = await refused(stubs.auth.CreateApiToken(auth_pb2.CreateApiTokenRequest(name="ten years", expires_in_days=3650),
                                                  metadata=md, timeout=10))
    assert err.code() == Code.UNAUTHENTICATED and "revoked" in detail(err)
    err = await refused(stubs.knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(sql="SELECT 1 AS one", max_rows=1),
                                                     metadata=md, timeout=30))
    assert err.code() == Code.UNAUTHENTICATED
    err = await refused(stubs.conversation.Agentic(conversation_pb2.AgenticRequest(
        messages=[conversation_pb2.InputMessage(role="user", content="how many customers")], chat_id="x"),
        metadata=md, timeout=30))
    assert err.code() == Code.UNAUTHENTICATED


async def test_a_service_that_missed_the_change_checks_older_principals_live(stack: Stack, stubs: Stubs) -> None:
    """knowledge is down while a user is deleted: after its restart it cannot have heard the change,
    so a principal verified before its stream began is re-checked with auth once (and refused)."""
    gone_email, gone_token = stack.create_user("user")
    kept_email, kept_token = stack.create_user("user")
    gone, kept = await stubs.capture(gone_token), await stubs.capture(kept_token)
    stack.stop_service("knowledge")
    try:
        with http(stack, stack.admin_token) as c:
            assert c.post("/api/delete_user", json={"email": gone_email}).status_code == 200
    finally:
        stack.restart_service("knowledge")
    async with grpc.aio.insecure_channel(stack.settings.address("knowledge")) as ch:
        k = knowledge_pb2_grpc.KnowledgeServiceStub(ch)
        for _ in range(50):  # wait until knowledge follows auth's stream again
            try:
                await k.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=stubs.with_service(kept),
                                   timeout=30)
                break
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == Code.UNAVAILABLE, exc.details()
                await asyncio.sleep(0.2)
        err = await refused(k.ListTables(knowledge_pb2.ListTablesRequest(lite=True),
                                         metadata=stubs.with_service(gone), timeout=30))
        assert err.code() == Code.UNAUTHENTICATED
        assert kept_email and gone_email != kept_email


async def test_refresh_returns_the_same_rights_for_every_credential_kind(stack: Stack, stubs: Stubs) -> None:
    """RefreshPrincipal (what long answers use) re-checks API, MCP and session credentials and keeps
    exactly their rights; a rotated-away MCP token is refused."""
    email, token = stack.create_user("modeler")
    session = stack.login(email, "user-password-1")
    with http(stack, token) as c:
        mcp_first = c.post("/api/mcp_token").json()["token"]
    for cred, kind in ((token, "api"), (session, "session"), (mcp_first, "mcp")):
        r = await stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=stubs.with_service(
            await stubs.capture(cred)), timeout=10)
        p = r.principal
        assert (p.email, p.role, p.token_kind) == (email, "modeler", kind)
        assert r.internal_expires_at > p.verified_at
    captured = await stubs.capture(mcp_first)
    with http(stack, token) as c:
        assert c.post("/api/mcp_token").status_code == 201  # one MCP token per user: the first is revoked
    err = await refused(stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=stubs.with_service(captured),
                                                    timeout=10))
    assert err.code() == Code.UNAUTHENTICATED and "revoked" in detail(err)


async def test_a_scheduled_reports_owner_is_refreshed_while_the_user_stays(stack: Stack, stubs: Stubs) -> None:
    """The conversation service builds a "job" principal for a scheduled report from the live user record;
    auth refreshes it (long report answers) only while that user is unchanged."""
    email, token = stack.create_user("user")
    me = stubs.gateway  # any service's tokens: here playing the conversation service
    with http(stack, token) as c:
        info = c.get("/api/auth/me").json()
    owner = common_pb2.Principal(user_id=info["user_id"], email=email, org_id=info["org_id"], role="user",
                                 groups=info["groups"], token_kind="job")
    job, _ = me.mint(owner)
    fresh = await stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=me.metadata(job), timeout=10)
    assert fresh.principal.token_kind == "job" and fresh.principal.email == email
    with http(stack, stack.admin_token) as c:
        assert c.post("/api/delete_user", json={"email": email}).status_code == 200
    err = await refused(stubs.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=me.metadata(fresh.internal_token),
                                                    timeout=10))
    assert err.code() == Code.UNAUTHENTICATED
