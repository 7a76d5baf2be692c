"""Identity over time, on a stack with a 2 s internal principal lifetime (``DOT_INTERNAL_TTL_S``) and a
300 ms gRPC keepalive (``DOT_GRPC_KEEPALIVE_MS``): an answer that outlives its principal keeps a valid
identity (refreshed from auth) unless the asker's token is revoked meanwhile, and the gateway's
invalidation stream survives keepalive pings (no GOAWAY ``too_many_pings``, no cache reset)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.scripted_llm import ScriptedLLM, answer, call, slow, tool_calls
from tests.support.stack import Stack, start_stack

TTL_S = 2
KEEPALIVE_MS = 300


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


@pytest.fixture(scope="module")
def short_stack(tmp_path_factory: pytest.TempPathFactory, llm: ScriptedLLM) -> Iterator[Stack]:
    s = start_stack(tmp_path_factory.mktemp("short-ttl"), {
        "DOT_LLM_BASE_URL": llm.base_url, "DOT_LLM_MODEL": "scripted", "DOT_LLM_API_KEY": "sk-test",
        "DOT_INTERNAL_TTL_S": str(TTL_S), "DOT_GRPC_KEEPALIVE_MS": str(KEEPALIVE_MS)})
    try:
        with s.client(s.admin_token) as c:
            assert c.get("/api/connections").status_code == 200  # creates the demo data
        yield s
    finally:
        s.stop()


def ask(stack: Stack, token: str, question: str) -> dict[str, Any]:
    with stack.client(token, timeout=120) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}],
                                         "chat_id": f"long-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 200, r.text
    return dict(r.json()[-1])


def test_an_answer_outliving_its_principal_keeps_a_valid_identity(short_stack: Stack, llm: ScriptedLLM) -> None:
    llm.add(
        tool_calls(call("run_sql", sql="SELECT count(*) AS n FROM customers", title="Customers")),
        # The model thinks for 3 lifetimes of the principal before its second query.
        slow(3 * TTL_S, tool_calls(call("run_sql", sql="SELECT count(*) AS n FROM orders", title="Orders"))),
        answer("Counted customers and orders."),
    )
    started = time.monotonic()
    last = ask(short_stack, short_stack.admin_token, "How many customers and orders?")
    assert time.monotonic() - started > 3 * TTL_S
    assert "Counted customers and orders." in last["content"], last["content"]
    # The second query ran with a refreshed identity: its rows went back to the model and into the answer.
    tool_results = [m["content"] for m in llm.requests[-1].tool_messages()]
    assert len(tool_results) == 2 and all("row_count: 1" in t for t in tool_results), tool_results
    assert [a["sql_query"] for a in last["additional_data"]["assets"].values()] == [
        "SELECT COUNT(*) AS n FROM main.orders"]


def test_a_long_answer_stops_once_the_askers_token_is_revoked(short_stack: Stack, llm: ScriptedLLM) -> None:
    _, token = short_stack.create_user("user")
    llm.add(
        tool_calls(call("run_sql", sql="SELECT count(*) AS n FROM customers", title="Customers")),
        slow(3 * TTL_S, tool_calls(call("run_sql", sql="SELECT count(*) AS n FROM orders", title="Orders"))),
        answer("Counted customers and orders."),
    )
    seen = len(llm.requests)
    result: dict[str, Any] = {}
    asking = threading.Thread(target=lambda: result.update(ask(short_stack, token, "Customers and orders?")))
    asking.start()
    deadline = time.monotonic() + 30
    while len(llm.requests) < seen + 2 and time.monotonic() < deadline:  # the model is now "thinking"
        time.sleep(0.05)
    with short_stack.client(token) as c:
        tid = next(t["id"] for t in c.get("/api/api_tokens").json() if t["name"] == "user token")
        assert c.delete(f"/api/api_tokens/{tid}").status_code in (200, 204)
    asking.join(60)
    assert result, "the answer did not come back"
    # The second query never ran under the revoked identity, and the answer says why.
    assert not any("orders" in a["sql_query"] for a in result["additional_data"].get("assets", {}).values())
    assert "revoked" in result["content"], result["content"]


def test_invalidation_stream_survives_keepalive_pings(short_stack: Stack) -> None:
    def cache() -> dict[str, Any]:
        r = httpx.get(short_stack.url + "/healthz", timeout=30)
        assert r.status_code == 200, r.text
        return dict(r.json()["credential_cache"])

    before = cache()
    assert before["stream_connected"] and before["stream_resets"] == 0
    with short_stack.client(short_stack.admin_token) as c:
        for _ in range(3):
            assert c.get("/api/auth/me").status_code == 200
    time.sleep(20 * KEEPALIVE_MS / 1000)  # ~20 keepalive pings on the otherwise quiet stream
    after = cache()
    assert after["stream_connected"] and after["stream_resets"] == 0, after
    assert after["stream_connects"] == before["stream_connects"] == 1, after
    assert after["hits"] >= before["hits"] + 2 and after["entries"] >= 1, (before, after)
