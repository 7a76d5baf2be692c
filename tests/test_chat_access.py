"""Who may read a chat (issues 10 and 11): chat ids scoped to their owner, one fail-closed rule for
reading other users' chats, per-user feedback, and the conversation service's own input limits
(called directly with the generated stubs, no gateway). Real processes on their own stack."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import grpc
import httpx
import pytest

from dot.v1 import conversation_pb2, conversation_pb2_grpc
from services.common.limits import LABELS_PER_CHAT, MESSAGE_CONTENT_MAX, MESSAGES_PER_REQUEST
from tests.support.stack import Stack, start_stack

Code = grpc.StatusCode


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own: one test stops the admin service."""
    s = start_stack(tmp_path_factory.mktemp("chat-access"))
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def people(own_stack: Stack) -> dict[str, tuple[str, str]]:
    """Two users and a modeler (all in all_users, as the admin): name -> (email, API token)."""
    return {name: own_stack.create_user(role) for name, role in
            (("ann", "user"), ("bob", "user"), ("mod", "modeler"))}


def ask(c: httpx.Client, question: str, chat_id: str) -> list[dict[str, Any]]:
    r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}], "chat_id": chat_id})
    assert r.status_code == 200, r.text
    return r.json()


def csv_url(conversation: list[dict[str, Any]]) -> str:
    data = conversation[-1]["additional_data"]
    return next(data["assets"][p["data"]]["csv_download_url"] for p in data["formatted_result"]
                if p["type"] == "dataframe")


def set_history(stack: Stack, value: bool) -> None:
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/set_modeler_sees_history", json={"value": value})
    assert r.status_code == 200 and r.json()["settings"]["modeler_sees_history"] is value, r.text


# ------------------------------------------------------------------ chat ids per owner (issue 11)
def test_two_users_can_both_use_my_first_chat(own_stack: Stack, people: dict[str, tuple[str, str]]) -> None:
    (ann, ann_token), (bob, bob_token) = people["ann"], people["bob"]
    with own_stack.client(ann_token) as a, own_stack.client(bob_token) as b:
        ask(a, "How many customers are there?", "my-first-chat")
        conv = ask(b, "How many orders are there per region?", "my-first-chat")  # not squatted: Bob's own chat
        assert [m["role"] for m in conv] == ["user", "assistant"]
        assert a.get("/api/c2/my-first-chat").json()["messages"][0]["content"] == "How many customers are there?"
        assert b.get("/api/c2/my-first-chat").json()["messages"][0]["content"] == \
            "How many orders are there per region?"
        ask(a, "and per region?", "my-first-chat")  # a follow-up continues Ann's chat only
        assert len(a.get("/api/c2/my-first-chat").json()["messages"]) == 4
        assert len(b.get("/api/c2/my-first-chat").json()["messages"]) == 2
    with own_stack.client(own_stack.admin_token) as admin:
        # an admin names the owner (e-mail or user id, as in the export); without it, it is the admin's own id
        assert admin.get("/api/c2/my-first-chat").status_code == 404
        got = admin.get("/api/c2/my-first-chat", params={"owner": bob}).json()
        assert got["messages"][0]["content"] == "How many orders are there per region?"
        exported = [x for x in admin.get("/api/export_history").json() if x["chat_id"] == "my-first-chat"]
        assert sorted(x["email"] for x in exported) == sorted([ann, bob])
        ann_id = next(x["user_id"] for x in exported if x["email"] == ann)
        assert len(admin.get("/api/c2/my-first-chat", params={"owner": ann_id}).json()["messages"]) == 4


def test_no_answer_tells_whether_another_users_id_exists(own_stack: Stack,
                                                         people: dict[str, tuple[str, str]]) -> None:
    (ann, ann_token), (_, bob_token) = people["ann"], people["bob"]
    secret_id = f"ann-only-{uuid.uuid4().hex[:8]}"
    with own_stack.client(ann_token) as a:
        url = csv_url(ask(a, "How many orders are there per region?", secret_id))
        assert a.get(url).status_code == 200
    missing_id = f"nobody-{uuid.uuid4().hex[:8]}"
    with own_stack.client(bob_token) as b:
        def probe(path: str, chat_id: str, **params: str) -> tuple[int, Any]:
            r = b.get(path.format(chat_id), params=params)
            return r.status_code, str(r.json()["detail"]).replace(chat_id, "<id>")

        for params in ({}, {"owner": ann}, {"owner": "someone@example.com"}):
            assert probe("/api/c2/{}", secret_id, **params) == probe("/api/c2/{}", missing_id, **params) \
                == (404, "chat '<id>' not found")
            assert probe("/api/download_csv?chat_id={}&df_key=df_1_1", secret_id, **params) == \
                probe("/api/download_csv?chat_id={}&df_key=df_1_1", missing_id, **params)
        assert b.get(url).status_code == 404  # Ann's CSV URL names her as owner: still not Bob's to read
        for body in ({"chat_id": secret_id, "labels": ["x"], "owner": ann},
                     {"chat_id": secret_id, "message_position": 1, "positive": False, "owner": ann}):
            path = "/api/add_label_to_chat" if "labels" in body else "/api/feedback"
            r1 = b.post(path, json=body)
            r2 = b.post(path, json={**body, "chat_id": missing_id})
            assert r1.status_code == r2.status_code == 404
            assert r1.json()["detail"].replace(secret_id, "<id>") == r2.json()["detail"].replace(missing_id, "<id>")
    with own_stack.client(own_stack.admin_token) as admin:
        assert admin.get(url).status_code == 200  # the CSV URL works for an admin reading the chat


# ------------------------------------------------------------------ history rule (issue 10)
def test_history_off_refuses_every_read_of_other_users_chats(own_stack: Stack,
                                                             people: dict[str, tuple[str, str]]) -> None:
    (ann, ann_token), (_, mod_token) = people["ann"], people["mod"]
    chat_id = f"ann-{uuid.uuid4().hex[:8]}"
    with own_stack.client(ann_token) as a:
        url = csv_url(ask(a, "How many orders are there per region?", chat_id))
        assert a.post("/api/set_modeler_sees_history", json={"value": False}).status_code == 403  # admin only
    with own_stack.client(own_stack.admin_token) as admin:
        assert admin.post("/api/set_modeler_sees_history", json={"value": "maybe"}).status_code == 422
    with own_stack.client(mod_token) as m:
        assert m.get(f"/api/c2/{chat_id}", params={"owner": ann}).status_code == 200  # default: visible
        set_history(own_stack, False)
        try:
            assert m.get(f"/api/c2/{chat_id}", params={"owner": ann}).status_code == 403
            assert m.get(url).status_code == 403
            assert m.post("/api/add_label_to_chat", json={"chat_id": chat_id, "labels": ["mine"], "owner": ann}
                          ).status_code == 403
            assert m.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": False,
                                                 "owner": ann}).status_code == 403
            assert m.get("/api/export_history").status_code == 403
            own = f"mod-{uuid.uuid4().hex[:8]}"
            ask(m, "How many products are there?", own)  # the modeler's own chats are unaffected
            assert m.get(f"/api/c2/{own}").status_code == 200
        finally:
            set_history(own_stack, True)
        assert m.get(url).status_code == 200
    with own_stack.client(own_stack.admin_token) as admin:
        rec = next(x for x in admin.get("/api/export_history").json() if x["chat_id"] == chat_id)
    assert rec["labels"] == [] and rec["feedback"] == []  # nothing was written while refused


def test_modeler_feedback_never_overwrites_the_owners(own_stack: Stack, people: dict[str, tuple[str, str]]) -> None:
    (ann, ann_token), (_, mod_token) = people["ann"], people["mod"]
    chat_id = f"fb-{uuid.uuid4().hex[:8]}"
    with own_stack.client(ann_token) as a:
        ask(a, "How many customers are there?", chat_id)
        r = a.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": True,
                                          "description": "owner says fine"})
        assert r.status_code == 200
    with own_stack.client(mod_token) as m:
        r = m.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": False,
                                          "description": "reviewer disagrees", "owner": ann})
        assert r.status_code == 200
        r = m.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": False,
                                          "description": "reviewer, second thought", "owner": ann})
        assert r.status_code == 200
    with own_stack.client(own_stack.admin_token) as admin:
        rec = next(x for x in admin.get("/api/export_history").json() if x["chat_id"] == chat_id)
    by_desc = {f["description"]: f for f in rec["feedback"]}
    assert set(by_desc) == {"owner says fine", "reviewer, second thought"}
    assert by_desc["owner says fine"]["feedback"] == "Success"
    assert by_desc["reviewer, second thought"]["feedback"] == "Problem"


def test_admin_service_down_refuses_modelers_other_chats_own_chats_still_work(
        own_stack: Stack, people: dict[str, tuple[str, str]]) -> None:
    (ann, ann_token), (_, mod_token) = people["ann"], people["mod"]
    chat_id = f"down-{uuid.uuid4().hex[:8]}"
    own = f"mod-down-{uuid.uuid4().hex[:8]}"
    with own_stack.client(ann_token) as a:
        ask(a, "How many customers are there?", chat_id)
    with own_stack.client(mod_token) as m:
        ask(m, "How many products are there?", own)
        assert m.get(f"/api/c2/{chat_id}", params={"owner": ann}).status_code == 200
        own_stack.stop_service("admin")
        try:
            r = m.get(f"/api/c2/{chat_id}", params={"owner": ann})
            assert r.status_code == 503 and "history" in r.json()["detail"], r.text  # fails closed
            assert m.get("/api/export_history").status_code == 503
            assert m.get(f"/api/c2/{own}").status_code == 200
            with own_stack.client(ann_token) as a:
                assert a.get(f"/api/c2/{chat_id}").status_code == 200
        finally:
            own_stack.restart_service("admin")
        for _ in range(100):  # the conversation service redials the restarted admin service (backoff <= 1 s)
            r = m.get(f"/api/c2/{chat_id}", params={"owner": ann})
            if r.status_code != 503:
                break
            time.sleep(0.1)
        assert r.status_code == 200, r.text


# ------------------------------------------------------------------ the service's own limits (issue 10)
@pytest.fixture
async def conversation(own_stack: Stack) -> AsyncIterator[conversation_pb2_grpc.ConversationServiceStub]:
    async with grpc.aio.insecure_channel(own_stack.settings.address("conversation")) as ch:
        yield conversation_pb2_grpc.ConversationServiceStub(ch)


async def _refused(call: Any) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call
    assert err.value.code() == Code.INVALID_ARGUMENT, (err.value.code(), err.value.details())
    return str(err.value.details())


async def test_service_refuses_bad_chat_ids_and_message_shapes(
        own_stack: Stack, conversation: conversation_pb2_grpc.ConversationServiceStub) -> None:
    md = (("authorization", f"Bearer {own_stack.admin_token}"),)

    def agentic(chat_id: str, messages: Any) -> Any:
        return conversation.Agentic(conversation_pb2.AgenticRequest(
            chat_id=chat_id, messages=[conversation_pb2.InputMessage(**m) for m in messages]), metadata=md, timeout=30)

    hi = [{"role": "user", "content": "How many customers are there?"}]
    for bad in ("", "x" * 100_000, "a b", "x" * 201):
        assert "chat_id" in await _refused(agentic(bad, hi))
        assert "chat_id" in await _refused(conversation.GetChat(conversation_pb2.GetChatRequest(chat_id=bad),
                                                                metadata=md, timeout=10))
        await _refused(conversation.AddLabels(conversation_pb2.AddLabelsRequest(chat_id=bad, labels=["x"]),
                                              metadata=md, timeout=10))
        await _refused(conversation.Feedback(conversation_pb2.FeedbackRequest(chat_id=bad, message_position=1),
                                             metadata=md, timeout=10))
        await _refused(conversation.GetAsset(conversation_pb2.GetAssetRequest(chat_id=bad, key="df_1_1"),
                                             metadata=md, timeout=10).read())
    chat_id = f"limits-{uuid.uuid4().hex[:8]}"
    for content in (42, {"nested": ["x"]}):  # the typed contract cannot even carry non-text content
        with pytest.raises(TypeError):
            conversation_pb2.InputMessage(role="user", content=content)
    await _refused(agentic(chat_id, [{"role": "robot", "content": "hi"}]))
    await _refused(agentic(chat_id, [{"role": "user", "content": "x" * (MESSAGE_CONTENT_MAX + 1)}]))
    await _refused(agentic(chat_id, hi * (MESSAGES_PER_REQUEST + 1)))
    await _refused(conversation.Agentic(conversation_pb2.AgenticRequest(
        chat_id=chat_id, messages=[conversation_pb2.InputMessage(**m) for m in hi], extra="e" * 2001),
        metadata=md, timeout=30))
    # nothing was half-written by the refused requests
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await conversation.GetChat(conversation_pb2.GetChatRequest(chat_id=chat_id), metadata=md, timeout=10)
    assert err.value.code() == Code.NOT_FOUND
    await agentic(chat_id, hi)  # and the same chat id with a good request works
    await _refused(conversation.Feedback(conversation_pb2.FeedbackRequest(
        chat_id=chat_id, message_position=1, positive=True, description="d" * 5001), metadata=md, timeout=10))
    await _refused(conversation.GetAsset(conversation_pb2.GetAssetRequest(chat_id=chat_id, key="k" * 201),
                                         metadata=md, timeout=10).read())


async def test_labels_are_bounded_per_request_and_per_chat(
        own_stack: Stack, conversation: conversation_pb2_grpc.ConversationServiceStub) -> None:
    md = (("authorization", f"Bearer {own_stack.admin_token}"),)
    chat_id = f"labels-{uuid.uuid4().hex[:8]}"
    with own_stack.client(own_stack.admin_token) as c:
        ask(c, "How many customers are there?", chat_id)

    def add(labels: list[str]) -> Any:
        return conversation.AddLabels(conversation_pb2.AddLabelsRequest(chat_id=chat_id, labels=labels),
                                      metadata=md, timeout=10)

    await _refused(add([f"l{i}" for i in range(101)]))
    await _refused(add(["x" * 201]))
    for start in range(0, LABELS_PER_CHAT, 50):  # fill the chat up to the cap in two calls
        await add([f"label-{i}" for i in range(start, start + 50)])
    assert "at most" in await _refused(add(["one-too-many"]))
    doc = await add(["label-0"])  # an existing label is not a new one

    assert len(doc.labels) == LABELS_PER_CHAT
    me = await conversation.ChatHistory(conversation_pb2.ChatHistoryRequest(), metadata=md, timeout=10)
    row = next(c for c in me.chats if c.chat_id == chat_id)
    assert len(row.labels) == LABELS_PER_CHAT and "one-too-many" not in row.labels
