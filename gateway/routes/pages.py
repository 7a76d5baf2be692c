"""Browser pages of the official CLI's login (``/cli-auth``) and invitation acceptance, in the web app's look
(gateway/web renders them; the chat, history and settings live there too)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Annotated
from urllib.parse import urlencode

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dot.v1 import auth_pb2
from gateway.credentials import Verified
from gateway.deps import GatewayState, State, caller_or_access_token, header_credential
from gateway.routes.auth import password_login
from gateway.web.render import render
from gateway.web.session import SESSION_COOKIE
from gateway.web.routes import secure_cookies, set_web_session
from services.common import grpc_errors
from services.common.errors import InvalidArgument, PermissionDenied, TooManyRequests, Unauthenticated
from services.common.identity import derive_key

router = APIRouter(tags=["Pages"])
STATE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,256}$")
CLI_TOKEN_DAYS = 365
CLI_TOKEN_NAME = "dot CLI"
CSRF_COOKIE = "dot_cli_csrf"
CSRF_TTL_S = 15 * 60



def _check(port: int, state: str) -> None:
    if not 1024 <= port <= 65535:
        raise InvalidArgument("port must be between 1024 and 65535")
    if not STATE_RE.match(state):
        raise InvalidArgument("state must be 1-256 characters of letters, digits, '-' or '_'")


def set_session_cookie(gw: GatewayState, request: Request, resp: Response, session: str) -> None:
    """Dot's Authorization cookie (as before) and the web app's session cookie, so the browser that
    signed in here is signed in to the web app too."""
    resp.set_cookie("Authorization", f"Bearer {session}", httponly=True, samesite="lax",
                    secure=secure_cookies(gw, request))
    set_web_session(gw, request, resp, session)


class CliCsrf:
    """CSRF tokens for the CLI pages: an HMAC over a per-browser nonce cookie (double submit),
    the port and state, and what the form is for ("login", or the session's user and token id).

    A cross-site page can neither read the nonce cookie nor compute the HMAC, so it cannot make
    a signed-in browser mint a CLI token, nor sign the browser in to another account.
    """

    def __init__(self, gw: GatewayState) -> None:
        self._key = derive_key(gw.settings.secret_key, "dot-cli-auth-csrf-v1")

    def token(self, nonce: str, port: int, state: str, binding: str) -> str:
        exp = int(time.time()) + CSRF_TTL_S
        return f"{exp}.{self._mac(nonce, port, state, binding, exp)}"

    def check(self, token: str, nonce: str | None, port: int, state: str, binding: str) -> None:
        exp_s, _, mac = (token or "").partition(".")
        if not nonce or not exp_s.isdigit() or int(exp_s) < time.time():
            raise PermissionDenied("this page has expired or was not opened by this browser: "
                                   "run the dot CLI login again")
        if not hmac.compare_digest(mac, self._mac(nonce, port, state, binding, int(exp_s))):
            raise PermissionDenied("the form's CSRF token is not valid for this browser and request")

    def _mac(self, nonce: str, port: int, state: str, binding: str, exp: int) -> str:
        msg = "\x1f".join((nonce, str(port), state, binding, str(exp))).encode()
        return hmac.new(self._key, msg, hashlib.sha256).hexdigest()


def _nonce(request: Request) -> tuple[str, bool]:
    """The browser's CSRF nonce (cookie) and whether it has to be set now."""
    current = request.cookies.get(CSRF_COOKIE, "")
    if re.fullmatch(r"[A-Za-z0-9_\-]{32,64}", current):
        return current, False
    return secrets.token_urlsafe(32), True


def _with_nonce(gw: GatewayState, request: Request, resp: Response, nonce: str, new: bool) -> Response:
    if new:
        resp.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="lax", path="/cli-auth",
                        secure=secure_cookies(gw, request))
    return resp


def _session_binding(who: Verified) -> str:
    return f"session:{who.principal.user_id}:{who.principal.token_id}"


async def _redirect_with_token(gw: GatewayState, who: Verified, port: int, state: str) -> Response:
    """One CLI token per user (as Dot does): a new browser login revokes the previous CLI token."""
    previous = await gw.clients.auth.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=who.metadata, timeout=10)
    for tok in previous.tokens:
        if tok.name == CLI_TOKEN_NAME:
            await gw.clients.auth.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=tok.id), metadata=who.metadata,
                                                 timeout=10)
    created = await gw.clients.auth.CreateApiToken(
        auth_pb2.CreateApiTokenRequest(name=CLI_TOKEN_NAME, description="created by dot login (browser)",
                                       expires_in_days=CLI_TOKEN_DAYS),
        metadata=who.metadata, timeout=10)
    # Loopback only, fixed host: the port and state are validated, nothing else is taken from input.
    target = f"http://127.0.0.1:{port}/callback?" + urlencode({"token": created.token, "state": state})
    return RedirectResponse(target, status_code=302)


def _login_page(request: Request, port: int, state: str, csrf: str, error: str = "", status: int = 200) -> Response:
    return render(request, "cli_login.html", {"title": "Sign in", "error": error,
                                               "hidden": {"port": port, "state": state, "csrf_token": csrf}},
                  status, form_action=False)


def _confirm_page(request: Request, who: Verified, port: int, state: str, csrf: str,
                  access_token: str | None) -> Response:
    extra = {"access_token": access_token} if access_token else {}
    return render(request, "cli_confirm.html", {"title": "Authorise the dot CLI", "email": who.principal.email,
                                                 "days": CLI_TOKEN_DAYS,
                                                 "hidden": {"port": port, "state": state, "csrf_token": csrf, **extra}},
                  form_action=False)


@router.get("/cli-auth", response_class=HTMLResponse)
async def cli_auth(gw: State, request: Request, port: Annotated[int, Query()],
                   state: Annotated[str, Query(max_length=256)]) -> Response:
    """Signed in: a confirmation page; signed out: the sign-in form. A GET never mints a token."""
    _check(port, state)
    nonce, new = _nonce(request)
    csrf = CliCsrf(gw)
    who = await caller_or_access_token(request)
    if who is None:
        return _with_nonce(gw, request, _login_page(request, port, state, csrf.token(nonce, port, state, "login")),
                           nonce, new)
    page = _confirm_page(request, who, port, state, csrf.token(nonce, port, state, _session_binding(who)),
                         request.query_params.get("access_token") if header_credential(request) is None else None)
    return _with_nonce(gw, request, page, nonce, new)


@router.post("/cli-auth/confirm", response_class=HTMLResponse)
async def cli_auth_confirm(gw: State, request: Request, port: Annotated[int, Form()],
                           state: Annotated[str, Form(max_length=256)],
                           csrf_token: Annotated[str, Form(max_length=200)] = "",
                           access_token: Annotated[str | None, Form(max_length=8192)] = None) -> Response:
    """The confirmation's target: the only place a signed-in browser mints the CLI token."""
    _check(port, state)
    try:
        cred = header_credential(request)
    except PermissionDenied:  # the web session cookie without an X-CSRF-Token: this form has its own CSRF token
        cred = None
    cred = cred or request.cookies.get(SESSION_COOKIE, "").strip() or access_token
    if not cred:
        raise Unauthenticated("sign in first: open the link from the dot CLI again")
    who = await gw.verifier.verify(cred)
    CliCsrf(gw).check(csrf_token, request.cookies.get(CSRF_COOKIE), port, state, _session_binding(who))
    return await _redirect_with_token(gw, who, port, state)


@router.post("/cli-auth", response_class=HTMLResponse)
async def cli_auth_login(gw: State, request: Request, port: Annotated[int, Form()],
                         state: Annotated[str, Form(max_length=256)],
                         username: Annotated[str, Form(max_length=320)],
                         password: Annotated[str, Form(max_length=1024)],
                         csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """The sign-in form's target: check the CSRF token and the password, then mint and redirect."""
    _check(port, state)
    nonce = request.cookies.get(CSRF_COOKIE)
    csrf = CliCsrf(gw)
    csrf.check(csrf_token, nonce, port, state, "login")
    try:
        session = await password_login(gw, request, username, password)
    except grpc.aio.AioRpcError as exc:
        err = grpc_errors.decode(exc)
        again = csrf.token(nonce or "", port, state, "login")
        if isinstance(err, Unauthenticated):  # wrong password: show the form again, not a JSON error
            return _login_page(request, port, state, again, "Incorrect e-mail or password.", 401)
        if isinstance(err, TooManyRequests):
            page = _login_page(request, port, state, again, f"Too many failed sign-ins: try again in {err.retry_after} s.", 429)
            page.headers["Retry-After"] = str(err.retry_after)
            return page
        raise err from None  # everything else goes through the one mapping in gateway/errors.py
    who = await gw.verifier.verify(session.access_token)
    resp = await _redirect_with_token(gw, who, port, state)
    set_session_cookie(gw, request, resp, session.access_token)
    return resp


__all__ = ["router"]


def _invitation_page(request: Request, token: str, error: str = "", status: int = 200) -> Response:
    return render(request, "invitation.html", {"title": "Accept invitation", "token": token, "error": error}, status)


@router.get("/accept-invitation", response_class=HTMLResponse, include_in_schema=False)
async def accept_invitation_page(request: Request, token: Annotated[str, Query(max_length=512)] = "") -> Response:
    """The page an invitation mail links to."""
    if not token:
        return _invitation_page(request, "", "This link has no invitation token.", 400)
    return _invitation_page(request, token)


@router.post("/accept-invitation", response_class=HTMLResponse, include_in_schema=False)
async def accept_invitation_form(gw: State, request: Request, token: Annotated[str, Form(max_length=512)],
                                 password: Annotated[str, Form(max_length=1024)],
                                 realname: Annotated[str, Form(max_length=200)] = "") -> Response:
    from dot.v1 import admin_pb2

    try:
        r = await gw.clients.admin.AcceptInvitation(
            admin_pb2.AcceptInvitationRequest(token=token, password=password, realname=realname), timeout=10)
    except grpc.aio.AioRpcError as exc:
        err = grpc_errors.decode(exc)
        from gateway.errors import HTTP_BY_CODE

        status = HTTP_BY_CODE.get(err.code, 500)
        if status >= 500:
            raise err from None
        return _invitation_page(request, token, str(err.detail), status)
    resp = render(request, "welcome.html", {"title": "Welcome"})
    set_session_cookie(gw, request, resp, r.access_token)
    return resp
