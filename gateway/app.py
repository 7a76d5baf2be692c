"""The FastAPI gateway: Dot's documented HTTP interface translated to internal RPCs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc

from gateway.credentials import CredentialVerifier
from gateway.deps import GatewayState
from gateway.errors import install_error_handlers
from gateway.limits import BodySizeLimit
from gateway.routes import admin, auth, conversation, knowledge, pages
from services.common.clients import Clients
from services.common.config import SERVICE_NAMES, Settings
from services.common.identity import InternalTokens

HEALTH_TIMEOUT_S = 0.5


def create_app(settings: Settings) -> FastAPI:
    """Build the app; its state (stubs, credential cache) lives on ``app.state.gw``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        clients = Clients(settings)
        tokens = InternalTokens(settings.secret_key)
        verifier = CredentialVerifier(clients, tokens)
        app.state.gw = GatewayState(settings=settings, clients=clients, tokens=tokens, verifier=verifier)
        verifier.start()
        try:
            yield
        finally:
            await verifier.stop()
            await clients.close()

    app = FastAPI(
        title="Dot-compatible API",
        version="1.0.0",
        description="Self-hosted AI data analyst speaking Dot's HTTP API.",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimit, max_bytes=64 * 1024 * 1024)
    install_error_handlers(app)
    for r in (auth.router, admin.router, knowledge.router, conversation.router, pages.router):
        app.include_router(r)

    @app.get("/healthz", tags=["Health"])
    async def healthz(request: Request) -> JSONResponse:
        """Each backend's gRPC health; 503 when any is down."""
        gw: GatewayState = request.app.state.gw
        results = await asyncio.gather(*(_check(gw.clients, n) for n in SERVICE_NAMES))
        backends = dict(zip(SERVICE_NAMES, results, strict=True))
        ok = all(v == "SERVING" for v in backends.values())
        body: dict[str, Any] = {"status": "ok" if ok else "degraded", "backends": backends,
                                "token_cache": "on" if gw.verifier.caching else "off"}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app


async def _check(clients: Clients, name: str) -> str:
    stub = health_pb2_grpc.HealthStub(clients.channel(name))
    try:
        r = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=HEALTH_TIMEOUT_S)
    except grpc.aio.AioRpcError as exc:
        return "UNAVAILABLE" if exc.code() != grpc.StatusCode.DEADLINE_EXCEEDED else "TIMEOUT"
    return health_pb2.HealthCheckResponse.ServingStatus.Name(r.status)
