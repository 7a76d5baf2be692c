"""End to end over real HTTP against the real processes, as ``make run`` starts them."""

from __future__ import annotations

import base64
import json

import httpx

from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack


def _payload(token: str) -> dict:
    body = token.removeprefix("dot-").split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_newcomer_flow_token_then_me(stack: Stack) -> None:
    session = stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    r = httpx.post(f"{stack.url}/api/api_tokens", headers={"Authorization": f"Bearer {session}"},
                   json={"name": "ci", "description": "newcomer", "expires_in_days": 30})
    assert r.status_code == 201
    token = r.json()["token"]
    assert token.startswith("dot-")
    claims = _payload(token)
    assert claims["sub"] == ADMIN_EMAIL and claims["org_id"] and claims["user_id"] and claims["jti"]
    assert isinstance(claims["exp"], int)
    me = httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": token}).json()
    assert me["email"] == ADMIN_EMAIL and me["role"] == "admin" and "all_users" in me["groups"]
    assert me["name"] == "ci" and me["expires_at"]
    listed = httpx.get(f"{stack.url}/api/api_tokens", headers={"X-API-KEY": token}).json()
    assert any(t["name"] == "ci" for t in listed)
    assert all("token" not in t for t in listed)


def test_healthz_reports_every_backend(stack: Stack) -> None:
    r = httpx.get(f"{stack.url}/healthz")
    assert r.status_code == 200
    assert r.json()["backends"] == {n: "SERVING" for n in ("auth", "admin", "knowledge", "conversation")}


def test_openapi_and_docs_served(stack: Stack) -> None:
    spec = httpx.get(f"{stack.url}/openapi.json").json()
    assert "/api/agentic" in spec["paths"] and "/api/auth/me" in spec["paths"]
    assert httpx.get(f"{stack.url}/docs").status_code == 200
    assert httpx.get(f"{stack.url}/redoc").status_code == 200


def test_demo_data_answers_a_first_question(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many customers are there?"}],
                                         "chat_id": "e2e-first-question"})
        assert r.status_code == 200, r.text
        conv = r.json()
        assert isinstance(conv, list) and conv[-1]["role"] == "assistant"
        data = conv[-1]["additional_data"]
        df_keys = [p["data"] for p in data["formatted_result"] if p["type"] == "dataframe"]
        assert df_keys, data
        df = data["assets"][df_keys[0]]
        csv = c.get(df["csv_download_url"])
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        rows = csv.text.strip().splitlines()
        assert len(rows) == 2 and int(float(rows[1])) > 0
