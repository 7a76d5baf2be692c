"""Every credential path and every failure path, over real HTTP against the running processes.

Covers: API-KEY / X-API-KEY / Bearer / cookie credentials, the three query-token routes, 401s
(missing, malformed, bad signature, expired, revoked, deleted user, query token elsewhere,
user_id mismatch), revocation / deletion / role changes on the very next request (through the
gateway's invalidation-pushed cache), the legacy get_api_token, direct RPCs without identity,
and that tokens never reach the processes' logs.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import httpx
import jwt
import pytest

from dot.v1 import (
    admin_pb2, admin_pb2_grpc, auth_pb2, auth_pb2_grpc, common_pb2, conversation_pb2, conversation_pb2_grpc,
    knowledge_pb2, knowledge_pb2_grpc,
)
from services.auth.credentials import TokenCodec
from services.common.config import SERVICE_NAMES, Settings
from services.common.identity import InternalTokens, derive_key
from services.launcher import stop_all, wait_healthy, wait_http
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack, free_port

ROOT = Path(__file__).resolve().parents[1]
QUERY_ROUTES = [
    ("POST", "/api/sync/sqlite/demo", None),
    ("POST", "/api/import_and_overwrite_external_asset",
     {"external_asset": {"id": "auth-paths-dash", "subtype": "dashboard", "name": "Auth paths dashboard"}}),
    ("GET", "/api/export_history", None),
]
HEADER_ONLY_ROUTES = [
    ("GET", "/api/auth/me", None),
    ("GET", "/api/get_users", None),
    ("GET", "/api/tables", None),
    ("GET", "/api/org", None),
    ("GET", "/api/chat_history", None),
    ("POST", "/api/agentic", {"messages": [{"role": "user", "content": "How many customers?"}], "chat_id": "qt-x"}),
    ("POST", "/api/get_api_token", {"user_id": ADMIN_EMAIL}),
]


def assert_401(r: httpx.Response) -> str:
    assert r.status_code == 401, (r.request.method, r.request.url.path, r.status_code, r.text)
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer"), r.headers
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


def me(stack: Stack, **kw: object) -> httpx.Response:
    return httpx.get(f"{stack.url}/api/auth/me", timeout=30, **kw)  # type: ignore[arg-type]


def token_id(stack: Stack, token: str) -> str:
    """The jti of a dot- API token (its id in /api/api_tokens)."""
    body = token.removeprefix("dot-").split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["jti"])


def wait_cache_on(stack: Stack) -> None:
    """The gateway caches verified credentials only while its invalidation stream is up."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if httpx.get(f"{stack.url}/healthz", timeout=5).json().get("token_cache") == "on":
            return
        time.sleep(0.1)
    pytest.fail("the gateway's credential cache never came on")


@pytest.fixture(scope="module")
def member(stack: Stack) -> tuple[str, str]:
    return stack.create_user("user")


# ---- accepted credentials ----------------------------------------------------------------


@pytest.mark.parametrize("header", ["API-KEY", "X-API-KEY", "api-key", "x-api-key"])
def test_api_key_headers_accept_dot_tokens(stack: Stack, header: str) -> None:
    r = me(stack, headers={header: stack.admin_token})
    assert r.status_code == 200, r.text
    assert r.json()["email"] == ADMIN_EMAIL and r.json()["token_type"] == "api"


def test_bearer_accepts_dot_token_and_session_jwt(stack: Stack) -> None:
    assert me(stack, headers={"Authorization": f"Bearer {stack.admin_token}"}).json()["email"] == ADMIN_EMAIL
    session = stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert not session.startswith("dot-")
    r = me(stack, headers={"Authorization": f"bearer {session}"})
    assert r.status_code == 200 and r.json()["token_type"] == "session"


@pytest.mark.parametrize("form", ["bare", "bearer", "quoted"])
def test_authorization_cookie(stack: Stack, form: str) -> None:
    session = stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    value = {"bare": session, "bearer": f"Bearer {session}", "quoted": f'"Bearer {session}"'}[form]
    r = me(stack, headers={"Cookie": f"Authorization={value}"})
    assert r.status_code == 200, r.text
    assert r.json()["email"] == ADMIN_EMAIL
    r = me(stack, headers={"Cookie": f"Authorization={stack.admin_token}"})
    assert r.status_code == 200 and r.json()["token_type"] == "api"


def test_healthcheck_needs_no_credentials(stack: Stack) -> None:
    r = httpx.get(f"{stack.url}/api/healthcheck", timeout=10)
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ok"}


# ---- failures ----------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), QUERY_ROUTES + HEADER_ONLY_ROUTES)
def test_missing_credentials_401(stack: Stack, method: str, path: str, body: dict | None) -> None:
    with httpx.Client(base_url=stack.url, timeout=30) as c:
        assert_401(c.request(method, path, json=body))


def _alg_none_token(stack: Stack) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    claims = {"sub": ADMIN_EMAIL, "jti": "x", "exp": int(time.time()) + 3600, "typ": "session"}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}."


MALFORMED = {
    "scheme_token": {"Authorization": "Token abc"},
    "scheme_basic": {"Authorization": "Basic YWRtaW46cGFzcw=="},
    "bearer_empty": {"Authorization": "Bearer"},
    "api_key_empty": {"API-KEY": ""},
    "x_api_key_garbage": {"X-API-KEY": "not-a-token"},
    "dot_garbage": {"API-KEY": "dot-abc.def.ghi"},
    "legacy_hex_unknown": {"API-KEY": "ab" * 32},
    "dot_legacy_hex_unknown": {"API-KEY": "dot-" + "cd" * 32},
    "too_long": {"API-KEY": "dot-" + "a" * 9000},
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_credentials_401(stack: Stack, name: str) -> None:
    assert_401(me(stack, headers=MALFORMED[name]))


def test_alg_none_is_refused(stack: Stack) -> None:
    assert_401(me(stack, headers={"Authorization": f"Bearer {_alg_none_token(stack)}"}))


def _admin_ids(stack: Stack) -> tuple[str, str]:
    r = me(stack, headers={"API-KEY": stack.admin_token}).json()
    return r["user_id"], r["org_id"]


def test_wrong_signature_401(stack: Stack) -> None:
    uid, org = _admin_ids(stack)
    forged, _ = TokenCodec("not-the-server-secret").mint(sub=ADMIN_EMAIL, user_id=uid, org_id=org, typ="session",
                                                         ttl_s=3600)
    assert "signature" in assert_401(me(stack, headers={"Authorization": f"Bearer {forged}"}))
    forged_api, _ = TokenCodec("not-the-server-secret").mint(sub=ADMIN_EMAIL, user_id=uid, org_id=org, typ="api",
                                                             ttl_s=3600)
    assert_401(me(stack, headers={"API-KEY": "dot-" + forged_api}))
    # Tampered payload, original signature: the claims say 'admin' for someone else.
    head, _, sig = stack.admin_token.removeprefix("dot-").split(".")
    claims = base64.urlsafe_b64encode(json.dumps({"sub": "evil@example.com", "jti": "x", "exp": 2**31}).encode())
    assert_401(me(stack, headers={"API-KEY": f"dot-{head}.{claims.rstrip(b'=').decode()}.{sig}"}))


def test_signed_api_token_unknown_to_the_store_401(stack: Stack) -> None:
    """Correctly signed but never issued (only issued tokens' hashes are stored)."""
    uid, org = _admin_ids(stack)
    minted, _ = TokenCodec(stack.settings.secret_key).mint(sub=ADMIN_EMAIL, user_id=uid, org_id=org, typ="api",
                                                           ttl_s=3600)
    assert "not known" in assert_401(me(stack, headers={"API-KEY": "dot-" + minted}))
    # An API token without its dot- prefix is refused too.
    assert_401(me(stack, headers={"Authorization": "Bearer " + stack.admin_token.removeprefix("dot-")}))


def test_expired_token_401(stack: Stack) -> None:
    uid, org = _admin_ids(stack)
    old, _ = TokenCodec(stack.settings.secret_key).mint(sub=ADMIN_EMAIL, user_id=uid, org_id=org, typ="session",
                                                        ttl_s=-5)
    assert "expired" in assert_401(me(stack, headers={"Authorization": f"Bearer {old}"}))


def test_expiry_takes_effect_on_the_next_request_despite_the_cache(stack: Stack) -> None:
    wait_cache_on(stack)
    uid, org = _admin_ids(stack)
    short, claims = TokenCodec(stack.settings.secret_key).mint(sub=ADMIN_EMAIL, user_id=uid, org_id=org,
                                                               typ="session", ttl_s=3)
    for _ in range(3):  # first verifies by RPC, the rest are cache hits
        assert me(stack, headers={"Authorization": f"Bearer {short}"}).status_code == 200
    time.sleep(max(0.0, claims.exp - time.time()) + 0.05)
    assert "expired" in assert_401(me(stack, headers={"Authorization": f"Bearer {short}"}))


def test_revoked_token_fails_on_the_very_next_request(stack: Stack, member: tuple[str, str]) -> None:
    wait_cache_on(stack)
    _, token = member
    extra = stack.api_token(stack.login(member[0], "user-password-1"), "to revoke")
    for _ in range(2):
        assert me(stack, headers={"API-KEY": extra}).status_code == 200
    r = httpx.delete(f"{stack.url}/api/api_tokens/{token_id(stack, extra)}", headers={"API-KEY": token}, timeout=30)
    assert r.status_code == 200 and r.json()["revoked"] is True
    assert "revoked" in assert_401(me(stack, headers={"X-API-KEY": extra}))
    assert me(stack, headers={"API-KEY": token}).status_code == 200  # the user's other token is untouched


async def test_revocation_pushed_by_auth_reaches_the_gateway_cache(stack: Stack, member: tuple[str, str]) -> None:
    """Revoke over gRPC (the gateway route is bypassed): only auth's pushed invalidation can stop the
    cached credential, and RevokeApiToken returns only after the gateway acked it."""
    wait_cache_on(stack)
    token = stack.api_token(stack.login(member[0], "user-password-1"), "revoked over grpc")
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as c:
        for _ in range(3):
            assert (await c.get("/api/auth/me", headers={"API-KEY": token})).status_code == 200
        async with grpc.aio.insecure_channel(stack.settings.address("auth")) as ch:
            await auth_pb2_grpc.AuthServiceStub(ch).RevokeApiToken(
                auth_pb2.RevokeApiTokenRequest(id=token_id(stack, token)),
                metadata=(("authorization", f"Bearer {token}"),), timeout=10)
        assert_401(await c.get("/api/auth/me", headers={"API-KEY": token}))


def test_deleted_users_credentials_fail_on_the_very_next_request(stack: Stack) -> None:
    wait_cache_on(stack)
    email, token = stack.create_user("modeler")
    session = stack.login(email, "user-password-1")
    for _ in range(2):
        assert me(stack, headers={"API-KEY": token}).status_code == 200
        assert me(stack, headers={"Authorization": f"Bearer {session}"}).status_code == 200
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/delete_user", json={"email": email}).status_code == 200
    assert_401(me(stack, headers={"API-KEY": token}))
    assert_401(me(stack, headers={"Authorization": f"Bearer {session}"}))
    r = httpx.post(f"{stack.url}/api/auth/token", data={"username": email, "password": "user-password-1"})
    assert_401(r)


def test_role_change_takes_effect_on_the_very_next_request(stack: Stack) -> None:
    wait_cache_on(stack)
    email, token = stack.create_user("admin")
    with stack.client(token) as c, stack.client(stack.admin_token) as boss:
        for _ in range(2):
            assert c.get("/api/get_users").status_code == 200
        assert boss.post("/api/change_user_role", json={"email": email, "role": "modeler"}).status_code == 200
        r = c.get("/api/get_users")
        assert r.status_code == 403, r.text
        assert c.get("/api/auth/me").json()["role"] == "modeler"
        assert c.get("/api/export_history").status_code == 200  # a modeler still reads history
        assert boss.post("/api/change_user_role", json={"email": email, "role": "user"}).status_code == 200
        assert c.get("/api/export_history").status_code == 403
        assert boss.post("/api/change_user_role", json={"email": email, "role": "admin"}).status_code == 200
        assert c.get("/api/get_users").status_code == 200


# ---- query-string tokens --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), QUERY_ROUTES, ids=["sync", "import_asset", "export_history"])
def test_query_token_accepted_on_the_three_routes(stack: Stack, method: str, path: str, body: dict | None) -> None:
    with httpx.Client(base_url=stack.url, timeout=120) as c:
        c.get("/api/tables", headers={"API-KEY": stack.admin_token})  # the demo connection exists lazily
        r = c.request(method, path, params={"user_id": ADMIN_EMAIL, "api_token": stack.admin_token}, json=body)
        assert r.status_code == 200, r.text
        uid, _ = _admin_ids(stack)
        r = c.request(method, path, params={"user_id": uid, "api_token": stack.admin_token}, json=body)
        assert r.status_code == 200, r.text
        r = c.request(method, path, params={"user_id": ADMIN_EMAIL.upper(), "api_token": stack.admin_token},
                      json=body)
        assert r.status_code == 200, r.text


@pytest.mark.parametrize(("method", "path", "body"), QUERY_ROUTES, ids=["sync", "import_asset", "export_history"])
def test_query_token_failures(stack: Stack, member: tuple[str, str], method: str, path: str,
                              body: dict | None) -> None:
    email, token = member
    with httpx.Client(base_url=stack.url, timeout=60) as c:
        detail = assert_401(c.request(method, path, params={"user_id": email, "api_token": stack.admin_token},
                                      json=body))
        assert "user_id" in detail
        assert_401(c.request(method, path, params={"api_token": stack.admin_token}, json=body))
        assert_401(c.request(method, path, params={"user_id": ADMIN_EMAIL}, json=body))
        assert_401(c.request(method, path, params={"user_id": ADMIN_EMAIL, "api_token": "dot-x.y.z"}, json=body))
        assert_401(c.request(method, path, params={"user_id": ADMIN_EMAIL, "access_token": stack.admin_token},
                             json=body))
        # A valid query token of a plain user authenticates, and the service then refuses the role.
        r = c.request(method, path, params={"user_id": email, "api_token": token}, json=body)
        assert r.status_code == 403, r.text


@pytest.mark.parametrize(("method", "path", "body"), HEADER_ONLY_ROUTES)
def test_query_token_authenticates_nothing_elsewhere(stack: Stack, method: str, path: str, body: dict | None) -> None:
    with httpx.Client(base_url=stack.url, timeout=30) as c:
        for params in ({"user_id": ADMIN_EMAIL, "api_token": stack.admin_token},
                       {"access_token": stack.admin_token}, {"api_token": stack.admin_token}):
            assert_401(c.request(method, path, params=params, json=body))


def test_revoked_query_token_401(stack: Stack) -> None:
    email, token = stack.create_user("admin")
    with httpx.Client(base_url=stack.url, timeout=60) as c:
        assert c.get("/api/export_history", params={"user_id": email, "api_token": token}).status_code == 200
        assert c.delete(f"/api/api_tokens/{token_id(stack, token)}", headers={"API-KEY": token}).status_code == 200
        assert "revoked" in assert_401(c.get("/api/export_history", params={"user_id": email, "api_token": token}))


# ---- legacy get_api_token ------------------------------------------------------------------


def test_legacy_get_api_token_for_self_rotates(stack: Stack) -> None:
    wait_cache_on(stack)
    email, token = stack.create_user("user")
    with stack.client(token) as c:
        r1 = c.post("/api/get_api_token", json={"user_id": email})
        assert r1.status_code == 200, r1.text
        first = r1.json()["api_token"]
        assert first.startswith("dot-") and r1.json()["token"] == first
        assert me(stack, headers={"API-KEY": first}).json()["email"] == email
        r2 = c.post("/api/get_api_token", json={})  # no user_id: the caller
        assert r2.status_code == 200
        second = r2.json()["api_token"]
        assert second != first
        assert "revoked" in assert_401(me(stack, headers={"API-KEY": first}))
        assert me(stack, headers={"API-KEY": second}).status_code == 200
        assert me(stack, headers={"API-KEY": token}).status_code == 200  # named API tokens are not touched


def test_legacy_get_api_token_by_admin_and_refusals(stack: Stack, member: tuple[str, str]) -> None:
    email, token = member
    with stack.client(stack.admin_token) as admin:
        r = admin.post("/api/get_api_token", json={"user_id": email})
        assert r.status_code == 200
        issued = r.json()["api_token"]
        assert me(stack, headers={"API-KEY": issued}).json()["email"] == email
        again = admin.post("/api/get_api_token", json={"user_id": email}).json()["api_token"]
        assert_401(me(stack, headers={"API-KEY": issued}))
        assert me(stack, headers={"API-KEY": again}).status_code == 200
        r = admin.post("/api/get_api_token", json={"user_id": "nobody-" + uuid.uuid4().hex[:6] + "@example.com"})
        assert r.status_code == 404
    with stack.client(token) as c:
        assert c.post("/api/get_api_token", json={"user_id": ADMIN_EMAIL}).status_code == 403
        # No probing: an unknown user gives the same 403 as a real one.
        assert c.post("/api/get_api_token", json={"user_id": "ghost@example.com"}).status_code == 403


# ---- services check identity themselves ------------------------------------------------------


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_direct_rpc_without_identity_is_refused(stack: Stack, service: str) -> None:
    uid, org = _admin_ids(stack)
    forged_key = InternalTokens("some-other-secret")
    forged, _ = forged_key.mint(common_pb2.Principal(user_id=uid, email=ADMIN_EMAIL, org_id=org, role="admin"))
    unsigned = jwt.encode({"typ": "internal", "uid": uid, "sub": ADMIN_EMAIL, "org": org, "role": "admin",
                           "exp": int(time.time()) + 60}, None, algorithm="none")
    attempts = {
        "none": (),
        "forged_principal": (("x-dot-principal", forged),),
        "unsigned_principal": (("x-dot-principal", unsigned),),
        "garbage_authorization": (("authorization", "Bearer nonsense"),),
        "empty_bearer": (("authorization", "Bearer "),),
    }
    async with grpc.aio.insecure_channel(stack.settings.address(service)) as ch:
        for name, md in attempts.items():
            with pytest.raises(grpc.aio.AioRpcError) as err:
                if service == "auth":
                    await auth_pb2_grpc.AuthServiceStub(ch).GetMe(auth_pb2.GetMeRequest(), metadata=md, timeout=10)
                elif service == "admin":
                    await admin_pb2_grpc.AdminServiceStub(ch).GetUsers(admin_pb2.GetUsersRequest(), metadata=md, timeout=10)
                elif service == "knowledge":
                    await knowledge_pb2_grpc.KnowledgeServiceStub(ch).ListTables(
                        knowledge_pb2.ListTablesRequest(), metadata=md, timeout=10)
                else:
                    call = conversation_pb2_grpc.ConversationServiceStub(ch).ExportHistory(
                        conversation_pb2.ExportHistoryRequest(format="json"), metadata=md, timeout=10)
                    async for _ in call:
                        pass
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED, (name, err.value.details())


async def test_internal_principal_signed_with_the_server_key_is_honoured(stack: Stack) -> None:
    """The gateway forwards identity as a signed x-dot-principal; a correctly signed one works."""
    uid, org = _admin_ids(stack)
    tokens = InternalTokens(stack.settings.secret_key, "gateway")
    good, _ = tokens.mint(
        common_pb2.Principal(user_id=uid, email=ADMIN_EMAIL, org_id=org, role="admin", groups=["all_users"]))
    async with grpc.aio.insecure_channel(stack.settings.address("auth")) as ch:
        r = await auth_pb2_grpc.AuthServiceStub(ch).GetMe(auth_pb2.GetMeRequest(), metadata=tokens.metadata(good),
                                                           timeout=10)
    assert r.email == ADMIN_EMAIL and r.role == "admin"
    assert derive_key(stack.settings.secret_key, "dot-internal-principal-v1") != derive_key(
        stack.settings.secret_key, "dot-user-jwt-v1")  # user tokens cannot pass as internal ones


async def test_user_jwt_cannot_pose_as_internal_principal(stack: Stack) -> None:
    session = stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    async with grpc.aio.insecure_channel(stack.settings.address("admin")) as ch:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await admin_pb2_grpc.AdminServiceStub(ch).GetUsers(
                admin_pb2.GetUsersRequest(), metadata=(("x-dot-principal", session),), timeout=10)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED


# ---- tokens never reach the logs -----------------------------------------------------------


def start_logged_stack(data_dir: Path, log_path: Path) -> Stack:
    """The same processes as ``make run`` with all output (INFO logs, access log) in one file."""
    env = dict(os.environ)
    env.update({
        "DOT_DATA_DIR": str(data_dir), "DOT_ADMIN_EMAIL": ADMIN_EMAIL, "DOT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DOT_HTTP_PORT": str(free_port()), "DOT_SECRET_KEY": "log-test-" + uuid.uuid4().hex,
        "DOT_LOG_LEVEL": "info", "PYTHONUNBUFFERED": "1",
    })
    for name in SERVICE_NAMES:
        env[f"DOT_{name.upper()}_PORT"] = str(free_port())
    for k in ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_SMTP_URL"):
        env.pop(k, None)
    settings = Settings.from_env(env)
    stack = Stack(data_dir=data_dir, env=env, settings=settings)
    with log_path.open("ab") as out:
        try:
            for name in SERVICE_NAMES:
                stack.procs.append(subprocess.Popen([sys.executable, "-m", f"services.{name}"], env=env, cwd=ROOT,
                                                    stdout=out, stderr=subprocess.STDOUT))
            deadline = time.monotonic() + 60
            for name in SERVICE_NAMES:
                assert wait_healthy(settings.address(name), deadline), f"{name} did not start"
            stack.procs.append(subprocess.Popen([sys.executable, "-m", "gateway"], env=env, cwd=ROOT, stdout=out,
                                                stderr=subprocess.STDOUT))
            assert wait_http(settings.http_host, settings.http_port, deadline), "gateway did not start"
            stack.admin_token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "log test")
        except BaseException:
            stop_all(stack.procs)
            raise
    return stack


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Path]]:
    tmp = tmp_path_factory.mktemp("logged-stack")
    log_path = tmp / "processes.log"
    s = start_logged_stack(tmp / "data", log_path)
    try:
        yield s, log_path
    finally:
        s.stop()


def _secret_fragments(token: str) -> list[str]:
    raw = token.removeprefix("dot-")
    parts = raw.split(".")
    return [token, raw, *[p for p in parts[1:] if len(p) > 16]]


def test_tokens_never_appear_in_process_logs(logged: tuple[Stack, Path]) -> None:
    s, log_path = logged
    secrets_seen: list[str] = [s.admin_token, ADMIN_PASSWORD]
    password = "logged-user-pass-1"
    email, token = s.create_user("admin", password=password)
    session = s.login(email, password)
    secrets_seen += [token, session, password]
    with httpx.Client(base_url=s.url, timeout=120) as c:
        c.get("/api/tables", headers={"API-KEY": token})
        for headers in ({"API-KEY": token}, {"X-API-KEY": token}, {"Authorization": f"Bearer {session}"},
                        {"Cookie": f"Authorization=Bearer {session}"}):
            assert c.get("/api/auth/me", headers=headers).status_code == 200
        q = {"user_id": email, "api_token": token}
        assert c.post("/api/sync/sqlite/demo", params=q).status_code == 200
        assert c.get("/api/export_history", params=q).status_code == 200
        assert c.post("/api/import_and_overwrite_external_asset", params=q,
                      json={"external_asset": {"id": "log-1", "subtype": "dashboard"}}).status_code == 200
        assert c.get("/api/export_history", params={"user_id": "x@example.com", "api_token": token}).status_code == 401
        assert c.get("/api/auth/me", params={"access_token": token}).status_code == 401
        assert c.get("/", params={"access_token": session}).status_code in (200, 302, 303, 307)
        legacy = c.post("/api/get_api_token", json={"user_id": email}, headers={"API-KEY": token}).json()["api_token"]
        secrets_seen.append(legacy)
        assert c.get("/api/auth/me", headers={"API-KEY": legacy}).status_code == 200
        revoked = c.post("/api/get_api_token", json={"user_id": email}, headers={"API-KEY": token}).json()["api_token"]
        secrets_seen.append(revoked)
        assert c.get("/api/auth/me", headers={"API-KEY": legacy}).status_code == 401
        assert c.post("/api/set_disable_embedded_login", json={"value": False},
                      headers={"API-KEY": token}).status_code == 200
        emb = c.post("/api/auth/embedded_user_login", json={"user_id": email},
                     headers={"API-KEY": token}).json()["access_token"]
        secrets_seen.append(emb)
        r = c.get("/api/tables", params={"lite": True}, headers={"Authorization": f"Bearer {emb}"})
        assert r.status_code == 200
        inv = c.post("/api/send_invitations", json={"emails": [f"inv-{uuid.uuid4().hex[:6]}@example.com"]},
                     headers={"API-KEY": token})
        assert inv.status_code == 200
        link = c.get("/api/invitations", headers={"API-KEY": token}).json()[-1]["link"]
        invite_token = link.split("token=")[1]
        secrets_seen.append(invite_token)
        assert c.post("/api/auth/accept_invitation", json={"token": invite_token, "password": "invited-pass-1",
                                                            "realname": "Inv"}).status_code == 200
        for bad in ("dot-" + "x" * 40, token[:-3] + "abc"):
            assert c.get("/api/auth/me", headers={"API-KEY": bad}).status_code == 401
    s.stop()  # flush and close every process's output
    text = log_path.read_text(errors="replace")
    assert "GET /api/auth/me" in text and "api_token=[redacted]" in text, "the access log was not captured"
    assert "auth service listening" in text
    leaked = [frag[:12] + "…" for sec in secrets_seen for frag in _secret_fragments(sec) if frag in text]
    assert not leaked, f"secrets found in logs: {leaked}"
