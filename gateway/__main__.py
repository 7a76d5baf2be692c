"""``python -m gateway``: serve the HTTP API with uvicorn (``DOT_GATEWAY_WORKERS`` processes)."""

from __future__ import annotations

import os

import uvicorn

from services.common.config import Settings


def factory():  # type: ignore[no-untyped-def]
    """uvicorn app factory (each worker builds its own app and state)."""
    from gateway import logs
    from gateway.app import create_app

    logs.install()
    return create_app(Settings.from_env())


def _http_protocol() -> str:
    """h11 with the connection bounds (the default). ``DOT_GATEWAY_HTTP=httptools`` exists only to measure
    uvicorn's httptools parser (bench/RESULTS.md): it has none of the bounds, so it is not for serving."""
    if os.environ.get("DOT_GATEWAY_HTTP") == "httptools":
        return "httptools"
    return "gateway.connections:BoundedH11Protocol"


if __name__ == "__main__":
    from gateway.connections import ConnectionBounds

    s = Settings.from_env()
    bounds = ConnectionBounds.from_env()
    uvicorn.run(
        "gateway.__main__:factory",
        factory=True,
        host=s.http_host,
        port=s.http_port,
        workers=int(os.environ.get("DOT_GATEWAY_WORKERS", "1")),
        # "trace" would print raw request headers (credentials): the most verbose level allowed is debug
        log_level=os.environ.get("DOT_LOG_LEVEL", "warning").replace("trace", "debug"),
        h11_max_incomplete_event_size=64 * 1024,
        # TCP_NODELAY also when workers share one socket; connection cap; header/body read deadlines
        http=_http_protocol(),
        loop=os.environ.get("DOT_GATEWAY_LOOP", "asyncio"),  # "uvloop": measured in bench/RESULTS.md
        limit_concurrency=bounds.max_connections + 1,  # uvicorn counts this connection too
        timeout_keep_alive=bounds.keepalive_timeout_s,
    )
