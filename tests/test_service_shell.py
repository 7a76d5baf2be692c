"""The per-call shell of every service (``services.common.server.ServiceShell``), on a real grpc.aio
server: domain errors become the right gRPC status (and, through the gateway's one table, the
right HTTP status), the caller is resolved once and handed over as a plain Principal, and the
request id and deadline travel to the next service through ``Clients``."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from sqlalchemy.exc import OperationalError

from dot.v1 import auth_pb2, auth_pb2_grpc, common_pb2
from gateway.errors import error_response
from services.common import callctx, grpc_errors
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import Conflict, NotFound, PermissionDenied, TooManyRequests
from services.common.identity import Identity, InternalTokens
from services.common.metrics import ServiceMetrics
from services.common.principal import Principal
from services.common.server import start_server

Code = grpc.StatusCode


class Probe(auth_pb2_grpc.AuthServiceServicer):
    """Raises what the test sets; reports what the shell handed it."""

    def __init__(self) -> None:
        self.raise_: BaseException | None = None
        self.seen: dict[str, Any] = {}

    async def Ping(self, request: auth_pb2.PingRequest, context: grpc.aio.ServicerContext) -> auth_pb2.PingResponse:
        call = callctx.current()
        assert call is not None
        self.seen = {"request_id": call.request_id, "remaining": call.remaining()}
        if self.raise_ is not None:
            raise self.raise_
        return auth_pb2.PingResponse(status="ok")

    async def GetMe(self, request: auth_pb2.GetMeRequest, context: grpc.aio.ServicerContext) -> auth_pb2.GetMeResponse:
        p = callctx.current_principal()
        assert type(p) is Principal  # a plain value, not the wire message
        return auth_pb2.GetMeResponse(email=p.email, role=p.role, groups=list(p.groups))

    async def WatchInvalidations(self, request_iterator: Any, context: grpc.aio.ServicerContext) -> Any:
        yield auth_pb2.WatchInvalidationsResponse(seq=0, reset=True)
        raise NotFound("no such stream")


@dataclass
class Shell:
    probe: Probe
    stub: auth_pb2_grpc.AuthServiceStub
    settings: Settings
    metrics: ServiceMetrics
    verified: list[str]


@pytest.fixture
async def shell(tmp_path: Path) -> AsyncIterator[Shell]:
    settings = Settings(data_dir=tmp_path, secret_key="shell-" + uuid.uuid4().hex)
    tokens = InternalTokens(settings.secret_key, "auth")
    verified: list[str] = []

    async def verify(token: str) -> common_pb2.Principal:
        verified.append(token)
        if token != "good-token":
            from services.common.errors import Unauthenticated

            raise Unauthenticated("invalid API token")
        return common_pb2.Principal(user_id="u1", email="ann@example.com", role="admin", groups=["all_users"])

    probe, metrics = Probe(), ServiceMetrics("probe")
    server, port = await start_server(
        "127.0.0.1:0", lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(probe, s), ["dot.v1.AuthService"],
        settings.secret_key, identity=Identity(tokens, verify), metrics=metrics)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield Shell(probe, auth_pb2_grpc.AuthServiceStub(channel), Settings(
            data_dir=tmp_path, secret_key=settings.secret_key, addresses={"auth": f"127.0.0.1:{port}"}),
            metrics, verified)
    finally:
        await channel.close()
        await server.stop(None)


@pytest.mark.parametrize(("error", "status", "http"), [
    (NotFound("no chat 'x'"), Code.NOT_FOUND, 404),
    (Conflict("already running"), Code.ALREADY_EXISTS, 409),
    (PermissionDenied("admins only"), Code.PERMISSION_DENIED, 403),
    (TooManyRequests("slow down", retry_after=7), Code.RESOURCE_EXHAUSTED, 429),
    (OperationalError("SELECT 1", {}, Exception("database is locked")), Code.UNAVAILABLE, 503),
    (RuntimeError("secret=hunter2 broke"), Code.INTERNAL, 500),
])
async def test_a_domain_error_becomes_the_right_status(shell: Shell, error: BaseException, status: Code,
                                                       http: int) -> None:
    shell.probe.raise_ = error
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await shell.stub.Ping(auth_pb2.PingRequest(), timeout=5)
    assert caught.value.code() == status
    assert "hunter2" not in (caught.value.details() or "")  # unexpected errors say nothing more
    response = error_response(grpc_errors.decode(caught.value))  # the gateway's half of the mapping
    assert response.status_code == http
    assert "detail" in json.loads(bytes(response.body))
    if isinstance(error, TooManyRequests):
        assert response.headers["retry-after"] == "7"
    errors = shell.metrics.rpc_errors.labels("probe", "Ping", status.name)
    for _ in range(100):  # the server counts after the status left; give it a moment
        if errors._value.get() == 1:
            break
        await asyncio.sleep(0.01)
    assert errors._value.get() == 1


async def test_errors_in_a_stream_are_mapped_too(shell: Shell) -> None:
    call = shell.stub.WatchInvalidations(iter(()), timeout=5)
    seen = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for item in call:
            seen.append(item.seq)
    assert seen == [0] and caught.value.code() == Code.NOT_FOUND
    assert json.loads(caught.value.details() or "{}")["detail"] == "no such stream"


async def test_the_caller_is_resolved_once_and_only_when_asked_for(shell: Shell) -> None:
    me = await shell.stub.GetMe(auth_pb2.GetMeRequest(), metadata=(("authorization", "Bearer good-token"),), timeout=5)
    assert (me.email, me.role, list(me.groups)) == ("ann@example.com", "admin", ["all_users"])
    assert shell.verified == ["good-token"]
    # A bad credential fails only the methods that need a caller, with the verifier's reason.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await shell.stub.GetMe(auth_pb2.GetMeRequest(), metadata=(("authorization", "Bearer forged"),), timeout=5)
    assert caught.value.code() == Code.UNAUTHENTICATED and "invalid API token" in (caught.value.details() or "")
    assert (await shell.stub.Ping(auth_pb2.PingRequest(), metadata=(("authorization", "Bearer forged"),),
                                  timeout=5)).status == "ok"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await shell.stub.GetMe(auth_pb2.GetMeRequest(), timeout=5)
    assert caught.value.code() == Code.UNAUTHENTICATED


async def test_request_id_and_deadline_travel_to_the_next_service(shell: Shell) -> None:
    clients = Clients(shell.settings, "conversation")
    try:
        # Outside any call: a fresh request id at the callee, the caller's own timeout.
        await clients.auth.Ping(auth_pb2.PingRequest(), timeout=20)
        assert len(shell.probe.seen["request_id"]) == 32 and 10 < shell.probe.seen["remaining"] <= 20.5
        # Serving a call with 2 s left: its request id goes along, and no outgoing call outlives it.
        token = callctx.begin(callctx.Call("req-abc", deadline=time.monotonic() + 2))
        try:
            await clients.auth.Ping(auth_pb2.PingRequest(), timeout=30)
        finally:
            callctx.end(token)
        assert shell.probe.seen["request_id"] == "req-abc" and 0 < shell.probe.seen["remaining"] <= 2.1  # (gRPC rounds deadlines)
        # Work left running after its call ended keeps the request id but not the deadline.
        ended = callctx.Call("req-done", deadline=time.monotonic() + 2)
        ended.active = False
        token = callctx.begin(ended)
        try:
            await clients.auth.Ping(auth_pb2.PingRequest(), timeout=30)
        finally:
            callctx.end(token)
        assert shell.probe.seen["request_id"] == "req-done" and shell.probe.seen["remaining"] > 20
    finally:
        await clients.close()

