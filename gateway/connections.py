"""Connection bounds of the HTTP server: a cap on open connections and deadlines for reading a
request's headers and body.

Why: uvicorn closes an idle keep-alive connection only after a response, so a client that
connects and never sends a byte, sends headers a byte at a time (slowloris) or trickles a body
holds a connection and a file descriptor forever; thousands of them exhaust the process.
Each connection here has one deadline for the phase it is in (headers, then body); at the
deadline it is answered 408 and closed. Connections beyond the cap are answered 503 and closed
at once, never queued. Keep-alive idleness is uvicorn's own ``timeout_keep_alive``.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from typing import Any

import h11

from gateway.app import NoDelayH11Protocol


@dataclass(frozen=True)
class ConnectionBounds:
    """Per worker process: ``DOT_GATEWAY_MAX_CONNECTIONS``, ``DOT_GATEWAY_{HEADER,BODY,KEEPALIVE}_TIMEOUT_S``."""

    max_connections: int = 1000
    header_timeout_s: float = 10.0
    body_timeout_s: float = 60.0
    keepalive_timeout_s: float = 5.0

    @classmethod
    def from_env(cls, env: Any = None) -> ConnectionBounds:
        env = os.environ if env is None else env
        d = cls()
        return cls(
            max_connections=max(1, int(env.get("DOT_GATEWAY_MAX_CONNECTIONS", d.max_connections))),
            header_timeout_s=max(0.1, float(env.get("DOT_GATEWAY_HEADER_TIMEOUT_S", d.header_timeout_s))),
            body_timeout_s=max(0.1, float(env.get("DOT_GATEWAY_BODY_TIMEOUT_S", d.body_timeout_s))),
            keepalive_timeout_s=max(0.1, float(env.get("DOT_GATEWAY_KEEPALIVE_TIMEOUT_S", d.keepalive_timeout_s))),
        )


def _raw_response(status: int, reason: str, detail: str) -> bytes:
    body = json.dumps({"detail": detail}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\nconnection: close\r\n"
            f"content-length: {len(body)}\r\n\r\n")
    return head.encode() + body


_BUSY = _raw_response(503, "Service Unavailable", "too many open connections; retry later")
_HEADERS_LATE = _raw_response(408, "Request Timeout", "request headers not received in time")
_BODY_LATE = _raw_response(408, "Request Timeout", "request body not received in time")


class BoundedH11Protocol(NoDelayH11Protocol):
    """uvicorn's HTTP/1.1 protocol with a connection cap and header/body read deadlines.

    Serve with ``uvicorn.run(..., http="gateway.connections:BoundedH11Protocol")``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bounds = ConnectionBounds.from_env()
        self._phase: str | None = None
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.bounds.max_connections:
            self.transport.write(_BUSY)
            self.transport.close()
            return
        self._track()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        self._track()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._track()

    def _track(self) -> None:
        """Arm the deadline of the phase the peer is in; none while the app works on a full request."""
        if self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        phase = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._disarm()
        self._phase = phase
        if phase is not None:
            timeout = self.bounds.header_timeout_s if phase == "headers" else self.bounds.body_timeout_s
            self._deadline = self.loop.call_later(timeout, self._expired, phase)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, None

    def _expired(self, phase: str) -> None:
        self._deadline = None
        if self.transport.is_closing() or phase != self._phase:
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_HEADERS_LATE if phase == "headers" else _BODY_LATE)
        self.transport.close()
