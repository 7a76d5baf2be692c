"""Per-request request id and metrics for the gateway; ``/metrics`` for Prometheus; traces.

The request id (the client's ``X-Request-ID`` when it is a sane token, else a new one) is echoed
in the response and travels to every service the request reaches (``services.common.clients``).
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common import callctx
from services.common.config import Settings
from services.common.metrics import HttpMetrics, exposition

_HEADER = callctx.REQUEST_ID_HEADER.lower().encode()
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})  # others count as "other"


class RequestContext:
    """Pure ASGI middleware: the request id (in ``callctx`` and the response) and HTTP metrics."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope.get("headers", ()) if k == _HEADER), None)
        call = callctx.Call(callctx.request_id_or_new(given.decode("latin-1") if given is not None else None))
        header = (_HEADER, call.request_id.encode())
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = callctx.begin(call)
        self.metrics.in_progress.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.in_progress.dec()
            route = scope.get("route")
            method = scope.get("method", "")
            self.metrics.done(method if method in _METHODS else "other", getattr(route, "path", None) or "unmatched",
                              status, time.perf_counter() - call.started)
            callctx.end(token)


def _no_query_in_span(span: Any, scope: dict[str, Any]) -> None:
    """Query strings can carry credentials (``?api_token=``): spans keep the path only."""
    if span is None or not span.is_recording() or not scope.get("query_string"):
        return
    path = scope.get("path", "")
    span.set_attribute("http.target", path)
    span.set_attribute("url.query", "[redacted]")
    host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), "")
    span.set_attribute("http.url", f"{scope.get('scheme', 'http')}://{host}{path}")
    span.set_attribute("url.full", f"{scope.get('scheme', 'http')}://{host}{path}")


def install(app: FastAPI, settings: Settings) -> HttpMetrics:
    """Request ids, metrics and ``GET /metrics`` on ``app``; spans per request when tracing is on."""
    metrics = HttpMetrics()
    app.add_middleware(RequestContext, metrics=metrics)

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        """Prometheus text format: requests by route and status, latencies, requests in progress."""
        body, content_type = exposition(metrics.registry, settings.prometheus_multiproc_dir)
        return Response(body, media_type=content_type)

    if settings.tracing:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, excluded_urls="metrics,healthz", exclude_spans=["receive", "send"],
                                           server_request_hook=_no_query_in_span)
    return metrics

