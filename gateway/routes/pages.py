"""Browser pages: the official CLI's login (``/cli-auth``) and a minimal landing page."""

from __future__ import annotations

import html
import re
from typing import Annotated
from urllib.parse import urlencode

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dot.v1 import auth_pb2, common_pb2
from gateway.deps import State, caller_or_access_token
from gateway.credentials import Verified
from services.common import grpc_errors
from services.common.errors import InvalidArgument, Unauthenticated

router = APIRouter(tags=["Pages"])
STATE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,256}$")
CLI_TOKEN_DAYS = 365
CLI_TOKEN_NAME = "dot CLI"

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}}
input{{display:block;width:100%;margin:.3rem 0 1rem;padding:.5rem}}button{{padding:.5rem 1rem}}
.err{{color:#b00020}}</style></head><body>{body}</body></html>"""


def _check(port: int, state: str) -> None:
    if not 1024 <= port <= 65535:
        raise InvalidArgument("port must be between 1024 and 65535")
    if not STATE_RE.match(state):
        raise InvalidArgument("state must be 1-256 characters of letters, digits, '-' or '_'")


async def _redirect_with_token(gw: State, who: Verified, port: int, state: str) -> Response:
    """One CLI token per user (as Dot does): a new browser login revokes the previous CLI token."""
    previous = await gw.clients.auth.ListApiTokens(common_pb2.Empty(), metadata=who.metadata, timeout=10)
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


def _login_page(port: int, state: str, error: str = "") -> HTMLResponse:
    err = f'<p class="err">{html.escape(error)}</p>' if error else ""
    body = (f"<h1>Sign in to Dot</h1><p>The <code>dot</code> command-line tool asks to sign in as you.</p>{err}"
            f'<form method="post" action="/cli-auth">'
            f'<input type="hidden" name="port" value="{port}"><input type="hidden" name="state" '
            f'value="{html.escape(state, quote=True)}">'
            '<label>E-mail<input name="username" type="email" autocomplete="username" required></label>'
            '<label>Password<input name="password" type="password" autocomplete="current-password" required></label>'
            "<button type=submit>Sign in and authorise the CLI</button></form>")
    return HTMLResponse(PAGE.format(title="Sign in - Dot", body=body), status_code=401 if error else 200)


@router.get("/cli-auth", response_class=HTMLResponse)
async def cli_auth(gw: State, request: Request, port: Annotated[int, Query()],
                   state: Annotated[str, Query(max_length=256)]) -> Response:
    """With a signed-in browser, mint a CLI token and redirect to the CLI's loopback callback."""
    _check(port, state)
    who = await caller_or_access_token(request)
    if who is None:
        return _login_page(port, state)
    return await _redirect_with_token(gw, who, port, state)


@router.post("/cli-auth", response_class=HTMLResponse)
async def cli_auth_login(gw: State, port: Annotated[int, Form()], state: Annotated[str, Form(max_length=256)],
                         username: Annotated[str, Form(max_length=320)],
                         password: Annotated[str, Form(max_length=1024)]) -> Response:
    """The sign-in form's target: check the password, then redirect like a signed-in GET."""
    _check(port, state)
    try:
        session = await gw.clients.auth.Login(auth_pb2.LoginRequest(email=username, password=password), timeout=10)
    except grpc.aio.AioRpcError as exc:
        err = grpc_errors.decode(exc)
        if isinstance(err, Unauthenticated):  # wrong password: show the form again, not a JSON error
            return _login_page(port, state, "Incorrect e-mail or password.")
        raise err from None  # everything else goes through the one mapping in gateway/errors.py
    who = await gw.verifier.verify(session.access_token)
    resp = await _redirect_with_token(gw, who, port, state)
    resp.set_cookie("Authorization", f"Bearer {session.access_token}", httponly=True, samesite="lax")
    return resp


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(request: Request) -> HTMLResponse:
    chat = request.query_params.get("c", "")
    extra = f"<p>Chat <code>{html.escape(chat)}</code>: read it with <code>GET /api/c2/{html.escape(chat)}</code>.</p>" if chat else ""
    body = ("<h1>Dot-compatible analyst server</h1><p>Ask questions over HTTP (<code>POST /api/agentic</code>), "
            "with the <code>dot</code> CLI, or from your app.</p>"
            f'{extra}<p><a href="/docs">API docs</a> · <a href="/redoc">ReDoc</a></p>')
    return HTMLResponse(PAGE.format(title="Dot", body=body))


__all__ = ["router"]


def _invitation_page(token: str, error: str = "", status: int = 200) -> HTMLResponse:
    err = f'<p class="err">{html.escape(error)}</p>' if error else ""
    body = (f"<h1>Join Dot</h1><p>Choose your name and a password to accept the invitation.</p>{err}"
            '<form method="post" action="/accept-invitation">'
            f'<input type="hidden" name="token" value="{html.escape(token, quote=True)}">'
            '<label>Your name<input name="realname" autocomplete="name"></label>'
            '<label>Password (at least 8 characters)<input name="password" type="password" '
            'autocomplete="new-password" minlength="8" required></label>'
            "<button type=submit>Accept invitation</button></form>")
    return HTMLResponse(PAGE.format(title="Accept invitation - Dot", body=body), status_code=status)


@router.get("/accept-invitation", response_class=HTMLResponse, include_in_schema=False)
async def accept_invitation_page(token: Annotated[str, Query(max_length=512)] = "") -> HTMLResponse:
    """The page an invitation mail links to."""
    if not token:
        return _invitation_page("", "This link has no invitation token.", 400)
    return _invitation_page(token)


@router.post("/accept-invitation", response_class=HTMLResponse, include_in_schema=False)
async def accept_invitation_form(gw: State, token: Annotated[str, Form(max_length=512)],
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
        return _invitation_page(token, str(err.detail), status)
    body = ("<h1>Welcome to Dot</h1><p>Your account is active and you are signed in.</p>"
            '<p>Next: <a href="/docs">the API</a>, or sign in from the terminal with <code>dot login</code>.</p>')
    resp = HTMLResponse(PAGE.format(title="Welcome - Dot", body=body))
    resp.set_cookie("Authorization", f"Bearer {r.access_token}", httponly=True, samesite="lax")
    return resp
