"""User administration over HTTP: every endpoint x caller (admin, modeler, user, embedded token,
revoked token) as one parametrized table, the same rules checked at the services over gRPC, and
the user-lifecycle rules (fields, validation, groups, default group, last admin, deletion)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx
import pytest

from dot.v1 import (
    admin_pb2, admin_pb2_grpc, auth_pb2, auth_pb2_grpc, conversation_pb2, conversation_pb2_grpc,
    knowledge_pb2, knowledge_pb2_grpc,
)
from tests.support.stack import ADMIN_EMAIL, Stack

CALLERS = ("admin", "modeler", "user", "embedded", "revoked")
ADMIN_ONLY = {"admin": 200, "modeler": 403, "user": 403, "embedded": 403, "revoked": 401}
DATA_MODEL = {"admin": 200, "modeler": 200, "user": 403, "embedded": 403, "revoked": 401}
EVERYONE = {"admin": 200, "modeler": 200, "user": 200, "embedded": 200, "revoked": 401}
DOC = "demo.main.regions"
DOC_GROUP = "matrix-docs"


def fresh_email(prefix: str = "m") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


@dataclass
class World:
    """The callers and helpers every row of the matrix needs."""

    stack: Stack
    admin: httpx.Client
    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def headers(self, caller: str) -> dict[str, str]:
        token = self.tokens[caller]
        return {  # every credential form takes part
            "admin": {"API-KEY": token}, "modeler": {"X-API-KEY": token},
            "user": {"Authorization": f"Bearer {token}"}, "embedded": {"Cookie": f"Authorization=Bearer {token}"},
            "revoked": {"API-KEY": token},
        }[caller]

    def victim(self, caller: str, *groups: str) -> str:
        """A user for rows that change someone: fresh for the admin (whose call succeeds), shared for
        callers who must be refused (a wrongly allowed change still fails their row)."""
        key = "victim:" + ",".join(groups)
        if caller != "admin" and key in self.emails:
            return self.emails[key]
        email = fresh_email("victim")
        r = self.admin.post("/api/create_user", json={"email": email, "password": "victim-pass-1"})
        assert r.status_code == 200, r.text
        for g in groups:
            assert self.admin.post("/api/add_user_to_group", json={"email": email, "group": g}).status_code == 200
        if caller != "admin":
            self.emails[key] = email
        return email

    def doc_in_group(self, caller: str) -> dict[str, str]:
        r = self.admin.post("/api/add_doc_to_group", json={"doc_id": DOC, "group": DOC_GROUP})
        assert r.status_code == 200, r.text
        return {"doc_id": DOC, "group": DOC_GROUP}


@pytest.fixture(scope="module")
def world(stack: Stack) -> Iterator[World]:
    admin = stack.client(stack.admin_token)
    w = World(stack=stack, admin=admin)
    w.tokens["admin"] = stack.admin_token
    w.emails["admin"] = ADMIN_EMAIL
    for setting, value in (("set_modeler_can_sync", False), ("set_new_user_group", "all_users"),
                           ("set_new_user_admin", False), ("set_disable_embedded_login", False)):
        assert admin.post(f"/api/{setting}", json={"value": value}).status_code == 200
    for role in ("modeler", "user"):
        w.emails[role], w.tokens[role] = stack.create_user(role)
    r = admin.post("/api/auth/embedded_user_login", json={"user_id": w.emails["user"]})
    assert r.status_code == 200, r.text
    w.tokens["embedded"] = r.json()["access_token"]
    gone_email, gone = stack.create_user("admin")
    listed = httpx.get(f"{stack.url}/api/api_tokens", headers={"API-KEY": gone}).json()
    assert httpx.delete(f"{stack.url}/api/api_tokens/{listed[0]['id']}", headers={"API-KEY": gone}).status_code == 200
    w.tokens["revoked"] = gone
    admin.get("/api/tables")  # the demo connection is created on the org's first knowledge call
    try:
        yield w
    finally:
        admin.post("/api/set_disable_embedded_login", json={"value": True})  # back to the default
        admin.post("/api/remove_doc_from_group", json={"doc_id": DOC, "group": DOC_GROUP})
        admin.close()


Body = Callable[[World, str], Any] | None


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str
    body: Body
    expect: dict[str, int]


def _chat(w: World, caller: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": "How many customers are there?"}],
            "chat_id": "matrix-" + uuid.uuid4().hex[:8]}


MATRIX: list[Row] = [
    # user administration (contract §3.9)
    Row("get_users", "GET", "/api/get_users", None, ADMIN_ONLY),
    Row("create_user", "POST", "/api/create_user",
        lambda w, c: {"email": fresh_email(), "password": "created-pass-1", "realname": "New"}, ADMIN_ONLY),
    Row("delete_user", "POST", "/api/delete_user", lambda w, c: {"email": w.victim(c)}, ADMIN_ONLY),
    Row("change_user_role", "POST", "/api/change_user_role", lambda w, c: {"email": w.victim(c), "role": "modeler"},
        ADMIN_ONLY),
    Row("send_invitations", "POST", "/api/send_invitations", lambda w, c: {"emails": [fresh_email("inv")]},
        ADMIN_ONLY),
    Row("list_invitations", "GET", "/api/invitations", None, ADMIN_ONLY),
    Row("get_groups", "GET", "/api/get_groups", None, DATA_MODEL),
    Row("add_user_to_group", "POST", "/api/add_user_to_group", lambda w, c: {"email": w.victim(c), "group": "matrix"},
        ADMIN_ONLY),
    Row("remove_user_from_group", "POST", "/api/remove_user_from_group",
        lambda w, c: {"email": w.victim(c, "matrix"), "group": "matrix"}, ADMIN_ONLY),
    # org settings
    Row("get_org", "GET", "/api/org", None, EVERYONE),
    Row("set_new_user_group", "POST", "/api/set_new_user_group", lambda w, c: {"value": "all_users"}, ADMIN_ONLY),
    Row("set_disable_embedded_login", "POST", "/api/set_disable_embedded_login", lambda w, c: {"value": False},
        ADMIN_ONLY),
    Row("set_new_user_admin", "POST", "/api/set_new_user_admin", lambda w, c: {"value": False}, ADMIN_ONLY),
    Row("set_disable_password_login", "POST", "/api/set_disable_password_login", lambda w, c: {"value": False},
        ADMIN_ONLY),
    Row("set_modeler_can_sync", "POST", "/api/set_modeler_can_sync", lambda w, c: {"value": False}, ADMIN_ONLY),
    Row("set_modeler_sees_history", "POST", "/api/set_modeler_sees_history", lambda w, c: {"value": True},
        ADMIN_ONLY),
    # tokens
    Row("embedded_user_login", "POST", "/api/auth/embedded_user_login",
        lambda w, c: {"user_id": w.emails["user"]}, ADMIN_ONLY),
    Row("get_api_token_other", "POST", "/api/get_api_token", lambda w, c: {"user_id": w.victim(c)}, ADMIN_ONLY),
    Row("get_api_token_self", "POST", "/api/get_api_token", lambda w, c: {}, {**EVERYONE, "embedded": 403}),
    Row("create_api_token", "POST", "/api/api_tokens", lambda w, c: {"name": "matrix"},
        {"admin": 201, "modeler": 201, "user": 201, "embedded": 403, "revoked": 401}),
    Row("list_api_tokens", "GET", "/api/api_tokens", None, {**EVERYONE, "embedded": 403}),  # issue 10
    Row("me", "GET", "/api/auth/me", None, EVERYONE),
    # the role matrix beyond user management: chat (everyone), history and data model (modeler+)
    Row("agentic", "POST", "/api/agentic", _chat, EVERYONE),
    Row("chat_history", "GET", "/api/chat_history", None, EVERYONE),
    Row("tables", "GET", "/api/tables?lite=true", None, EVERYONE),
    Row("export_history", "GET", "/api/export_history", None, DATA_MODEL),
    Row("add_doc_to_group", "POST", "/api/add_doc_to_group", lambda w, c: {"doc_id": DOC, "group": DOC_GROUP},
        DATA_MODEL),
    Row("remove_doc_from_group", "POST", "/api/remove_doc_from_group", lambda w, c: w.doc_in_group(c), DATA_MODEL),
    Row("import_external_asset", "POST", "/api/import_and_overwrite_external_asset",
        lambda w, c: {"external_asset": {"id": "matrix-asset", "subtype": "dashboard", "name": "Matrix"}}, DATA_MODEL),
    Row("sync", "POST", "/api/sync/sqlite/demo", None, ADMIN_ONLY),  # modelers need the sync grant (off)
    Row("test_connection", "POST", "/api/test_connection", lambda w, c: {"connection_id": "demo"}, ADMIN_ONLY),
]


@pytest.mark.parametrize(("row", "caller"), [(r, c) for r in MATRIX for c in CALLERS],
                         ids=[f"{r.name}-{c}" for r in MATRIX for c in CALLERS])
def test_endpoint_by_caller(world: World, row: Row, caller: str) -> None:
    body = row.body(world, caller) if row.body is not None else None
    r = httpx.request(row.method, world.stack.url + row.path, json=body, headers=world.headers(caller), timeout=120)
    expected = row.expect[caller]
    assert r.status_code == expected, f"{row.name} as {caller}: {r.status_code} {r.text[:300]}"
    if expected >= 400:
        assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    if expected == 401:
        assert r.headers.get("www-authenticate", "").lower().startswith("bearer")


# ---- the same rules, enforced by the services themselves (direct gRPC, no gateway) -------------------

OK, DENIED = grpc.StatusCode.OK, grpc.StatusCode.PERMISSION_DENIED
GRPC_ADMIN_ONLY = {"admin": OK, "modeler": DENIED, "user": DENIED}
GRPC_DATA_MODEL = {"admin": OK, "modeler": OK, "user": DENIED}


async def _unary(call: Any) -> None:
    await call


async def _stream(call: Any) -> None:
    async for _ in call:
        pass


GrpcCall = Callable[[dict[str, grpc.aio.Channel], World, tuple[tuple[str, str], ...]], Any]
GRPC_MATRIX: list[tuple[str, GrpcCall, dict[str, grpc.StatusCode]]] = [
    ("admin.GetUsers", lambda ch, w, md: _unary(admin_pb2_grpc.AdminServiceStub(ch["admin"]).GetUsers(
        admin_pb2.GetUsersRequest(), metadata=md, timeout=30)), GRPC_ADMIN_ONLY),
    ("admin.SetOrgSetting", lambda ch, w, md: _unary(admin_pb2_grpc.AdminServiceStub(ch["admin"]).SetOrgSetting(
        admin_pb2.SetOrgSettingRequest(settings=admin_pb2.OrgSettings(new_user_admin=False)), metadata=md,
        timeout=30)), GRPC_ADMIN_ONLY),
    ("admin.ListInvitations", lambda ch, w, md: _unary(admin_pb2_grpc.AdminServiceStub(ch["admin"]).ListInvitations(
        admin_pb2.ListInvitationsRequest(), metadata=md, timeout=30)), GRPC_ADMIN_ONLY),
    ("admin.EmbeddedUserLogin", lambda ch, w, md: _unary(
        admin_pb2_grpc.AdminServiceStub(ch["admin"]).EmbeddedUserLogin(
            admin_pb2.EmbeddedUserLoginRequest(user_id=w.emails["user"]), metadata=md, timeout=30)), GRPC_ADMIN_ONLY),
    ("admin.GetGroups", lambda ch, w, md: _unary(admin_pb2_grpc.AdminServiceStub(ch["admin"]).GetGroups(
        admin_pb2.GetGroupsRequest(), metadata=md, timeout=30)), GRPC_DATA_MODEL),
    ("auth.ListUsers", lambda ch, w, md: _unary(auth_pb2_grpc.AuthServiceStub(ch["auth"]).ListUsers(auth_pb2.ListUsersRequest(), metadata=md, timeout=30)), GRPC_ADMIN_ONLY),
    ("auth.SetUserRole", lambda ch, w, md: _unary(auth_pb2_grpc.AuthServiceStub(ch["auth"]).SetUserRole(
        auth_pb2.SetUserRoleRequest(email=w.emails["user"], role="user"), metadata=md, timeout=30)),
     GRPC_ADMIN_ONLY),
    ("knowledge.TestConnection", lambda ch, w, md: _unary(
        knowledge_pb2_grpc.KnowledgeServiceStub(ch["knowledge"]).TestConnection(
            knowledge_pb2.TestConnectionRequest(connection_id="demo"), metadata=md, timeout=60)), GRPC_ADMIN_ONLY),
    ("knowledge.AddDocToGroup", lambda ch, w, md: _unary(
        knowledge_pb2_grpc.KnowledgeServiceStub(ch["knowledge"]).AddDocToGroup(
            knowledge_pb2.AddDocToGroupRequest(doc_id=DOC, group=DOC_GROUP), metadata=md, timeout=30)), GRPC_DATA_MODEL),
    ("knowledge.ListTables", lambda ch, w, md: _unary(
        knowledge_pb2_grpc.KnowledgeServiceStub(ch["knowledge"]).ListTables(
            knowledge_pb2.ListTablesRequest(lite=True), metadata=md, timeout=30)),
     {"admin": OK, "modeler": OK, "user": OK}),
    ("conversation.ExportHistory", lambda ch, w, md: _stream(
        conversation_pb2_grpc.ConversationServiceStub(ch["conversation"]).ExportHistory(
            conversation_pb2.ExportHistoryRequest(format="json"), metadata=md, timeout=60)), GRPC_DATA_MODEL),
]


@pytest.mark.parametrize(("name", "call", "expect"), GRPC_MATRIX, ids=[n for n, _, _ in GRPC_MATRIX])
async def test_services_enforce_the_role_matrix_themselves(world: World, name: str, call: GrpcCall,
                                                           expect: dict[str, grpc.StatusCode]) -> None:
    addresses = {n: world.stack.settings.address(n) for n in ("auth", "admin", "knowledge", "conversation")}
    channels = {n: grpc.aio.insecure_channel(a) for n, a in addresses.items()}
    try:
        for caller, code in expect.items():
            md = (("authorization", f"Bearer {world.tokens[caller]}"),)
            try:
                await call(channels, world, md)
                got = OK
            except grpc.aio.AioRpcError as exc:
                got = exc.code()
            assert got == code, f"{name} as {caller}: {got}"
    finally:
        for ch in channels.values():
            await ch.close()


# ---- user lifecycle rules -------------------------------------------------------------------


USER_FIELDS = {"email", "realname", "role", "groups", "status", "created_at", "last_active_at"}


def test_get_users_lists_fields_and_statuses(world: World) -> None:
    invited = fresh_email("invited")
    assert world.admin.post("/api/send_invitations", json={"emails": [invited]}).status_code == 200
    users = {u["email"]: u for u in world.admin.get("/api/get_users").json()}
    assert all(USER_FIELDS <= set(u) for u in users.values())
    me = users[ADMIN_EMAIL]
    assert me["role"] == "admin" and me["status"] == "active" and me["last_active_at"] and me["created_at"]
    assert users[invited]["status"] == "invited" and users[invited]["last_active_at"] is None
    assert users[world.emails["modeler"]]["role"] == "modeler"
    assert {u["status"] for u in users.values()} <= {"active", "invited"}


def test_create_user_defaults_and_login(world: World) -> None:
    email = fresh_email("new")
    r = world.admin.post("/api/create_user", json={"email": email.upper(), "password": "new-user-pass-1",
                                                   "realname": "New Person"})
    assert r.status_code == 200, r.text
    u = r.json()
    assert (u["email"], u["role"], u["groups"], u["status"], u["realname"]) == \
        (email, "user", ["all_users"], "active", "New Person")
    assert world.stack.login(email, "new-user-pass-1")
    r = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                   "realname": "M", "role": "modeler"})
    assert r.json()["role"] == "modeler"


@pytest.mark.parametrize(("body", "status"), [
    ({"email": "{fresh}", "password": "good-pass-1", "realname": "R", "role": "superuser"}, 422),
    ({"email": "{fresh}", "password": "good-pass-1", "realname": "R", "role": "viewer"}, 422),
    ({"email": "not-an-email", "password": "good-pass-1", "realname": "R"}, 422),
    ({"email": "two@@example.com", "password": "good-pass-1", "realname": "R"}, 422),
    ({"email": "{fresh}", "password": "short", "realname": "R"}, 422),
    ({"email": "{fresh}", "realname": "R"}, 422),
    ({"email": ADMIN_EMAIL, "password": "good-pass-1", "realname": "R"}, 409),
    ({"email": ADMIN_EMAIL.upper(), "password": "good-pass-1", "realname": "R"}, 409),
])
def test_create_user_validation(world: World, body: dict[str, str], status: int) -> None:
    body = {k: (fresh_email() if v == "{fresh}" else v) for k, v in body.items()}
    r = world.admin.post("/api/create_user", json=body)
    assert r.status_code == status, r.text
    if status == 409:
        assert "already exists" in r.json()["detail"]


def test_change_user_role_rules(world: World) -> None:
    email = world.victim("admin")
    assert world.admin.post("/api/change_user_role", json={"email": email, "role": "boss"}).status_code == 422
    assert world.admin.post("/api/change_user_role", json={"email": fresh_email(), "role": "user"}).status_code == 404
    for role in ("modeler", "admin", "user"):
        r = world.admin.post("/api/change_user_role", json={"email": email, "role": role})
        assert r.status_code == 200 and r.json()["role"] == role
    users = {u["email"]: u for u in world.admin.get("/api/get_users").json()}
    assert users[email]["role"] == "user"


def test_last_admin_can_be_neither_deleted_nor_demoted(world: World) -> None:
    others = [u["email"] for u in world.admin.get("/api/get_users").json()
              if u["role"] == "admin" and u["status"] == "active" and u["email"] != ADMIN_EMAIL]
    try:
        for email in others:
            r = world.admin.post("/api/change_user_role", json={"email": email, "role": "modeler"})
            assert r.status_code == 200, r.text
        r = world.admin.post("/api/delete_user", json={"email": ADMIN_EMAIL})
        assert r.status_code == 409 and "last admin" in r.json()["detail"]
        for role in ("modeler", "user"):
            r = world.admin.post("/api/change_user_role", json={"email": ADMIN_EMAIL, "role": role})
            assert r.status_code == 409 and "last admin" in r.json()["detail"]
        assert world.admin.get("/api/auth/me").json()["role"] == "admin"
    finally:
        for email in others:
            world.admin.post("/api/change_user_role", json={"email": email, "role": "admin"})


def test_delete_user_revokes_at_once_and_keeps_their_chats(world: World) -> None:
    stack = world.stack
    email, token = stack.create_user("user")
    chat_id = "deleted-user-" + uuid.uuid4().hex[:8]
    with stack.client(token) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many orders are there?"}],
                                         "chat_id": chat_id})
        assert r.status_code == 200, r.text
    assert world.admin.post("/api/delete_user", json={"email": fresh_email()}).status_code == 404
    assert world.admin.post("/api/delete_user", json={"email": email}).status_code == 200
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": token}).status_code == 401
    assert email not in {u["email"] for u in world.admin.get("/api/get_users").json()}
    assert world.admin.post("/api/delete_user", json={"email": email}).status_code == 404
    exported = {c["chat_id"]: c for c in world.admin.get("/api/export_history").json()}
    assert exported[chat_id]["email"] == email and exported[chat_id]["messages"]
    rows = list(csv.DictReader(io.StringIO(world.admin.get("/api/export_history", params={"format": "csv"}).text)))
    assert any(r["chat_id"] == chat_id and r["email"] == email for r in rows)


def test_groups_lifecycle(world: World) -> None:
    email = world.victim("admin")
    group = "team-" + uuid.uuid4().hex[:6]
    r = world.admin.post("/api/add_user_to_group", json={"email": email, "group": group})
    assert r.status_code == 200 and r.json()["groups"] == ["all_users", group]
    assert world.admin.post("/api/add_user_to_group", json={"email": email, "group": group}).json()["groups"] == \
        ["all_users", group]  # idempotent
    groups = {g["name"]: g["members"] for g in world.admin.get("/api/get_groups").json()}
    assert groups[group] == [email] and email in groups["all_users"]
    r = world.admin.post("/api/remove_user_from_group", json={"email": email, "group": group})
    assert r.status_code == 200 and r.json()["groups"] == ["all_users"]
    r = world.admin.post("/api/remove_user_from_group", json={"email": email, "group": group})
    assert r.status_code == 404 and "not in group" in r.json()["detail"]
    r = world.admin.post("/api/remove_user_from_group", json={"email": email, "group": "no-such-" + group})
    assert r.status_code == 404 and "not found" in r.json()["detail"]
    ghost = fresh_email("ghost")
    assert world.admin.post("/api/add_user_to_group", json={"email": ghost, "group": group}).status_code == 404
    assert world.admin.post("/api/remove_user_from_group", json={"email": ghost, "group": group}).status_code == 404
    assert world.admin.post("/api/add_user_to_group", json={"email": email, "group": "bad/name"}).status_code == 422
    assert group in {g["name"] for g in world.admin.get("/api/get_groups").json()}  # kept, now empty


def test_new_user_group_setting(world: World) -> None:
    team = "newcomers-" + uuid.uuid4().hex[:6]
    try:
        r = world.admin.post("/api/set_new_user_group", json={"value": team})
        assert r.status_code == 200 and r.json()["settings"]["new_user_group"] == team
        u = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                       "realname": "A"}).json()
        assert u["groups"] == [team]
        r = world.admin.post("/api/set_new_user_group", json={"value": None})
        assert r.status_code == 200 and r.json()["settings"]["new_user_group"] is None
        u = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                       "realname": "B"}).json()
        assert u["groups"] == []
        assert world.admin.post("/api/set_new_user_group", json={"value": "  "}).status_code == 422
    finally:
        assert world.admin.post("/api/set_new_user_group", json={"value": "all_users"}).status_code == 200
    u = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                   "realname": "C"}).json()
    assert u["groups"] == ["all_users"]


def test_org_settings(world: World) -> None:
    org = world.admin.get("/api/org").json()
    assert org["id"] and org["name"]
    s = org["settings"]
    assert {"disable_embedded_login", "new_user_group", "new_user_admin", "disable_password_login",
            "modeler_can_sync"} <= set(s)
    for bad in ({"value": "maybe"}, {"value": None}, {}):
        assert world.admin.post("/api/set_disable_embedded_login", json=bad).status_code == 422
    r = world.admin.post("/api/set_disable_embedded_login", json={"value": True})
    assert r.status_code == 200 and r.json()["settings"]["disable_embedded_login"] is True
    assert world.admin.get("/api/org").json()["settings"]["disable_embedded_login"] is True
    r = world.admin.post("/api/set_disable_embedded_login", json={"value": False})
    assert r.json()["settings"]["disable_embedded_login"] is False
    seen = httpx.get(f"{world.stack.url}/api/org", headers=world.headers("user")).json()
    assert seen["id"] == org["id"] and isinstance(seen["settings"], dict)


def test_new_user_admin_setting_makes_admins(world: World) -> None:
    try:
        assert world.admin.post("/api/set_new_user_admin", json={"value": True}).status_code == 200
        u = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                       "realname": "D"}).json()
        assert u["role"] == "admin"
        explicit = world.admin.post("/api/create_user", json={"email": fresh_email(), "password": "pass-word-1",
                                                              "realname": "E", "role": "user"}).json()
        assert explicit["role"] == "user"
    finally:
        assert world.admin.post("/api/set_new_user_admin", json={"value": False}).status_code == 200
    assert world.admin.get("/api/org").json()["settings"]["new_user_admin"] is False
