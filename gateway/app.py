"""The FastAPI gateway: Dot's documented HTTP interface translated to internal RPCs."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from grpc_health.v1 import health_pb2, health_pb2_grpc
from uvicorn.protocols.http.h11_impl import H11Protocol

from gateway.credentials import CredentialVerifier
from gateway.deps import GatewayState
from gateway.errors import install_error_handlers
from gateway.hosts import TrustedHosts
from gateway.limits import BodySizeLimit
from gateway.mcp import McpAuth, build_mcp_server, mcp_app
from gateway.routes import admin, auth, conversation, evaluations, knowledge, pages, schedules, verified
from gateway.web import routes as web_routes
from gateway.web.embed import EmbedApiPaths
from gateway.web.render import build_web_state
from services.common.clients import Clients
from services.common.config import SERVICE_NAMES, Settings
from services.common.identity import InternalTokens

HEALTH_TIMEOUT_S = 0.5
ERROR_STATUSES: dict[int, str] = {
    400: "Bad request: refused or failed query, or a request that cannot be acted on as sent",
    401: "Missing, malformed, expired or revoked credential",
    403: "The caller's role or groups do not allow this",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state",
    413: "Request body or upload too large",
    422: "Invalid input (a list of field errors, or a message)",
    503: "A backend service, warehouse or the store is unavailable or read-only",
    504: "A backend or the warehouse did not answer in time",
}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"title": "Detail", "anyOf": [
        {"type": "string"},
        {"type": "object"},
        {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
    ]}},
}
HEALTH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["status", "backends"],
    "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]},
                   "backends": {"type": "object", "additionalProperties": {"type": "string"}},
                   "token_cache": {"type": "string", "enum": ["on", "off"]},
                   "credential_cache": {"type": "object", "properties": {
                       "stream_connected": {"type": "boolean"}, "stream_connects": {"type": "integer"},
                       "stream_resets": {"type": "integer"}, "entries": {"type": "integer"},
                       "hits": {"type": "integer"}, "misses": {"type": "integer"}}}},
}


def create_app(settings: Settings) -> FastAPI:
    """Build the app; its state (stubs, credential cache) lives on ``app.state.gw``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        clients = Clients(settings, "gateway")
        tokens = InternalTokens(settings.secret_key, "gateway", settings.internal_ttl_s)
        verifier = CredentialVerifier(clients, tokens)
        app.state.gw = GatewayState(settings=settings, clients=clients, tokens=tokens, verifier=verifier)
        verifier.start()
        try:
            async with mcp_server.session_manager.run():
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
    app.state.web = build_web_state(os.environ)  # the browser app (gateway/web): templates, embed origins
    app.add_middleware(EmbedApiPaths)  # /embed/api/... -> /api/... for the embedded view's cookie
    app.add_middleware(BodySizeLimit, max_bytes=64 * 1024 * 1024)
    app.add_middleware(TrustedHosts, names=settings.trusted_host_names())  # outermost: before anything else runs
    install_error_handlers(app)
    for r in (auth.router, admin.router, knowledge.router, conversation.router, evaluations.router, schedules.router,
              verified.router, pages.router, web_routes.router):
        app.include_router(r)
    app.mount("/static", StaticFiles(directory=app.state.web.static_dir), name="static")
    mcp_server = build_mcp_server()
    app.mount("/ai", McpAuth(mcp_app(mcp_server)))

    @app.get("/healthz", tags=["Health"], responses={
        200: {"content": {"application/json": {"schema": HEALTH_SCHEMA}}},
        503: {"description": "At least one backend is down", "content": {"application/json": {"schema": HEALTH_SCHEMA}}},
    })
    async def healthz(request: Request) -> JSONResponse:
        """Each backend's gRPC health; 503 when any is down."""
        gw: GatewayState = request.app.state.gw
        results = await asyncio.gather(*(_check(gw.clients, n) for n in SERVICE_NAMES))
        backends = dict(zip(SERVICE_NAMES, results, strict=True))
        ok = all(v == "SERVING" for v in backends.values())
        body: dict[str, Any] = {"status": "ok" if ok else "degraded", "backends": backends,
                                "token_cache": "on" if gw.verifier.caching else "off",
                                "credential_cache": gw.verifier.stats()}
        return JSONResponse(body, status_code=200 if ok else 503)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            app.openapi_schema = document_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the error responses every operation can give, in the shape gateway.errors sends.

    FastAPI declares only 422 with a list of field errors; domain errors reach clients as
    ``{"detail": "<message>"}`` (or an object) with the status from the one error table.
    Browser pages (text/html on success) may answer errors as HTML too.
    """
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas.setdefault("ValidationError", {"type": "object", "required": ["loc", "msg", "type"]})
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            ok = responses.get("200", {}).get("content", {})
            content: dict[str, Any] = {"application/json": {"schema": ref}}
            if "text/html" in ok:
                content["text/html"] = {"schema": {"type": "string"}}
            for status, description in ERROR_STATUSES.items():
                if str(status) not in responses or status == 422:
                    responses[str(status)] = {"description": description, "content": dict(content)}
    schemas.pop("HTTPValidationError", None)
    return schema


async def _check(clients: Clients, name: str) -> str:
    stub = health_pb2_grpc.HealthStub(clients.channel(name))
    try:
        r = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=HEALTH_TIMEOUT_S)
    except grpc.aio.AioRpcError as exc:
        return "UNAVAILABLE" if exc.code() != grpc.StatusCode.DEADLINE_EXCEEDED else "TIMEOUT"
    return health_pb2.HealthCheckResponse.ServingStatus.Name(r.status)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with TCP_NODELAY on every accepted connection.

    With several workers uvicorn binds the listening socket itself with protocol number 0,
    and asyncio then skips TCP_NODELAY on the connections it accepts: a response written as
    headers then body waits for the client's delayed ACK (~40 ms on Linux) every time.
    Serve with ``uvicorn.run(..., http="gateway.app:NoDelayH11Protocol")``.
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
