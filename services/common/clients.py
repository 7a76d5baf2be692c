"""Channels and stubs to the other services (one channel per target, reused).

A service address may name several replicas (``10.0.0.5:50151,10.0.0.6:50151``, ``ipv4:...``
or ``dns:///auth:50151``): the channel balances calls round-robin over the replicas that pass
gRPC health checks, and retries idempotent calls that fail UNAVAILABLE (a replica that died or
is draining) on another one, through gRPC's own retry policy (``SERVICE_CONFIG``).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import grpc

from dot.v1 import (
    admin_pb2_grpc, auth_pb2_grpc, conversation_pb2_grpc, evaluation_pb2_grpc, knowledge_pb2_grpc, schedule_pb2_grpc,
    verified_pb2_grpc,
)
from services.common import callctx
from services.common.config import Settings
from services.common.identity import SERVICE_MD, service_credential
from services.common.telemetry import inject_trace

# Keepalive, both sides in one place: clients ping every KEEPALIVE_MS (also on idle connections,
# so a dead peer under a long-lived invalidation stream is noticed); servers accept pings that often.
# A server that accepts fewer pings than clients send answers GOAWAY "too_many_pings", which resets
# every stream on that connection (the gateway's token cache with it).
KEEPALIVE_MS = 10_000
KEEPALIVE_TIMEOUT_MS = 2_000


def client_keepalive_options(keepalive_ms: int | None = None) -> list[tuple[str, int]]:
    ms = keepalive_ms or KEEPALIVE_MS
    return [
        ("grpc.keepalive_time_ms", ms),
        ("grpc.keepalive_timeout_ms", min(KEEPALIVE_TIMEOUT_MS, ms)),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),  # pings on a quiet stream are the point
    ]


def server_keepalive_options(keepalive_ms: int | None = None) -> list[tuple[str, int]]:
    """Accept the clients' pings: half their interval leaves room for timer jitter."""
    ms = keepalive_ms or KEEPALIVE_MS
    return [
        ("grpc.keepalive_permit_without_calls", 1),
        # gRPC core's GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS (default 5 minutes)
        ("grpc.http2.min_ping_interval_without_data_ms", ms // 2),
        ("grpc.http2.max_ping_strikes", 2),
    ]


CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1_000),
    ("grpc.min_reconnect_backoff_ms", 100),
]


# Calls that may run twice with the same outcome: reads, and writes that set a value. Only these
# are retried when a replica fails mid-call; any call that never reached a server is retried by
# gRPC itself ("transparent retry"), so other writes either happen once or fail cleanly.
IDEMPOTENT_METHODS = {
    "AuthService": ("VerifyCredential", "RefreshPrincipal", "GetMe", "Ping", "ListApiTokens", "ListLockedAccounts",
                    "ListUsers", "GetUser", "ListGroups", "SetUserRole"),
    "AdminService": ("GetUsers", "ListInvitations", "GetGroups", "GetOrg", "SetOrgSetting", "ChangeUserRole"),
    "KnowledgeService": ("ListConnections", "TestConnection", "ListTables", "GetTable", "SaveTableDoc",
                         "SetRowFilter", "ListExternalAssets", "Search", "GetCliCatalog", "GetSchema",
                         "ListVisibleConnections", "ExecuteQuery"),
    "ConversationService": ("GetChat", "ChatHistory", "ExportHistory", "GetAsset", "GetSecretAsset"),
    "EvaluationService": ("ListEvaluations", "GetEvaluation", "GetEvaluationRun", "ListEvaluationRuns"),
    "ScheduleService": ("ListJobs", "ListJobRuns"),
    "VerifiedQueryService": ("ListVerifiedQueries", "GetVerifiedQuery"),
    "grpc.health.v1.Health": ("Check",),
}
# Three attempts: the first on a replica that just died, the next on a live one; short backoffs, so a
# service with no live replica still answers 503 within a fraction of a second.
RETRY_POLICY = {"maxAttempts": 3, "initialBackoff": "0.05s", "maxBackoff": "0.2s", "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"]}
SERVICE_CONFIG = json.dumps({
    "loadBalancingConfig": [{"round_robin": {}}],
    "healthCheckConfig": {"serviceName": ""},
    "methodConfig": [{"name": [{"service": s if "." in s else f"dot.v1.{s}", "method": m}
                               for s, ms in IDEMPOTENT_METHODS.items() for m in ms],
                      "retryPolicy": RETRY_POLICY}],
})


def channel_target(address: str) -> str:
    """A gRPC target for an address setting: ``host:port`` as it is; a comma list of replicas as
    an ``ipv4:``/``ipv6:`` target (names resolved once, here); targets with a scheme unchanged."""
    if "," not in address:
        return address
    hosts: list[str] = []
    for part in (p.strip() for p in address.split(",") if p.strip()):
        host, _, port = part.rpartition(":")
        host = host.strip("[]")
        for *_, sockaddr in socket.getaddrinfo(host, int(port), socket.AF_INET, socket.SOCK_STREAM):
            hosts.append(f"{sockaddr[0]}:{port}")
    return "ipv4:" + ",".join(dict.fromkeys(hosts))


def channel_options(keepalive_ms: int | None = None) -> list[tuple[str, Any]]:
    return [*CHANNEL_OPTIONS, *client_keepalive_options(keepalive_ms), ("grpc.enable_retries", 1),
            ("grpc.service_config", SERVICE_CONFIG)]


Metadata = tuple[tuple[str, str], ...]


class _Credentialed:
    """A stub whose every call carries the calling service's credential (``x-dot-service``), the
    request id of the call being served, its trace context (when tracing), and a timeout no later
    than that call's deadline."""

    def __init__(self, stub: object, credential: Metadata, tracing: bool = False) -> None:
        self._stub = stub
        self._credential = credential
        self._tracing = tracing

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._stub, name)
        credential = self._credential
        tracing = self._tracing

        def call(*request: Any, metadata: Metadata | None = None, timeout: float | None = None, **kw: Any) -> Any:
            md = list(metadata or ())
            if not any(k == SERVICE_MD for k, _ in md):
                md.extend(credential)
            served = callctx.current()
            if served is not None:
                if not any(k == callctx.REQUEST_ID_MD for k, _ in md):
                    md.append((callctx.REQUEST_ID_MD, served.request_id))
                timeout = callctx.outgoing_timeout(timeout)
            if tracing:
                inject_trace(md)
            return method(*request, metadata=tuple(md), timeout=timeout, **kw)

        setattr(self, name, call)  # built once per method
        return call


@dataclass
class Clients:
    """Lazily-dialled stubs. Owned by one process component; close() on shutdown.

    With ``service`` set (every server process), each call carries that service's credential.
    """

    settings: Settings
    service: str = ""
    _channels: dict[str, grpc.aio.Channel] = field(default_factory=dict)
    _stubs: dict[str, object] = field(default_factory=dict)
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def on_close(self, stop: Callable[[], Awaitable[None]]) -> None:
        """Run ``stop`` (e.g. end a long-lived stream) before the channels close."""
        self._closers.append(stop)

    def channel(self, service: str) -> grpc.aio.Channel:
        ch = self._channels.get(service)
        if ch is None:
            ch = grpc.aio.insecure_channel(channel_target(self.settings.address(service)),
                                           options=channel_options(self.settings.grpc_keepalive_ms))
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
            stub = factory(self.channel(service))
            if self.service:
                stub = _Credentialed(stub, ((SERVICE_MD, service_credential(self.settings.secret_key, self.service)),),
                                     self.settings.tracing)
            self._stubs[key] = stub
        return stub

    async def close(self) -> None:
        for stop in self._closers:
            await stop()
        self._closers.clear()
        for ch in self._channels.values():
            await ch.close()
        self._channels.clear()
        self._stubs.clear()
