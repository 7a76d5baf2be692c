"""Channels and stubs to the other services (one channel per target, reused)."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc

from dot.v1 import admin_pb2_grpc, auth_pb2_grpc, conversation_pb2_grpc, knowledge_pb2_grpc
from services.common.config import Settings

CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ("grpc.keepalive_time_ms", 10_000),
    ("grpc.keepalive_timeout_ms", 2_000),
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1_000),
    ("grpc.min_reconnect_backoff_ms", 100),
]


@dataclass
class Clients:
    """Lazily-dialled stubs. Owned by one process component; close() on shutdown."""

    settings: Settings
    _channels: dict[str, grpc.aio.Channel] = field(default_factory=dict)

    def channel(self, service: str) -> grpc.aio.Channel:
        ch = self._channels.get(service)
        if ch is None:
            ch = grpc.aio.insecure_channel(self.settings.address(service), options=CHANNEL_OPTIONS)
            self._channels[service] = ch
        return ch

    @property
    def auth(self) -> auth_pb2_grpc.AuthServiceStub:
        return auth_pb2_grpc.AuthServiceStub(self.channel("auth"))

    @property
    def admin(self) -> admin_pb2_grpc.AdminServiceStub:
        return admin_pb2_grpc.AdminServiceStub(self.channel("admin"))

    @property
    def knowledge(self) -> knowledge_pb2_grpc.KnowledgeServiceStub:
        return knowledge_pb2_grpc.KnowledgeServiceStub(self.channel("knowledge"))

    @property
    def conversation(self) -> conversation_pb2_grpc.ConversationServiceStub:
        return conversation_pb2_grpc.ConversationServiceStub(self.channel("conversation"))

    async def close(self) -> None:
        for ch in self._channels.values():
            await ch.close()
        self._channels.clear()
