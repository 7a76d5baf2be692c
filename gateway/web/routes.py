"""The web app's pages: sign-in, chat (``dot_url`` opens it), history, settings and the embedded view.

Pages are rendered on the server; their scripts (static/*.js) call the public /api routes with
the session cookie and its CSRF header, so the browser can do nothing the API would not allow.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Annotated, Any
from urllib.parse import quote

import grpc
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from gateway.credentials import Verified
from gateway.deps import GatewayState, State, _verify
from gateway.routes.auth import password_login
from gateway.web.render import render, web
from gateway.web.session import EMBED_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_S
from gateway.web.session import csrf_token as session_csrf
from services.common import grpc_errors
from services.common.errors import NotFound, PermissionDenied, TooManyRequests, Unauthenticated
from services.common.identity import derive_key

router = APIRouter(include_in_schema=False)
LOGIN_NONCE_COOKIE = "dot_web_login"
LOGIN_CSRF_TTL_S = 30 * 60
EMBED_MAX_AGE_S = 24 * 3600  # an embedded token's own lifetime
SETTINGS = {"tokens": "API tokens", "users": "Users and roles", "invitations": "Invitations", "groups": "Groups",
            "connections": "Connections", "tables": "Tables and docs"}
ADMIN_ONLY = {"users", "invitations", "groups"}
MODELER = {"tables", "connections"}


def secure_cookies(gw: GatewayState, request: Request) -> bool:
    """Cookies get ``Secure`` when the browser talks HTTPS: directly, through a trusted proxy's
    X-Forwarded-Proto (uvicorn applies it for --forwarded-allow-ips), or per the public URL."""
    return request.url.scheme == "https" or (gw.settings.public_url or "").startswith("https://")


def set_web_session(gw: GatewayState, request: Request, resp: Response, session: str) -> None:
    """The web app's cookie: HttpOnly, SameSite=Lax, Secure over HTTPS; API writes need its CSRF header."""
    resp.set_cookie(SESSION_COOKIE, session, max_age=SESSION_MAX_AGE_S, httponly=True, samesite="lax",
                    secure=secure_cookies(gw, request), path="/")


async def signed_in(request: Request) -> tuple[Verified, str] | None:
    """The signed-in user of a page (web session cookie, else Dot's Authorization cookie) and the
    CSRF token its scripts send; None when signed out or the session is no longer valid."""
    gw: GatewayState = request.app.state.gw
    cred = request.cookies.get(SESSION_COOKIE, "").strip()
    purpose = SESSION_COOKIE
    if not cred:
        cred = request.cookies.get("Authorization", "").strip()
        cred = cred[7:].strip() if cred.lower().startswith("bearer ") else cred
        purpose = ""
    if not cred:
        return None
    try:
        who = await _verify(gw, cred)
    except (Unauthenticated, PermissionDenied):
        return None
    return who, session_csrf(gw.settings.secret_key, cred, purpose) if purpose else ""


def _safe_next(value: str | None) -> str:
    """Only a local path: never another host (``//evil``, ``/\\evil``) after sign-in."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")) and len(value) < 2000 \
            and not re.search(r"[\x00-\x1f]", value):
        return value
    return "/"


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)


def _login_mac(gw: GatewayState, nonce: str, exp: int) -> str:
    key = derive_key(gw.settings.secret_key, "dot-web-login-csrf-v1")
    return hmac.new(key, f"{nonce}\x1f{exp}".encode(), hashlib.sha256).hexdigest()


def _page_user(who: Verified, csrf: str) -> dict[str, Any]:
    p = who.principal
    return {"email": p.email, "role": p.role, "kind": p.token_kind, "csrf": csrf}


def _login_page(request: Request, gw: GatewayState, next_url: str, error: str = "", status: int = 200) -> Response:
    nonce = request.cookies.get(LOGIN_NONCE_COOKIE, "")
    new = not re.fullmatch(r"[A-Za-z0-9_\-]{32,64}", nonce)
    if new:
        nonce = secrets.token_urlsafe(32)
    exp = int(time.time()) + LOGIN_CSRF_TTL_S
    resp = render(request, "login.html", {"title": "Sign in", "next": next_url, "error": error,
                                           "csrf": f"{exp}.{_login_mac(gw, nonce, exp)}"}, status)
    if new:
        resp.set_cookie(LOGIN_NONCE_COOKIE, nonce, httponly=True, samesite="lax", path="/login",
                        secure=secure_cookies(gw, request))
    return resp


@router.get("/login")
async def login_page(gw: State, request: Request, next: str = "/") -> Response:
    return _login_page(request, gw, _safe_next(next))


@router.post("/login")
async def login(gw: State, request: Request, username: Annotated[str, Form(max_length=320)],
                password: Annotated[str, Form(max_length=1024)], csrf_token: Annotated[str, Form(max_length=200)] = "",
                next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """Password sign-in from the form; its CSRF token (double submit) stops signing a browser in to
    someone else's account from another site."""
    nonce = request.cookies.get(LOGIN_NONCE_COOKIE, "")
    exp_s, _, mac = csrf_token.partition(".")
    if not nonce or not exp_s.isdigit() or int(exp_s) < time.time() or \
            not hmac.compare_digest(mac.encode(), _login_mac(gw, nonce, int(exp_s)).encode()):
        return _login_page(request, gw, _safe_next(next), "This form expired: please sign in again.", 403)
    try:
        session = await password_login(gw, request, username, password)
    except grpc.aio.AioRpcError as exc:
        err = grpc_errors.decode(exc)
        if isinstance(err, Unauthenticated):
            return _login_page(request, gw, _safe_next(next), "Incorrect e-mail or password.", 401)
        if isinstance(err, TooManyRequests):
            page = _login_page(request, gw, _safe_next(next),
                               f"Too many failed sign-ins: try again in {err.retry_after} s.", 429)
            page.headers["Retry-After"] = str(err.retry_after)
            return page
        raise err from None
    resp = RedirectResponse(_safe_next(next), status_code=303)
    set_web_session(gw, request, resp, session.access_token)
    return resp


@router.post("/logout")
async def logout(gw: State, request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Sign out (a POST with the page's CSRF token, so another site cannot sign you out)."""
    cred = request.cookies.get(SESSION_COOKIE, "").strip()
    if cred and not hmac.compare_digest(csrf_token.encode(),
                                        session_csrf(gw.settings.secret_key, cred, SESSION_COOKIE).encode()):
        raise PermissionDenied("the sign-out form's CSRF token is not valid for this session")
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    resp.delete_cookie("Authorization", path="/")
    return resp


@router.get("/")
async def chat_page(request: Request) -> Response:
    """The chat; ``dot_url`` (``/?c=<chat id>``) opens one, ``owner`` reads another user's (history rules)."""
    me = await signed_in(request)
    if me is None:
        return _login_redirect(request)
    who, csrf = me
    chat_id = request.query_params.get("c", "")[:200]
    owner = request.query_params.get("owner", "")[:320]
    return render(request, "chat.html", {"title": "Chat", "user": _page_user(who, csrf), "page": "chat",
                                          "data": {"chat_id": chat_id, "owner": owner, "api": "/api",
                                                   "embedded": False}})


@router.get("/history")
async def history_page(request: Request) -> Response:
    me = await signed_in(request)
    if me is None:
        return _login_redirect(request)
    who, csrf = me
    return render(request, "history.html", {"title": "History", "user": _page_user(who, csrf), "page": "history"})


@router.get("/settings")
async def settings_root() -> Response:
    return RedirectResponse("/settings/tokens", status_code=303)


@router.get("/settings/{section}")
async def settings_page(request: Request, section: str) -> Response:
    if section not in SETTINGS:
        raise NotFound(f"no settings page '{section[:40]}'")
    me = await signed_in(request)
    if me is None:
        return _login_redirect(request)
    who, csrf = me
    role = who.principal.role
    sections = {k: v for k, v in SETTINGS.items()
                if role == "admin" or (k not in ADMIN_ONLY and (k not in MODELER or role == "modeler"))}
    if section not in sections:
        raise PermissionDenied(f"the {SETTINGS[section].lower()} page is for admins")
    return render(request, "settings.html", {"title": SETTINGS[section], "user": _page_user(who, csrf),
                                              "page": "settings", "section": section, "sections": sections})


@router.get("/vendor/{name}")
async def vendor(request: Request, name: str) -> Response:
    """vega, vega-lite and vega-embed from node_modules (installed by `make install`, never committed)."""
    path = web(request).vendor_file(name)
    if path is None:
        raise NotFound("this browser library is not installed (run make install)")
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


# ---- embedded view ---------------------------------------------------------------------------


def _frame_ancestors(request: Request) -> str:
    return " ".join(("'self'", *web(request).embed_origins))


@router.get("/embed")
async def embed_page(request: Request) -> Response:
    """The chat alone, for an iframe in a host app. The token arrives in the fragment or by
    postMessage (never in the query, so never in logs) and is exchanged for the embed cookie."""
    return render(request, "embed.html", {"title": "Dot", "embed_origins": list(web(request).embed_origins),
                                           "data": {"chat_id": "", "owner": "", "api": "/embed/api",
                                                    "embedded": True}},
                  frame_ancestors=_frame_ancestors(request))


class EmbedSessionIn(BaseModel):
    token: str = Field(min_length=1, max_length=8192)


def _embed_answer(gw: GatewayState, who: Verified, cred: str) -> dict[str, Any]:
    return {"email": who.principal.email, "groups": list(who.principal.active_groups or who.principal.groups),
            "csrf": session_csrf(gw.settings.secret_key, cred, EMBED_COOKIE)}


@router.post("/embed/session")
async def embed_session(gw: State, request: Request, body: EmbedSessionIn) -> Response:
    """Exchange an embedded token (from ``embedded_user_login``) for the embed cookie (path /embed).

    Only embedded tokens: a full user's credential must not be turned into a cookie by a framing page.
    JSON only, so a plain cross-site form cannot post it.
    """
    who = await _verify(gw, body.token.strip())
    if who.principal.token_kind != "embedded":
        raise PermissionDenied("only a token from /api/auth/embedded_user_login opens the embedded view")
    resp = JSONResponse(_embed_answer(gw, who, body.token.strip()))
    secure = secure_cookies(gw, request)
    # Framed by another site the cookie is third-party: SameSite=None (Secure, partitioned per host
    # site) over HTTPS. Over plain HTTP (development) browsers refuse SameSite=None: Lax works when
    # host and server share a site (e.g. localhost on two ports).
    resp.set_cookie(EMBED_COOKIE, body.token.strip(), max_age=EMBED_MAX_AGE_S, httponly=True, path="/embed",
                    samesite="none" if secure else "lax", secure=secure, partitioned=secure)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@router.get("/embed/session")
async def embed_session_state(gw: State, request: Request) -> Response:
    """The current embed cookie's user and CSRF token (after a reload of the frame)."""
    cred = request.cookies.get(EMBED_COOKIE, "").strip()
    if not cred:
        raise Unauthenticated("no embedded session: the host app has to send a token")
    who = await _verify(gw, cred)
    resp = JSONResponse(_embed_answer(gw, who, cred))
    resp.headers["Cache-Control"] = "no-store"
    return resp
