"""The MCP server at /ai/mcp, driven through the running server by the official MCP SDK's own client."""

from __future__ import annotations

import base64
import csv
import io
import time
import uuid
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import EmbeddedResource, ImageContent, TextContent

from tests.support.stack import Stack

pytestmark = pytest.mark.asyncio


def _client(stack: Stack, token: str, header: str = "X-API-KEY") -> Client:
    http = httpx2.AsyncClient(headers={header: token}, timeout=httpx2.Timeout(60.0))
    return Client(streamable_http_client(f"{stack.url}/ai/mcp", http_client=http))


def _texts(result: Any) -> str:
    return "\n".join(b.text for b in result.content if isinstance(b, TextContent))


async def _answer(client: Client, question: str, chat_id: str | None = None) -> tuple[str, Any]:
    args = {"question": question, "connection_id": "demo"} | ({"chat_id": chat_id} if chat_id else {})
    started = await client.call_tool("ask_dot", args)
    assert not started.is_error, _texts(started)
    cid = _texts(started).split("chat_id: ", 1)[1].split()[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        result = await client.call_tool("get_result", {"chat_id": cid})
        if _texts(result) != "Still processing":
            return cid, result
        await client.call_tool("wait", {"seconds": 0.2})
    raise AssertionError("the answer never finished")


async def test_tools_are_dots_four_and_catalog_is_instant(stack: Stack) -> None:
    async with _client(stack, stack.admin_token) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert names == {"get_catalog", "ask_dot", "get_result", "wait"}
        t0 = time.monotonic()
        catalog = await client.call_tool("get_catalog", {})
        assert not catalog.is_error and time.monotonic() - t0 < 5
        assert "orders" in _texts(catalog)  # the demo warehouse's tables


async def test_ask_then_poll_returns_text_csv_and_chart_blocks(stack: Stack) -> None:
    async with _client(stack, stack.admin_token, header="API-KEY") as client:
        cid, result = await _answer(client, "How many orders per region?")
    text = _texts(result)
    assert "region" in text.lower()
    csv_blocks = [b for b in result.content if isinstance(b, EmbeddedResource)]
    assert len(csv_blocks) == 1 and csv_blocks[0].resource.mime_type == "text/csv"
    rows = list(csv.reader(io.StringIO(csv_blocks[0].resource.text)))
    assert len(rows) == 1 + 4  # header + the demo's four regions
    # the same rows the HTTP API gives for that chat
    with stack.client(stack.admin_token) as c:
        chat = c.get(f"/api/c2/{cid}").json()
    url = chat["messages"][-1]["additional_data"]["assets"]
    df = next(v for v in url.values() if "csv_download_url" in v)
    assert csv_blocks[0].resource.uri.startswith("http") and str(csv_blocks[0].resource.uri) == df["csv_download_url"]
    images = [b for b in result.content if isinstance(b, ImageContent)]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    assert base64.b64decode(images[0].data)[:8] == b"\x89PNG\r\n\x1a\n"


async def test_follow_up_continues_the_chat_and_unknown_chat_is_not_found(stack: Stack) -> None:
    async with _client(stack, stack.admin_token) as client:
        cid, _ = await _answer(client, "How many customers are there?")
        same, _ = await _answer(client, "and per segment?", chat_id=cid)
        assert same == cid
        missing = await client.call_tool("get_result", {"chat_id": f"nope-{uuid.uuid4().hex}"})
        assert _texts(missing) == "Chat not found"
    with stack.client(stack.admin_token) as c:
        assert c.get(f"/api/c2/{cid}").json()["messages"][-2]["content"] == "and per segment?"


async def test_mcp_token_is_accepted_only_by_mcp_and_one_is_active_per_user(stack: Stack) -> None:
    email, token = stack.create_user("user")
    with stack.client(token) as c:
        first = c.post("/api/mcp_token")
        assert first.status_code == 201, first.text
        mcp_token = first.json()["token"]
        assert mcp_token.startswith("dot-") and first.json()["expires_at"]
        # refused everywhere but /ai/mcp
        with stack.client(mcp_token, header="X-API-KEY") as m:
            r = m.get("/api/auth/me")
            assert r.status_code == 403 and "MCP" in r.json()["detail"]
            assert m.post("/api/api_tokens", json={"name": "escalate"}).status_code == 403
    async with _client(stack, mcp_token) as client:
        catalog = await client.call_tool("get_catalog", {})
        assert not catalog.is_error
    with stack.client(token) as c:
        second = c.post("/api/mcp_token").json()["token"]
    # the first MCP token was revoked by the second
    r = httpx.post(f"{stack.url}/ai/mcp", headers={"X-API-KEY": mcp_token, "Accept": "application/json, text/event-stream"},
                   json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, timeout=30)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    async with _client(stack, second) as client:
        assert not (await client.call_tool("get_catalog", {})).is_error


async def test_mcp_refuses_missing_and_bad_credentials_and_embedded_sessions(stack: Stack) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    accept = {"Accept": "application/json, text/event-stream"}
    r = httpx.post(f"{stack.url}/ai/mcp", json=body, headers=accept, timeout=30)
    assert r.status_code == 401 and "X-API-KEY" in r.json()["detail"]
    r = httpx.post(f"{stack.url}/ai/mcp", json=body, headers=accept | {"X-API-KEY": "dot-not-a-token"}, timeout=30)
    assert r.status_code == 401 and r.json()["detail"]
    email, _ = stack.create_user("user")
    with stack.client(stack.admin_token) as admin:
        assert admin.post("/api/set_disable_embedded_login", json={"value": False}).status_code == 200
        try:
            minted = admin.post("/api/auth/embedded_user_login", json={"user_id": email})
            assert minted.status_code == 200, minted.text
            embedded = {"Authorization": f"Bearer {minted.json()['access_token']}"}
            assert httpx.get(f"{stack.url}/api/auth/me", headers=embedded, timeout=30).status_code == 200
            r = httpx.post(f"{stack.url}/ai/mcp", json=body, headers=accept | embedded, timeout=30)
            assert r.status_code == 403 and "embedded" in r.json()["detail"]
        finally:
            admin.post("/api/set_disable_embedded_login", json={"value": True})


async def test_a_user_sees_only_their_own_chats_through_mcp(stack: Stack) -> None:
    _, alice = stack.create_user("user")
    _, bob = stack.create_user("user")
    async with _client(stack, alice) as client:
        cid, _ = await _answer(client, "How many products are there?")
    async with _client(stack, bob) as client:
        r = await client.call_tool("get_result", {"chat_id": cid})
        assert _texts(r) == "Chat not found"
