"""``python -m gateway``: serve the HTTP API with uvicorn (``DOT_GATEWAY_WORKERS`` processes)."""

from __future__ import annotations

import uvicorn

from services.common.config import Settings


def factory():  # type: ignore[no-untyped-def]
    """uvicorn app factory (each worker builds its own app and state)."""
    from gateway import logs
    from gateway.app import create_app
    from services.common.telemetry import configure_logging, setup_tracing

    settings = Settings.from_env()
    configure_logging("gateway", settings.log_format, settings.log_level or "warning")
    logs.install()
    if settings.tracing:
        setup_tracing("gateway", settings.otlp_endpoint)
    return create_app(settings)


def _http_protocol(s: Settings) -> str:
    """h11 with the connection bounds (the default). ``DOT_GATEWAY_HTTP=httptools`` exists only to measure
    uvicorn's httptools parser (bench/RESULTS.md): it has none of the bounds, so it is not for serving."""
    return "httptools" if s.gateway_http == "httptools" else "gateway.connections:BoundedH11Protocol"


if __name__ == "__main__":
    from gateway.connections import ConnectionBounds

    s = Settings.from_env()
    bounds = ConnectionBounds.from_env()
    uvicorn.run(
        "gateway.__main__:factory",
        factory=True,
        host=s.http_host,
        port=s.http_port,
        workers=s.gateway_workers,
        # "trace" would print raw request headers (credentials): the most verbose level allowed is debug
        log_level=(s.log_level or "warning").replace("trace", "debug"),
        # JSON logs: uvicorn's own records go to the root handler (one JSON object per line, redacted)
        log_config=None if s.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
        h11_max_incomplete_event_size=64 * 1024,
        # TCP_NODELAY also when workers share one socket; connection cap; header/body read deadlines
        http=_http_protocol(s),
        loop=s.gateway_loop,  # "uvloop": measured in bench/RESULTS.md, not adopted
        limit_concurrency=bounds.max_connections + 1,  # uvicorn counts this connection too
        timeout_keep_alive=bounds.keepalive_timeout_s,
    )
