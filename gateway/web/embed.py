"""The embedded view's plumbing: allowed framing origins and the /embed/api path scope.

The embed cookie has path /embed, so the embedded chat calls the API under /embed/api/...; this
middleware maps those requests onto the same /api routes, flags them so only the embed cookie
authenticates them (gateway.web.session), and refuses every route the embedded chat has no use for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.web.session import EMBED_SCOPE

EMBED_PREFIX = "/embed"
# What the embedded chat needs: ask, read the chat, feedback, CSV, who am I. Nothing else.
EMBED_API = ("/api/ask", "/api/agentic", "/api/c2/", "/api/feedback", "/api/download_csv", "/api/auth/me")
ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def embed_origins(env: Mapping[str, str]) -> tuple[str, ...]:
    """``DOT_EMBED_ORIGINS``: comma-separated origins (``https://app.example.com``) allowed to frame /embed.

    A malformed entry stops the start: a typo must not silently allow or refuse framing.
    """
    out = []
    for raw in (env.get("DOT_EMBED_ORIGINS") or "").split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if not ORIGIN_RE.match(origin):
            raise ValueError(f"DOT_EMBED_ORIGINS: '{origin}' is not an origin like https://app.example.com")
        out.append(origin)
    return tuple(out)


class EmbedApiPaths:
    """ASGI middleware: ``/embed/api/x`` is ``/api/x`` for the embed cookie, on allowed routes only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(EMBED_PREFIX + "/api/"):
            await self.app(scope, receive, send)
            return
        inner = path[len(EMBED_PREFIX):]
        if not any(inner == p or (p.endswith("/") and inner.startswith(p)) for p in EMBED_API):
            body = json.dumps({"detail": "not available in the embedded view"}).encode()
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        scope = dict(scope, path=inner, raw_path=inner.encode())
        scope[EMBED_SCOPE] = True
        await self.app(scope, receive, send)
