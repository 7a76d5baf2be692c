"""Embedded (SSO-less) login: the org setting, the 24 h token for a user, its credential forms, and
``active_groups`` narrowing data access (GET /api/tables and /api/agentic on a group-restricted
demo table)."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest

from dot.v1 import admin_pb2, admin_pb2_grpc
from services.admin.app import build as build_admin
from services.common.config import Settings
from tests.support.stack import Stack

TABLE = "demo.main.regions"


def claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@pytest.fixture(scope="module")
def admin(stack: Stack) -> Iterator[httpx.Client]:
    """The admin's client with embedded login allowed for this module (restored to the default after)."""
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
        try:
            yield c
        finally:
            c.post("/api/set_disable_embedded_login", json={"value": True})


def mint(admin: httpx.Client, user_id: str, active_groups: Any = None) -> httpx.Response:
    body: dict[str, Any] = {"user_id": user_id}
    if active_groups is not None:
        body["active_groups"] = active_groups
    return admin.post("/api/auth/embedded_user_login", json=body)


# ---- the org setting ----------------------------------------------------------------------


@pytest.fixture
async def fresh_admin_service(stack: Stack, tmp_path: Path) -> AsyncIterator[admin_pb2_grpc.AdminServiceStub]:
    """A second admin service with its own empty store (a new org's settings), using the stack's auth."""
    settings = dataclasses.replace(stack.settings, data_dir=tmp_path, addresses={
        "auth": stack.settings.address("auth")})
    server, port, store, clients = await build_admin(settings, "127.0.0.1:0")
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
            yield admin_pb2_grpc.AdminServiceStub(ch)
    finally:
        await server.stop(None)
        await clients.close()
        await store.dispose()


async def test_embedded_login_is_off_by_default(stack: Stack, fresh_admin_service: admin_pb2_grpc.AdminServiceStub,
                                                admin: httpx.Client) -> None:
    md = (("authorization", f"Bearer {stack.admin_token}"),)
    r = await fresh_admin_service.GetOrg(admin_pb2.GetOrgRequest(), metadata=md, timeout=10)
    assert r.org.settings.HasField("disable_embedded_login") and r.org.settings.disable_embedded_login is True
    email, _ = stack.create_user("user")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await fresh_admin_service.EmbeddedUserLogin(admin_pb2.EmbeddedUserLoginRequest(user_id=email), metadata=md,
                                                    timeout=10)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "embedded login is disabled" in json.loads(err.value.details())["detail"]


def test_setting_gates_minting(stack: Stack, admin: httpx.Client) -> None:
    email, _ = stack.create_user("user")
    try:
        assert admin.post("/api/set_disable_embedded_login", json={"value": True}).status_code == 200
        r = mint(admin, email)
        assert r.status_code == 403
        assert "embedded login is disabled" in r.json()["detail"] and "set_disable_embedded_login" in r.json()["detail"]
    finally:
        assert admin.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
    assert mint(admin, email).status_code == 200


# ---- the token ----------------------------------------------------------------------------------


def test_token_for_a_user_by_email_or_id_valid_24h(stack: Stack, admin: httpx.Client) -> None:
    email, token = stack.create_user("user")
    user_id = httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": token}).json()["user_id"]
    for ref in (email, email.upper(), user_id):
        r = mint(admin, ref)
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"access_token", "token_type", "expires_at"} and body["token_type"] == "bearer"
        tok = body["access_token"]
        assert not tok.startswith("dot-")
        c = claims(tok)
        assert c["sub"] == email and c["user_id"] == user_id and c["org_id"] and c["typ"] == "embedded"
        expires = datetime.fromisoformat(body["expires_at"]).timestamp()
        assert expires == c["exp"] and abs(expires - (time.time() + 24 * 3600)) < 120


def test_token_works_as_bearer_cookie_and_api_key(stack: Stack, admin: httpx.Client) -> None:
    email, _ = stack.create_user("user")
    tok = mint(admin, email).json()["access_token"]
    for headers in ({"Authorization": f"Bearer {tok}"}, {"Cookie": f"Authorization=Bearer {tok}"},
                    {"Cookie": f"Authorization={tok}"}, {"API-KEY": tok}, {"X-API-KEY": tok}):
        r = httpx.get(f"{stack.url}/api/auth/me", headers=headers)
        assert r.status_code == 200, (headers.keys(), r.text)
        assert r.json()["email"] == email and r.json()["token_type"] == "embedded" and r.json()["expires_at"]


def test_mint_refusals(stack: Stack, admin: httpx.Client) -> None:
    email, _ = stack.create_user("user")
    r = mint(admin, email, ["all_users", "finance-" + uuid.uuid4().hex[:4]])
    assert r.status_code == 422 and "not assigned" in r.json()["detail"]
    assert mint(admin, f"ghost-{uuid.uuid4().hex[:6]}@example.com").status_code == 404
    invited = f"invited-{uuid.uuid4().hex[:6]}@example.com"
    assert admin.post("/api/send_invitations", json={"emails": [invited]}).status_code == 200
    assert mint(admin, invited).status_code == 409
    assert admin.post("/api/auth/embedded_user_login", json={}).status_code == 422


def test_embedded_session_cannot_mint_credentials(stack: Stack, admin: httpx.Client) -> None:
    """Even an admin's embedded session cannot mint further tokens of any kind."""
    email, _ = stack.create_user("admin")
    emb = {"Authorization": f"Bearer {mint(admin, email).json()['access_token']}"}
    with httpx.Client(base_url=stack.url, headers=emb, timeout=30) as c:
        assert c.get("/api/auth/me").json()["role"] == "admin"
        assert c.post("/api/auth/embedded_user_login", json={"user_id": email}).status_code == 403
        assert c.post("/api/api_tokens", json={"name": "escalate"}).status_code == 403
        assert c.post("/api/get_api_token", json={"user_id": email}).status_code == 403


def test_comma_separated_active_groups(stack: Stack, admin: httpx.Client) -> None:
    group = "cs-" + uuid.uuid4().hex[:6]
    email, _ = stack.create_user("user", groups=[group])
    r = mint(admin, email, f"all_users, {group}")
    assert r.status_code == 200, r.text
    assert claims(r.json()["access_token"])["active_groups"] == ["all_users", group]
    me = httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": r.json()["access_token"]}).json()
    assert me["active_groups"] == ["all_users", group]


# ---- active_groups narrow data access ------------------------------------------------------------


@pytest.fixture
def restricted(stack: Stack, admin: httpx.Client) -> Iterator[tuple[str, str, str]]:
    """A user in all_users + a private group; the demo ``regions`` table only in the private group."""
    group = "regional-" + uuid.uuid4().hex[:6]
    email, token = stack.create_user("user", groups=[group])
    admin.get("/api/tables")  # the demo data is created on the org's first knowledge call
    assert admin.post("/api/add_doc_to_group", json={"doc_id": TABLE, "group": group}).status_code == 200
    assert admin.post("/api/remove_doc_from_group", json={"doc_id": TABLE, "group": "all_users"}).status_code == 200
    try:
        yield email, token, group
    finally:
        admin.post("/api/add_doc_to_group", json={"doc_id": TABLE, "group": "all_users"})
        admin.post("/api/remove_doc_from_group", json={"doc_id": TABLE, "group": group})


def table_ids(stack: Stack, token: str) -> set[str]:
    r = httpx.get(f"{stack.url}/api/tables", params={"lite": True}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return {t["id"] for t in r.json()}


def ask(stack: Stack, token: str, question: str) -> list[str]:
    """The SQL of every dataframe in the answer."""
    r = httpx.post(f"{stack.url}/api/agentic", headers={"Authorization": f"Bearer {token}"}, timeout=120,
                   json={"messages": [{"role": "user", "content": question}], "chat_id": "emb-" + uuid.uuid4().hex[:8]})
    assert r.status_code == 200, r.text
    assets = r.json()[-1]["additional_data"].get("assets", {})
    return [a.get("sql_query", "") for a in assets.values() if isinstance(a, dict)]


def test_active_groups_narrow_tables_and_answers(stack: Stack, admin: httpx.Client,
                                                 restricted: tuple[str, str, str]) -> None:
    email, own_token, group = restricted
    only_private = mint(admin, email, [group]).json()["access_token"]
    only_all = mint(admin, email, ["all_users"]).json()["access_token"]
    unnarrowed = mint(admin, email).json()["access_token"]

    assert table_ids(stack, only_private) == {TABLE}
    everyone = table_ids(stack, only_all)
    assert TABLE not in everyone and "demo.main.customers" in everyone
    assert {TABLE, "demo.main.customers"} <= table_ids(stack, unnarrowed)
    assert {TABLE, "demo.main.customers"} <= table_ids(stack, own_token)  # the user's own token is not narrowed

    r = httpx.get(f"{stack.url}/api/tables/{TABLE}", headers={"API-KEY": only_all})
    assert r.status_code == 404
    assert httpx.get(f"{stack.url}/api/tables/{TABLE}", headers={"API-KEY": only_private}).status_code == 200

    mentions_regions = re.compile(r"\bregions\b", re.IGNORECASE)
    private_sql = ask(stack, only_private, "How many regions are there?")
    assert private_sql and any(mentions_regions.search(s) for s in private_sql), private_sql
    assert not any(mentions_regions.search(s) for s in ask(stack, only_all, "How many regions are there?"))
    customers_sql = ask(stack, only_all, "How many customers are there?")
    assert customers_sql and all("customers" in s.lower() for s in customers_sql)


def test_leaving_a_narrowed_group_ends_that_token_on_the_next_request(stack: Stack, admin: httpx.Client,
                                                                      restricted: tuple[str, str, str]) -> None:
    email, _, group = restricted
    only_private = mint(admin, email, [group]).json()["access_token"]
    only_all = mint(admin, email, ["all_users"]).json()["access_token"]
    assert table_ids(stack, only_private) == {TABLE}
    assert admin.post("/api/remove_user_from_group", json={"email": email, "group": group}).status_code == 200
    r = httpx.get(f"{stack.url}/api/tables", headers={"API-KEY": only_private})
    assert r.status_code == 401 and "active groups" in r.json()["detail"]
    assert TABLE not in table_ids(stack, only_all)


def test_embedded_token_dies_with_its_user(stack: Stack, admin: httpx.Client) -> None:
    email, _ = stack.create_user("user")
    tok = mint(admin, email).json()["access_token"]
    for _ in range(2):
        assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": tok}).status_code == 200
    assert admin.post("/api/delete_user", json={"email": email}).status_code == 200
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": tok}).status_code == 401


# ---- the org's switch and token management (issue 10, finding 3) ------------------------------


def test_disabling_embedded_login_ends_live_tokens_on_the_next_request(stack: Stack, admin: httpx.Client) -> None:
    """Today's finding: an issued embedded token kept working for up to 24 h after the switch."""
    email, api_token = stack.create_user("user")
    tok = mint(admin, email).json()["access_token"]
    for _ in range(2):  # the second answer comes from the gateway's credential cache
        assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": tok}).status_code == 200
    try:
        assert admin.post("/api/set_disable_embedded_login", json={"value": True}).status_code == 200
        for headers in ({"API-KEY": tok}, {"Authorization": f"Bearer {tok}"}, {"Cookie": f"Authorization={tok}"}):
            r = httpx.get(f"{stack.url}/api/auth/me", headers=headers)
            assert r.status_code == 401 and "embedded login has been disabled" in r.json()["detail"], r.text
    finally:
        assert admin.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
    # Allowing embedded login again does not revive tokens cut by the switch; new ones work,
    # and the user's own credentials were never affected.
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": tok}).status_code == 401
    fresh = mint(admin, email).json()["access_token"]
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": fresh}).status_code == 200
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": api_token}).status_code == 200


def test_embedded_session_cannot_list_or_revoke_api_tokens(stack: Stack, admin: httpx.Client) -> None:
    """Today's finding: an embedded session could list and revoke the user's long-lived API tokens."""
    email, api_token = stack.create_user("admin")
    own = httpx.get(f"{stack.url}/api/api_tokens", headers={"API-KEY": api_token}).json()
    assert own, "the user has an API token to protect"
    emb = {"Authorization": f"Bearer {mint(admin, email).json()['access_token']}"}
    with httpx.Client(base_url=stack.url, headers=emb, timeout=30) as c:
        r = c.get("/api/api_tokens")
        assert r.status_code == 403 and "embedded sessions cannot" in r.json()["detail"]
        assert c.delete(f"/api/api_tokens/{own[0]['id']}").status_code == 403
        assert c.post("/api/api_tokens", json={"name": "escalate"}).status_code == 403
        assert c.get("/cli-auth", params={"port": 8765, "state": "s"}).status_code == 200  # a page, nothing minted
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": api_token}).status_code == 200
