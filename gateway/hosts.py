"""Refuse requests whose Host header is not a trusted name (security review, issue 10).

Links stored in answers (``dot_url``, ``csv_download_url``) and invitation links are built from
the request's base URL when ``DOT_PUBLIC_URL`` is unset, so an attacker-chosen Host header would
end up in links other users click. Only trusted names pass; others get 400 ``{"detail": ...}``.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.config import host_name


class TrustedHosts:
    """Pure ASGI middleware in the manner of Starlette's TrustedHostMiddleware, answering JSON."""

    def __init__(self, app: ASGIApp, names: frozenset[str]) -> None:
        self.app = app
        self.any = "*" in names
        self.exact = frozenset(n for n in names if not n.startswith("*."))
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))  # "*.example.com" -> ".example.com"

    def allowed(self, host: str) -> bool:
        name = host_name(host)
        return bool(name) and (self.any or name in self.exact or name.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if self.allowed(host):
            await self.app(scope, receive, send)
            return
        detail = ("Host header is not one of this server's names; set DOT_PUBLIC_URL or DOT_TRUSTED_HOSTS "
                  "to serve other names")
        await JSONResponse({"detail": detail}, status_code=400)(scope, receive, send)
