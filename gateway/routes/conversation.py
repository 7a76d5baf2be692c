"""Asking, chats, history, export and answer assets (contract §3.4-§3.7)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, field_validator

from dot.v1 import conversation_pb2
from gateway.deps import Caller, QueryCaller, State, base_url
from gateway.models import (
    AskAcceptedOut, ChatOut, ChatSummaryOut, FeedbackOut, LabelsOut, MessageOut, chat_summary_out, messages_json,
    respond,
)
from gateway.routes.streaming import relay
from services.common.errors import InvalidArgument
from services.common.limits import (
    ASSET_KEY_MAX, CHAT_ID_RE, CHAT_ID_RULE, EXTRA_MAX, FEEDBACK_DESCRIPTION_MAX, LABEL_MAX, LABELS_PER_REQUEST,
    MESSAGE_CONTENT_MAX, MESSAGE_POSITION_MAX, MESSAGES_PER_REQUEST, OWNER_MAX,
)

router = APIRouter(tags=["Ask"])
RPC_TIMEOUT = 30.0
ANSWER_TIMEOUT = 600.0


class MessageIn(BaseModel):
    role: Literal["user", "assistant", "system"] = "user"
    content: str = Field(max_length=MESSAGE_CONTENT_MAX)


def _check_chat_id(v: str) -> str:
    if not CHAT_ID_RE.match(v):
        raise ValueError(CHAT_ID_RULE)
    return v


class AgenticIn(BaseModel):
    messages: list[MessageIn] = Field(min_length=1, max_length=MESSAGES_PER_REQUEST)
    chat_id: str
    mode: Literal["economy", "balanced", "frontier"] | None = None
    skip_check: bool = False
    extra: str | None = Field(None, max_length=EXTRA_MAX)
    # Dot extension: answer from this connection (404 when unknown or not visible); unset: the server chooses
    connection_id: str | None = Field(None, min_length=1, max_length=120)

    _cid = field_validator("chat_id")(_check_chat_id)


class WithHistoryIn(BaseModel):
    new_message: MessageIn
    chat_id: str
    mode: Literal["economy", "balanced", "frontier"] | None = None
    connection_id: str | None = Field(None, min_length=1, max_length=120)

    _cid = field_validator("chat_id")(_check_chat_id)


class LabelsIn(BaseModel):
    chat_id: str
    labels: list[Annotated[str, Field(max_length=LABEL_MAX)]] = Field(max_length=LABELS_PER_REQUEST)
    owner: str | None = Field(None, max_length=OWNER_MAX)  # extension: label another user's chat

    _cid = field_validator("chat_id")(_check_chat_id)


class FeedbackIn(BaseModel):
    chat_id: str
    message_position: int = Field(ge=0, le=MESSAGE_POSITION_MAX)
    positive: bool
    description: str = Field("", max_length=FEEDBACK_DESCRIPTION_MAX)
    owner: str | None = Field(None, max_length=OWNER_MAX)  # extension: feedback on another user's chat
    message: dict[str, Any] | None = None
    checkboxes: list[str] = Field(default_factory=list, max_length=50)

    _cid = field_validator("chat_id")(_check_chat_id)


def _ask_request(chat_id: str, messages: list[MessageIn], mode: str | None, skip_check: bool, request: Request,
                 extra: str | None = None, connection_id: str | None = None) -> dict[str, Any]:
    # deep analysis (several queries and a short report): frontier mode, or X-Dot-Deep: true
    deep = mode == "frontier" or request.headers.get("x-dot-deep", "").lower() in ("1", "true", "yes")
    return {"chat_id": chat_id, "messages": [conversation_pb2.InputMessage(role=m.role, content=m.content)
                                             for m in messages],
            "mode": mode or "", "skip_check": skip_check, "base_url": base_url(request), "deep": deep,
            "extra": extra or "", "connection_id": connection_id or ""}


@router.post("/api/agentic", response_model=list[MessageOut])
async def agentic(gw: State, who: Caller, body: AgenticIn, request: Request) -> JSONResponse:
    """Ask synchronously; a known ``chat_id`` continues that chat. Returns the whole conversation."""
    r = await gw.clients.conversation.Agentic(conversation_pb2.AgenticRequest(
        **_ask_request(body.chat_id, body.messages, body.mode, body.skip_check, request, body.extra,
                       body.connection_id)),
        metadata=who.metadata, timeout=ANSWER_TIMEOUT)
    return JSONResponse(messages_json(r.messages))


@router.post("/api/agentic_with_history", response_model=list[MessageOut])
async def agentic_with_history(gw: State, who: Caller, body: WithHistoryIn, request: Request) -> JSONResponse:
    r = await gw.clients.conversation.Agentic(conversation_pb2.AgenticRequest(
        **_ask_request(body.chat_id, [body.new_message], body.mode, True, request,
                       connection_id=body.connection_id)),
        metadata=who.metadata, timeout=ANSWER_TIMEOUT)
    return JSONResponse(messages_json(r.messages))


@router.post("/api/ask", response_model=AskAcceptedOut)
async def ask(gw: State, who: Caller, body: AgenticIn, request: Request) -> JSONResponse:
    """Legacy: starts answering in the background; poll ``GET /api/c2/{chat_id}``."""
    r = await gw.clients.conversation.Ask(conversation_pb2.AskRequest(
        **_ask_request(body.chat_id, body.messages, body.mode, body.skip_check, request, body.extra,
                       body.connection_id)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(AskAcceptedOut(chat_id=r.chat_id, status=r.status))


@router.post("/api/ask_with_history", response_model=AskAcceptedOut)
async def ask_with_history(gw: State, who: Caller, body: WithHistoryIn, request: Request) -> JSONResponse:
    r = await gw.clients.conversation.Ask(conversation_pb2.AskRequest(
        **_ask_request(body.chat_id, [body.new_message], body.mode, True, request,
                       connection_id=body.connection_id)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(AskAcceptedOut(chat_id=r.chat_id, status=r.status))


@router.get("/api/c2/{chat_id:path}", tags=["Chats"], response_model=ChatOut)
async def get_chat(gw: State, who: Caller, chat_id: str,
                   owner: Annotated[str | None, Query(max_length=OWNER_MAX)] = None) -> JSONResponse:
    """The caller's chat ``chat_id``; ``?owner=<e-mail or user id>`` (extension) reads another user's chat
    where the history rules allow (admins; modelers sharing a data group while history is visible)."""
    if not CHAT_ID_RE.match(chat_id):
        raise InvalidArgument(CHAT_ID_RULE)
    r = await gw.clients.conversation.GetChat(conversation_pb2.GetChatRequest(chat_id=chat_id, owner=owner or ""),
                                              metadata=who.metadata, timeout=RPC_TIMEOUT)
    return JSONResponse({"chat_id": r.chat_id, "status": r.status, "messages": messages_json(r.messages)})


@router.get("/api/chat_history", tags=["Chats"], response_model=list[ChatSummaryOut])
async def chat_history(gw: State, who: Caller) -> JSONResponse:
    r = await gw.clients.conversation.ChatHistory(conversation_pb2.ChatHistoryRequest(), metadata=who.metadata,
                                                  timeout=RPC_TIMEOUT)
    return respond([chat_summary_out(c) for c in r.chats])


@router.post("/api/add_label_to_chat", tags=["Chats"], response_model=LabelsOut)
async def add_label_to_chat(gw: State, who: Caller, body: LabelsIn) -> JSONResponse:
    r = await gw.clients.conversation.AddLabels(conversation_pb2.AddLabelsRequest(chat_id=body.chat_id,
                                                                                 labels=body.labels,
                                                                                 owner=body.owner or ""),
                                                metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(LabelsOut(chat_id=r.chat_id, labels=list(r.labels)))


@router.post("/api/feedback", tags=["Chats"], response_model=FeedbackOut)
async def feedback(gw: State, who: Caller, body: FeedbackIn) -> JSONResponse:
    r = await gw.clients.conversation.Feedback(
        conversation_pb2.FeedbackRequest(chat_id=body.chat_id, message_position=body.message_position,
                                         positive=body.positive, description=body.description,
                                         owner=body.owner or ""),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(FeedbackOut(chat_id=r.chat_id, message_position=r.message_position, feedback=r.feedback))


def _date(value: str | None, name: str) -> str:
    if value is None or value == "":
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidArgument(f"{name} must be a date as YYYY-MM-DD, got '{value[:40]}'") from None


@router.get("/api/export_history", tags=["Chats"], response_class=StreamingResponse, responses={200: {
    "description": "Chats as a JSON array or CSV", "content": {"application/json": {}, "text/csv": {}}}})
async def export_history(
    gw: State,
    who: QueryCaller,
    start_date: Annotated[str | None, Query(max_length=40)] = None,
    end_date: Annotated[str | None, Query(max_length=40)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    include_all_workspaces: bool = False,
) -> Any:
    """All chats in a date range (default: the last 14 days through tomorrow), streamed as JSON or CSV."""
    req = conversation_pb2.ExportHistoryRequest(start_date=_date(start_date, "start_date"),
                                                end_date=_date(end_date, "end_date"), format=format)
    call = gw.clients.conversation.ExportHistory(req, metadata=who.metadata, timeout=3600)
    headers = {"Content-Disposition": f'attachment; filename="dot-history.{format}"'}
    return await relay(call, headers)


@router.get("/api/download_csv", tags=["Assets"], response_class=StreamingResponse, responses={200: {
    "description": "The dataframe's full result", "content": {"text/csv": {}}}})
async def download_csv(gw: State, who: Caller, chat_id: Annotated[str, Query(max_length=200)],
                       df_key: Annotated[str, Query(max_length=ASSET_KEY_MAX)],
                       owner: Annotated[str | None, Query(max_length=OWNER_MAX)] = None) -> Any:
    """A dataframe asset's full result as CSV (the caller must be allowed to see the chat)."""
    call = gw.clients.conversation.GetAsset(conversation_pb2.GetAssetRequest(chat_id=chat_id, key=df_key,
                                                                          owner=owner or ""),
                                            metadata=who.metadata, timeout=600)
    safe = re.sub(r"[^\w.-]", "_", df_key)
    return await relay(call, {"Content-Disposition": f'attachment; filename="{safe}.csv"'})


@router.get("/api/asset/{token}", tags=["Assets"], response_class=StreamingResponse, responses={200: {
    "description": "The asset's bytes (chart PNG)", "content": {"image/png": {}}}})
async def secret_asset(gw: State, token: str) -> Any:
    """Capability URL (no headers needed): the unguessable, expiring token is the permission."""
    if len(token) > 300:
        raise InvalidArgument("asset token is too long")
    call = gw.clients.conversation.GetSecretAsset(conversation_pb2.GetSecretAssetRequest(token=token), timeout=60)
    return await relay(call, {"Cache-Control": "private, max-age=3600"})
