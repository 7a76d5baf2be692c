"""Authentication and identity routes (contract §3.1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from dot.v1 import auth_pb2
from gateway.deps import Caller, GatewayState, State
from services.common.errors import NotFound, PermissionDenied
from services.common.remote_identity import service_metadata

router = APIRouter(tags=["Auth"])
RPC_TIMEOUT = 10.0


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"


class CreateTokenIn(BaseModel):
    name: str = Field("API token", max_length=200)
    description: str = Field("", max_length=1000)
    expires_in_days: int = Field(365, ge=1, le=3650)


class LegacyTokenIn(BaseModel):
    user_id: str = Field("", max_length=320)


def _iso(ts: int) -> str | None:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds") if ts else None


def token_info(t: auth_pb2.ApiToken) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "description": t.description, "created_at": t.created_at,
            "expires_at": t.expires_at or None, "last_used_at": t.last_used_at or None}


async def password_login(gw: GatewayState, request: Request, email: str, password: str) -> auth_pb2.LoginResponse:
    """Login RPC carrying the HTTP client's address (throttled per address by auth).

    The address is what uvicorn reports: the peer, or X-Forwarded-For when the peer is a trusted
    proxy (uvicorn's --forwarded-allow-ips, 127.0.0.1 by default). Only the gateway's service
    identity may assert it.
    """
    address = request.client.host if request.client else ""
    return await gw.clients.auth.Login(auth_pb2.LoginRequest(email=email, password=password, client_address=address),
                                      metadata=service_metadata(gw.tokens, "gateway"), timeout=RPC_TIMEOUT)


@router.post("/api/auth/token", response_model=TokenOut,
             responses={429: {"description": "Too many failed sign-ins for this account or client address; "
                                             "retry after the Retry-After header's seconds"}})
async def login_for_access_token(
    gw: State,
    request: Request,
    username: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
    scope: Annotated[str, Form()] = "",
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> TokenOut:
    """OAuth2 password login (form fields ``username`` = e-mail, ``password``)."""
    r = await password_login(gw, request, username, password)
    return TokenOut(access_token=r.access_token, token_type="bearer")


class MeOut(BaseModel):
    id: str
    user_id: str
    email: str
    realname: str
    role: str
    groups: list[str]
    org_id: str
    token_type: str
    active_groups: list[str] | None = None
    name: str | None = None
    expires_at: str | None = None


@router.get("/api/auth/me", response_model=MeOut)
async def read_user_me(who: Caller) -> JSONResponse:
    """The caller: e-mail, name, role, groups, org, and the token's name/expiry for API tokens.

    Answered from the verified principal, no RPC: it is what auth's GetMe would return, either just
    verified by auth or cached only while auth's invalidation stream is acked (so a revoked token,
    deleted user or changed role is refused on the very next request)."""
    p = who.principal
    if p.role == "service":
        raise PermissionDenied("service principals have no user record")
    out: dict[str, Any] = {
        "id": p.user_id, "user_id": p.user_id, "email": p.email, "realname": p.realname, "role": p.role,
        "groups": list(p.groups), "org_id": p.org_id, "token_type": p.token_kind,
    }
    if p.active_groups:
        out["active_groups"] = list(p.active_groups)
    if p.token_kind in ("api", "embedded"):
        out["name"] = p.token_name or None
        out["expires_at"] = _iso(p.expires_at)
    return JSONResponse(out)  # built here: the hot path skips response-model re-validation


@router.get("/api/healthcheck")
async def healthcheck(gw: State) -> dict[str, str]:
    """Unauthenticated liveness through the gateway and one RPC (the benchmark's baseline route)."""
    r = await gw.clients.auth.Ping(auth_pb2.PingRequest(), timeout=RPC_TIMEOUT)
    return {"status": r.status}


@router.post("/api/api_tokens", status_code=201)
async def create_api_token(gw: State, who: Caller, body: CreateTokenIn) -> dict[str, Any]:
    """Create an API token; the token is returned once and only its hash is stored."""
    r = await gw.clients.auth.CreateApiToken(
        auth_pb2.CreateApiTokenRequest(name=body.name, description=body.description,
                                       expires_in_days=body.expires_in_days),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"token": r.token, **token_info(r.info)}


@router.post("/api/mcp_token", status_code=201)
async def create_mcp_token(gw: State, who: Caller) -> dict[str, Any]:
    """Extension: an MCP-only token (accepted only at ``/ai/mcp``, 365 days); revokes the previous one."""
    r = await gw.clients.auth.CreateApiToken(auth_pb2.CreateApiTokenRequest(kind="mcp"), metadata=who.metadata,
                                             timeout=RPC_TIMEOUT)
    return {"token": r.token, **token_info(r.info)}


@router.get("/api/api_tokens")
async def list_api_tokens(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.auth.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [token_info(t) for t in r.tokens]


@router.delete("/api/api_tokens/{token_id}")
async def revoke_api_token(gw: State, who: Caller, token_id: str) -> dict[str, Any]:
    if len(token_id) > 64:
        raise NotFound(f"API token '{token_id[:64]}' not found")
    await gw.clients.auth.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=token_id), metadata=who.metadata,
                                         timeout=RPC_TIMEOUT)
    gw.verifier.invalidate([token_id], [])
    return {"id": token_id, "revoked": True}


@router.post("/api/get_api_token")
async def get_api_token(gw: State, who: Caller, body: LegacyTokenIn) -> dict[str, Any]:
    """Legacy: a fresh token for ``user_id`` (admin, or the user themself); revokes the previous one."""
    r = await gw.clients.auth.IssueLegacyToken(auth_pb2.IssueLegacyTokenRequest(user_id=body.user_id),
                                               metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"api_token": r.token, "token": r.token, **token_info(r.info)}


class UnlockIn(BaseModel):
    email: str = Field("", max_length=320)
    address: str = Field("", max_length=64)


@router.get("/api/locked_accounts")
async def locked_accounts(gw: State, who: Caller) -> list[dict[str, Any]]:
    """Extension (admin): accounts and client addresses locked after repeated failed sign-ins."""
    r = await gw.clients.auth.ListLockedAccounts(auth_pb2.ListLockedAccountsRequest(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [{"kind": x.kind, ("email" if x.kind == "account" else "address"): x.key, "failures": x.failures,
             "locked_until": _iso(x.locked_until)} for x in r.locked]


@router.post("/api/unlock_account")
async def unlock_account(gw: State, who: Caller, body: UnlockIn) -> dict[str, Any]:
    """Extension (admin): end the lock and the failure count of an e-mail and/or a client address."""
    await gw.clients.auth.UnlockAccount(auth_pb2.UnlockAccountRequest(email=body.email, address=body.address),
                                        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"email": body.email or None, "address": body.address or None, "unlocked": True}
