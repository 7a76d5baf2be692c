"""The LLM agent inside the real server, against a scripted OpenAI-compatible endpoint over real
HTTP: tool calls reach the knowledge service's guard, malicious SQL is refused and nothing changes."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scripted_llm import ScriptedLLM, answer, call, slow, tool_calls
from tests.support.stack import Stack, start_stack

ATTACKS = [
    ("DROP TABLE customers", "drop"),
    ("DELETE FROM orders", "delete"),
    ("SELECT 1; DROP TABLE customers", "statement"),
    ("UPDATE customers SET name = 'x'", "update"),
    ("ATTACH DATABASE '/tmp/evil.db' AS evil", "attach"),
    ("PRAGMA writable_schema = 1", "pragma"),
    ("SELECT * FROM sqlite_master", "sqlite_master"),
    ("SELECT load_extension('evil')", "load_extension"),
    ("INSERT INTO regions (region_id, name) VALUES (99, 'x')", "insert"),
    ("CREATE TABLE t AS SELECT * FROM customers", "create"),
]


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


@pytest.fixture(scope="module")
def llm_stack(tmp_path_factory: pytest.TempPathFactory, llm: ScriptedLLM) -> Iterator[Stack]:
    s = start_stack(tmp_path_factory.mktemp("llm-stack"),
                    {"DOT_LLM_BASE_URL": llm.base_url, "DOT_LLM_MODEL": "scripted", "DOT_LLM_API_KEY": "sk-test-secret"})
    try:
        yield s
    finally:
        s.stop()


def demo_file(stack: Stack) -> Path:
    files = list(stack.data_dir.glob("demo-*.sqlite"))
    assert len(files) == 1
    return files[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ask(stack: Stack, question: str) -> list[dict]:
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}],
                                         "chat_id": f"llm-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 200, r.text
    return r.json()


def test_llm_agent_answers_through_the_guarded_path(llm_stack: Stack, llm: ScriptedLLM) -> None:
    with llm_stack.client(llm_stack.admin_token) as c:
        assert c.get("/api/connections").status_code == 200  # creates the demo data
    llm.add(
        tool_calls(call("run_sql", sql="SELECT count(*) AS n FROM customers", title="Customers")),
        answer("There are 500 customers.", ["Customers by country"]),
    )
    conv = ask(llm_stack, "How many customers do we have?")
    last = conv[-1]
    assert "500 customers" in last["content"]
    data = last["additional_data"]
    df_key = next(p["data"] for p in data["formatted_result"] if p["type"] == "dataframe")
    assert data["assets"][df_key]["text_preview"].splitlines()[1] == str(
        sqlite3.connect(demo_file(llm_stack)).execute("SELECT count(*) FROM customers").fetchone()[0])
    assert last["suggested_follow_ups"] == ["Customers by country"]
    assert llm.requests[-1].headers["authorization"] == "Bearer sk-test-secret"


@pytest.mark.parametrize(("sql", "reason"), ATTACKS, ids=[a[1] for a in ATTACKS])
def test_malicious_sql_from_the_model_is_refused_and_nothing_changes(llm_stack: Stack, llm: ScriptedLLM,
                                                                    sql: str, reason: str) -> None:
    with llm_stack.client(llm_stack.admin_token) as c:
        assert c.get("/api/connections").status_code == 200
    before = digest(demo_file(llm_stack))
    seen = len(llm.requests)
    llm.add(tool_calls(call("run_sql", sql=sql)), answer("I could not do that."))
    conv = ask(llm_stack, "Please clean up the database")
    feedback = llm.requests[seen + 1].last_tool_output().lower()
    assert "refused" in feedback or "not allowed" in feedback or "only" in feedback, feedback
    assert digest(demo_file(llm_stack)) == before
    assert conv[-1]["role"] == "assistant"
    assert not any(p["type"] == "dataframe" for p in conv[-1]["additional_data"]["formatted_result"])


async def test_an_answer_cut_by_its_deadline_leaves_the_chat_failed_not_in_progress(llm_stack: Stack,
                                                                                  llm: ScriptedLLM) -> None:
    import asyncio

    import grpc

    from dot.v1 import conversation_pb2, conversation_pb2_grpc

    with llm_stack.client(llm_stack.admin_token) as c:
        assert c.get("/api/connections").status_code == 200
    llm.add(slow(30, answer("Too late.")))  # the model outlives the caller's deadline
    chat_id = f"cancel-{uuid.uuid4().hex[:8]}"
    request = conversation_pb2.AgenticRequest(chat_id=chat_id, messages=[
        conversation_pb2.InputMessage(role="user", content="How many customers do we have?")])
    async with grpc.aio.insecure_channel(llm_stack.settings.address("conversation")) as ch:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await conversation_pb2_grpc.ConversationServiceStub(ch).Agentic(
                request, metadata=(("authorization", f"Bearer {llm_stack.admin_token}"),), timeout=2)
    assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    with llm_stack.client(llm_stack.admin_token) as c:
        for _ in range(50):  # the cancellation is recorded at once, not when the next question comes
            chat = c.get(f"/api/c2/{chat_id}").json()
            if chat["status"] != "in_progress":
                break
            await asyncio.sleep(0.1)
    assert chat["status"] == "failed", chat
    assert [m["role"] for m in chat["messages"]] == ["user", "assistant"]
    assert "cancelled" in chat["messages"][-1]["content"]
    with llm_stack.client(llm_stack.admin_token) as c:  # and the chat takes the next question normally
        llm.add(answer("There are many customers."))
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "again?"}], "chat_id": chat_id})
    assert r.status_code == 200 and [m["role"] for m in r.json()] == ["user", "assistant", "user", "assistant"]
