"""ConversationService over gRPC: identity, then ConversationDomain."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import grpc

from dot.v1 import conversation_pb2, conversation_pb2_grpc
from services.common.callctx import current_principal
from services.common.limits import check_messages
from services.conversation.domain import ConversationDomain

CHUNK = 64 * 1024
T = TypeVar("T")
C = conversation_pb2


def message_pb(m: dict[str, Any]) -> conversation_pb2.ChatMessage:
    """A stored message (Dot's JSON shape) as a ``ChatMessage``."""
    out = C.ChatMessage(role=str(m.get("role", "")), content=str(m.get("content") or ""))
    extra = m.get("additional_data")
    if isinstance(extra, dict):
        data = out.additional_data
        data.SetInParent()
        data.formatted_result.extend(C.AnswerPart(type=str(x.get("type", "")), data=str(x.get("data", "")))
                                     for x in extra.get("formatted_result") or [])
        for key, a in (extra.get("assets") or {}).items():
            if "vega_lite" in a or "chart_download_url" in a:
                data.assets[key].chart.CopyFrom(C.ChartAsset(
                    interpretation=str(a.get("interpretation") or ""),
                    chart_download_url=str(a.get("chart_download_url") or ""),
                    vega_lite_json=json.dumps(a.get("vega_lite") or {})))
            else:
                rows, cols = (list(a.get("shape") or []) + [0, 0])[:2]
                data.assets[key].dataframe.CopyFrom(C.DataframeAsset(
                    sql_query=str(a.get("sql_query") or ""), text_preview=str(a.get("text_preview") or ""),
                    text_summary=str(a.get("text_summary") or ""), rows=int(rows), columns=int(cols),
                    csv_download_url=str(a.get("csv_download_url") or "")))
        data.dot_url = str(extra.get("dot_url") or "")
        data.chat_id = str(extra.get("chat_id") or "")
        if extra.get("connection_id"):
            data.connection_id = str(extra["connection_id"])
        out.suggested_follow_ups.extend(str(x) for x in m.get("suggested_follow_ups") or [])
    return out


async def _stream(parts: AsyncIterator[bytes], content_type: str, chunk: Callable[..., T]) -> AsyncIterator[T]:
    """Chunks as the store yields them; each ``yield`` waits for the reader (gRPC flow control)."""
    first = True
    async for part in parts:
        for i in range(0, len(part), CHUNK) if part else (0,):
            yield chunk(data=part[i:i + CHUNK], content_type=content_type if first else "")
            first = False


class ConversationServicer(conversation_pb2_grpc.ConversationServiceServicer):
    def __init__(self, domain: ConversationDomain) -> None:
        self.d = domain

    @staticmethod
    def _messages(messages: Any) -> list[dict[str, Any]]:
        return check_messages([{"role": m.role or "user", "content": m.content} for m in messages])

    async def Agentic(self, request: conversation_pb2.AgenticRequest,
                      context: grpc.aio.ServicerContext) -> conversation_pb2.AgenticResponse:
        p = current_principal()
        msgs, status = await self.d.ask(p, request.chat_id, self._messages(request.messages), request.mode,
                                        request.base_url, request.deep, request.extra, background=False,
                                        connection_id=request.connection_id)
        return C.AgenticResponse(chat_id=request.chat_id, messages=[message_pb(m) for m in msgs], status=status)

    async def Ask(self, request: conversation_pb2.AskRequest,
                  context: grpc.aio.ServicerContext) -> conversation_pb2.AskResponse:
        p = current_principal()
        _, status = await self.d.ask(p, request.chat_id, self._messages(request.messages), request.mode,
                                     request.base_url, request.deep, request.extra, background=True,
                                     connection_id=request.connection_id)
        return C.AskResponse(chat_id=request.chat_id, status=status)

    async def GetChat(self, request: conversation_pb2.GetChatRequest,
                      context: grpc.aio.ServicerContext) -> conversation_pb2.GetChatResponse:
        p = current_principal()
        msgs, status = await self.d.get_chat(p, request.chat_id, request.owner)
        return C.GetChatResponse(chat_id=request.chat_id, messages=[message_pb(m) for m in msgs], status=status)

    async def ChatHistory(self, request: conversation_pb2.ChatHistoryRequest,
                          context: grpc.aio.ServicerContext) -> conversation_pb2.ChatHistoryResponse:
        p = current_principal()
        return C.ChatHistoryResponse(chats=[C.ChatSummary(
            chat_id=x["chat_id"], title=x["title"] or "", created_at=x["created_at"] or "",
            updated_at=x["updated_at"] or "", num_messages=x["num_messages"] or 0, status=x["status"] or "",
            labels=x["labels"] or [], mode=x["mode"] or "") for x in await self.d.chat_history(p)])

    async def AddLabels(self, request: conversation_pb2.AddLabelsRequest,
                        context: grpc.aio.ServicerContext) -> conversation_pb2.AddLabelsResponse:
        p = current_principal()
        r = await self.d.add_labels(p, request.chat_id, list(request.labels), request.owner)
        return C.AddLabelsResponse(chat_id=r["chat_id"], labels=r["labels"])

    async def Feedback(self, request: conversation_pb2.FeedbackRequest,
                       context: grpc.aio.ServicerContext) -> conversation_pb2.FeedbackResponse:
        p = current_principal()
        r = await self.d.feedback(p, request.chat_id, request.message_position, request.positive, request.description,
                                  request.owner)
        return C.FeedbackResponse(chat_id=r["chat_id"], message_position=r["message_position"], feedback=r["feedback"])

    async def ExportHistory(self, request: conversation_pb2.ExportHistoryRequest,
                            context: grpc.aio.ServicerContext) -> AsyncIterator[conversation_pb2.ExportHistoryResponse]:
        p = current_principal()
        stream = await self.d.export(p, request.start_date, request.end_date, request.format or "json")
        ctype = "text/csv; charset=utf-8" if request.format == "csv" else "application/json"
        first = True
        async for data in stream:
            yield C.ExportHistoryResponse(data=data, content_type=ctype if first else "")
            first = False

    async def GetAsset(self, request: conversation_pb2.GetAssetRequest,
                       context: grpc.aio.ServicerContext) -> AsyncIterator[conversation_pb2.GetAssetResponse]:
        p = current_principal()
        ctype, parts = await self.d.asset(p, request.chat_id, request.key, request.owner)
        async for chunk in _stream(parts, ctype, C.GetAssetResponse):
            yield chunk

    async def GetSecretAsset(self, request: conversation_pb2.GetSecretAssetRequest,
                             context: grpc.aio.ServicerContext) -> AsyncIterator[conversation_pb2.GetSecretAssetResponse]:
        ctype, parts = await self.d.secret_asset(request.token)
        async for chunk in _stream(parts, ctype, C.GetSecretAssetResponse):
            yield chunk
