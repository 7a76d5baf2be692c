"""Per-request plumbing: who is calling, and the stubs to reach the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from gateway.credentials import CredentialVerifier, Verified
from gateway.web.session import EMBED_SCOPE, web_cookie_credential
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import PermissionDenied, Unauthenticated
from services.common.identity import InternalTokens

MAX_CREDENTIAL_LEN = 8192


@dataclass
class GatewayState:
    settings: Settings
    clients: Clients
    tokens: InternalTokens
    verifier: CredentialVerifier


def _gw(request: Request) -> GatewayState:
    return request.app.state.gw


async def state(request: Request) -> GatewayState:
    """Async on purpose: FastAPI runs plain ``def`` dependencies in a thread pool (a hop per request)."""
    return _gw(request)


def header_credential(request: Request) -> str | None:
    """Authorization: Bearer, API-KEY, X-API-KEY, the Authorization cookie, then the web app's
    session cookie (CSRF-checked; under /embed/api only the embed cookie), in that order."""
    h = request.headers
    auth = h.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    for name in ("api-key", "x-api-key"):
        v = h.get(name)
        if v is not None:
            if not v.strip():
                raise Unauthenticated(f"empty {name.upper()} header")
            return v.strip()
    if request.scope.get(EMBED_SCOPE):
        return web_cookie_credential(request, _gw(request).settings.secret_key)
    cookie = request.cookies.get("Authorization")
    if cookie:
        cookie = cookie.strip()
        return cookie[7:].strip() if cookie.lower().startswith("bearer ") else cookie
    return web_cookie_credential(request, _gw(request).settings.secret_key)


async def _verify(gw: GatewayState, credential: str, *, for_mcp: bool = False) -> Verified:
    """Verify a credential; MCP-only tokens are refused everywhere but the MCP server."""
    if len(credential) > MAX_CREDENTIAL_LEN:
        raise Unauthenticated("credential is too long")
    v = await gw.verifier.verify(credential)
    if v.principal.token_kind == "mcp" and not for_mcp:
        raise PermissionDenied("this is an MCP token: it is accepted only by the MCP server at /ai/mcp")
    return v


async def mcp_caller(gw: GatewayState, headers: Mapping[str, str]) -> Verified:
    """The MCP server's credential: X-API-KEY / API-KEY (an API or MCP token) or a Bearer token.

    Embedded sessions are for the embedded chat only and are refused here.
    """
    cred = None
    auth = headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        cred = value.strip() if scheme.lower() == "bearer" else None
    cred = cred or (headers.get("x-api-key") or headers.get("api-key") or "").strip()
    if not cred:
        raise Unauthenticated("send an API or MCP token in the X-API-KEY header")
    v = await _verify(gw, cred, for_mcp=True)
    if v.principal.token_kind == "embedded":
        raise PermissionDenied("embedded sessions cannot use the MCP server")
    return v


async def caller(request: Request) -> Verified:
    """Header or cookie credentials only (query tokens authenticate nothing here)."""
    cred = header_credential(request)
    if not cred:
        raise Unauthenticated("Invalid API key: send API-KEY, X-API-KEY or Authorization: Bearer <token>")
    return await _verify(_gw(request), cred)


async def caller_or_query(request: Request) -> Verified:
    """Also accepts ``?user_id=<email>&api_token=<token>`` (sync, asset import, history export)."""
    cred = header_credential(request)
    if cred:
        return await _verify(_gw(request), cred)
    q = request.query_params
    token, user = q.get("api_token"), q.get("user_id")
    if not token:
        raise Unauthenticated("Invalid API key: send a header credential or ?user_id=&api_token=")
    if not user:
        raise Unauthenticated("user_id is required with api_token")
    v = await _verify(_gw(request), token)
    if user.strip().lower() not in (v.principal.email.lower(), v.principal.user_id.lower()):
        raise Unauthenticated("user_id does not match the api_token's user")
    return v


async def caller_or_access_token(request: Request) -> Verified | None:
    """Web pages: header/cookie credentials or ``?access_token=``; None when signed out."""
    cred = header_credential(request) or request.query_params.get("access_token")
    if not cred:
        return None
    try:
        return await _verify(_gw(request), cred)
    except Unauthenticated:
        return None


def base_url(request: Request) -> str:
    gw = _gw(request)
    return gw.settings.public_url or str(request.base_url).rstrip("/")


Caller = Annotated[Verified, Depends(caller)]
QueryCaller = Annotated[Verified, Depends(caller_or_query)]
State = Annotated[GatewayState, Depends(state)]
