"""Channels and stubs to the other services (one channel per target, reused)."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc

from dot.v1 import (
    admin_pb2_grpc, auth_pb2_grpc, conversation_pb2_grpc, evaluation_pb2_grpc, knowledge_pb2_grpc, schedule_pb2_grpc,
    verified_pb2_grpc,
)
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
    _stubs: dict[str, object] = field(default_factory=dict)

    def channel(self, service: str) -> grpc.aio.Channel:
        ch = self._channels.get(service)
        if ch is None:
            ch = grpc.aio.insecure_channel(self.settings.address(service), options=CHANNEL_OPTIONS)
            self._channels[service] = ch
        return ch

    @property
    def auth(self) -> auth_pb2_grpc.AuthServiceStub:
        return self._stub("auth", auth_pb2_grpc.AuthServiceStub)  # type: ignore[return-value]

    @property
    def admin(self) -> admin_pb2_grpc.AdminServiceStub:
        return self._stub("admin", admin_pb2_grpc.AdminServiceStub)  # type: ignore[return-value]

    @property
    def knowledge(self) -> knowledge_pb2_grpc.KnowledgeServiceStub:
        return self._stub("knowledge", knowledge_pb2_grpc.KnowledgeServiceStub)  # type: ignore[return-value]

    @property
    def conversation(self) -> conversation_pb2_grpc.ConversationServiceStub:
        return self._stub("conversation", conversation_pb2_grpc.ConversationServiceStub)  # type: ignore[return-value]

    @property
    def evaluation(self) -> evaluation_pb2_grpc.EvaluationServiceStub:
        """Served by the conversation process."""
        return self._stub("conversation", evaluation_pb2_grpc.EvaluationServiceStub)  # type: ignore[return-value]

    @property
    def schedule(self) -> schedule_pb2_grpc.ScheduleServiceStub:
        """Served by the conversation process."""
        return self._stub("conversation", schedule_pb2_grpc.ScheduleServiceStub)  # type: ignore[return-value]

    @property
    def verified(self) -> verified_pb2_grpc.VerifiedQueryServiceStub:
        """Served by the conversation process."""
        return self._stub("conversation", verified_pb2_grpc.VerifiedQueryServiceStub)  # type: ignore[return-value]

    def _stub(self, service: str, factory: type) -> object:
        """Stubs are built once per (channel, service): building one creates a callable per RPC method."""
        key = f"{service}:{factory.__name__}"
        stub = self._stubs.get(key)
        if stub is None:
            stub = self._stubs[key] = factory(self.channel(service))
        return stub

    async def close(self) -> None:
        for ch in self._channels.values():
            await ch.close()
        self._channels.clear()
        self._stubs.clear()
