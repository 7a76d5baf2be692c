"""ConversationService over gRPC: identity, then ConversationDomain."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import grpc

from dot.v1 import common_pb2, conversation_pb2, conversation_pb2_grpc
from services.common.callctx import current_principal
from services.common.errors import InvalidArgument
from services.common.identity import require_role
from services.common.limits import check_messages
from services.conversation.domain import ConversationDomain

CHUNK = 64 * 1024


async def _stream(parts: AsyncIterator[bytes], content_type: str) -> AsyncIterator[common_pb2.Chunk]:
    """Chunks as the store yields them; each ``yield`` waits for the reader (gRPC flow control)."""
    first = True
    async for part in parts:
        for i in range(0, len(part), CHUNK) if part else (0,):
            yield common_pb2.Chunk(data=part[i:i + CHUNK], content_type=content_type if first else "")
            first = False


class ConversationServicer(conversation_pb2_grpc.ConversationServiceServicer):
    def __init__(self, domain: ConversationDomain) -> None:
        self.d = domain

    @staticmethod
    def _messages(text: str) -> list[dict[str, Any]]:
        try:
            return check_messages(json.loads(text or "[]"))
        except ValueError:
            raise InvalidArgument("messages must be a JSON array") from None

    async def Agentic(self, request: conversation_pb2.AskRequest, context: grpc.aio.ServicerContext) -> conversation_pb2.Conversation:
        p = current_principal()
        msgs, status = await self.d.ask(p, request.chat_id, self._messages(request.messages_json), request.mode,
                                        request.base_url, request.deep, request.extra, background=False,
                                        connection_id=request.connection_id)
        return conversation_pb2.Conversation(chat_id=request.chat_id, messages_json=json.dumps(msgs), status=status)

    async def Ask(self, request: conversation_pb2.AskRequest, context: grpc.aio.ServicerContext) -> conversation_pb2.AskAccepted:
        p = current_principal()
        _, status = await self.d.ask(p, request.chat_id, self._messages(request.messages_json), request.mode,
                                     request.base_url, request.deep, request.extra, background=True,
                                     connection_id=request.connection_id)
        return conversation_pb2.AskAccepted(chat_id=request.chat_id, status=status)

    async def GetChat(self, request: conversation_pb2.ChatRef, context: grpc.aio.ServicerContext) -> conversation_pb2.Conversation:
        p = current_principal()
        msgs, status = await self.d.get_chat(p, request.chat_id, request.owner)
        return conversation_pb2.Conversation(chat_id=request.chat_id, messages_json=json.dumps(msgs), status=status)

    async def ChatHistory(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> common_pb2.JsonList:
        p = current_principal()
        return common_pb2.JsonList(items=[json.dumps(x) for x in await self.d.chat_history(p)])

    async def AddLabels(self, request: conversation_pb2.LabelsRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = current_principal()
        return common_pb2.JsonDoc(json=json.dumps(await self.d.add_labels(p, request.chat_id, list(request.labels),
                                                                  request.owner)))

    async def Feedback(self, request: conversation_pb2.FeedbackRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = current_principal()
        r = await self.d.feedback(p, request.chat_id, request.message_position, request.positive, request.description,
                                  request.owner)
        return common_pb2.JsonDoc(json=json.dumps(r))

    async def ExportHistory(self, request: conversation_pb2.ExportRequest,
                            context: grpc.aio.ServicerContext) -> AsyncIterator[common_pb2.Chunk]:
        p = current_principal()
        stream = await self.d.export(p, request.start_date, request.end_date, request.format or "json")
        ctype = "text/csv; charset=utf-8" if request.format == "csv" else "application/json"
        first = True
        async for data in stream:
            yield common_pb2.Chunk(data=data, content_type=ctype if first else "")
            first = False

    async def GetAsset(self, request: conversation_pb2.AssetRequest,
                       context: grpc.aio.ServicerContext) -> AsyncIterator[common_pb2.Chunk]:
        p = current_principal()
        ctype, parts = await self.d.asset(p, request.chat_id, request.key, request.owner)
        async for chunk in _stream(parts, ctype):
            yield chunk

    async def GetSecretAsset(self, request: conversation_pb2.SecretAssetRequest,
                             context: grpc.aio.ServicerContext) -> AsyncIterator[common_pb2.Chunk]:
        ctype, parts = await self.d.secret_asset(request.token)
        async for chunk in _stream(parts, ctype):
            yield chunk
