"""Attacks on authentication, over real HTTP against the real processes.

Forged and replayed credentials (alg none, wrong keys, key confusion, tampered claims,
expired, revoked, deleted-user and another server's tokens), CLI-auth open-redirect
attempts, and oversized headers and bodies. Each must get the right 4xx, and the server
must stay healthy afterwards. Expired tokens are minted with the stack's own secret: a
correctly signed token whose time is up is exactly what the check must refuse.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from dot.v1 import common_pb2
from services.auth.credentials import TokenCodec, token_hash
from services.common.identity import PRINCIPAL_MD, InternalTokens, derive_key
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack, start_stack

ME = "/api/auth/me"


# ---------------------------------------------------------------------------------- helpers
def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def split(token: str) -> tuple[str, dict[str, Any], dict[str, Any], str]:
    """(prefix, header, claims, signature) of a ``dot-<JWT>`` or bare JWT."""
    prefix = "dot-" if token.startswith("dot-") else ""
    h, p, s = token.removeprefix("dot-").split(".")
    return prefix, json.loads(unb64(h)), json.loads(unb64(p)), s


def me_status(stack: Stack, token: str, header: str = "API-KEY") -> int:
    value = f"Bearer {token}" if header == "Authorization" else token
    return httpx.get(stack.url + ME, headers={header: value}, timeout=30).status_code


def me(stack: Stack, token: str) -> httpx.Response:
    return httpx.get(stack.url + ME, headers={"API-KEY": token}, timeout=30)


def assert_refused(stack: Stack, token: str) -> None:
    """Refused with 401 through every header the gateway reads, and healthy afterwards."""
    for header in ("API-KEY", "X-API-KEY", "Authorization"):
        r = httpx.get(stack.url + ME, headers={header: f"Bearer {token}" if header == "Authorization" else token},
                      timeout=30)
        assert r.status_code == 401, (header, r.status_code, r.text)
        assert "detail" in r.json()
    r = httpx.get(stack.url + ME, cookies={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 401, r.text


def admin_claims(stack: Stack) -> dict[str, Any]:
    return split(stack.admin_token)[2]


def insert_token_row(stack: Stack, token: str, claims: dict[str, Any]) -> None:
    """Register a minted API token in auth's store, as CreateApiToken would have."""
    with sqlite3.connect(stack.data_dir / "auth.db", timeout=30) as c:
        c.execute("INSERT INTO tokens (id, user_id, kind, name, description, token_hash, created_at, expires_at) "
                  "VALUES (?, ?, 'api', 'minted by test', '', ?, ?, ?)",
                  (claims["jti"], claims["user_id"], token_hash(token), datetime.now(UTC).isoformat(timespec="seconds"),
                   datetime.fromtimestamp(claims["exp"], UTC).isoformat(timespec="seconds")))


def mint_api_token(stack: Stack, ttl_s: int) -> str:
    """A correctly signed API token for the admin, registered in the store, living ``ttl_s``."""
    c = admin_claims(stack)
    raw, claims = TokenCodec(stack.env["DOT_SECRET_KEY"]).mint(sub=c["sub"], user_id=c["user_id"],
                                                                org_id=c["org_id"], typ="api", ttl_s=ttl_s)
    token = "dot-" + raw
    insert_token_row(stack, token, {"jti": claims.jti, "user_id": claims.user_id, "exp": claims.exp})
    return token


@pytest.fixture(scope="module")
def other_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A second server with its own secret: "another org" whose tokens must mean nothing here."""
    s = start_stack(Path(tmp_path_factory.mktemp("other-org")))
    try:
        yield s
    finally:
        s.stop()


# ---------------------------------------------------------------------------------- forged
def test_valid_token_is_accepted_as_a_control(stack: Stack) -> None:
    for header in ("API-KEY", "X-API-KEY", "Authorization"):
        assert me_status(stack, stack.admin_token, header) == 200


def test_alg_none_is_refused(stack: Stack) -> None:
    prefix, _, claims, _ = split(stack.admin_token)
    for header in ({"alg": "none", "typ": "JWT"}, {"alg": "None"}, {"alg": "NONE", "typ": "JWT"}):
        body = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
        for token in (f"{prefix}{body}.", f"{prefix}{body}", f"{body}."):
            assert_refused(stack, token)


def test_signature_stripped_or_swapped_is_refused(stack: Stack) -> None:
    prefix, header, claims, sig = split(stack.admin_token)
    h, p = b64(json.dumps(header).encode()), b64(json.dumps(claims).encode())
    assert_refused(stack, f"{prefix}{h}.{p}.")
    other_sig = split(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD))[3]
    assert_refused(stack, f"{prefix}{h}.{p}.{other_sig}")
    assert_refused(stack, f"{prefix}{h}.{p}.{sig[:-2]}")


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_wrong_keys_are_refused(stack: Stack) -> None:
    """Random key, the raw server secret, the internal-principal key, and other algorithms."""
    claims = admin_claims(stack)
    secret = stack.env["DOT_SECRET_KEY"]
    keys = [b"secret", uuid.uuid4().bytes, secret.encode(), derive_key(secret, "dot-internal-principal-v1")]
    for key in keys:
        for alg in ("HS256", "HS384", "HS512"):
            token = "dot-" + jwt.encode(claims, key, algorithm=alg)
            assert_refused(stack, token)
    right = derive_key(secret, "dot-user-jwt-v1")
    for alg in ("HS384", "HS512"):  # the right key with an algorithm the server does not accept
        assert_refused(stack, "dot-" + jwt.encode(claims, right, algorithm=alg))


def test_tampered_claims_are_refused(stack: Stack) -> None:
    user_email, _ = stack.create_user("user")
    users = httpx.get(f"{stack.url}/api/get_users", headers={"API-KEY": stack.admin_token}, timeout=30).json()
    victim = next(u for u in users if u["email"] == user_email)
    _, u_header, u_claims, u_sig = split(stack.api_token(stack.login(user_email, "user-password-1")))
    h = b64(json.dumps(u_header).encode())
    admin = admin_claims(stack)
    tampered = [
        {**u_claims, "sub": ADMIN_EMAIL, "user_id": admin["user_id"]},  # become the admin
        {**u_claims, "exp": u_claims["exp"] + 10 * 365 * 86400},  # live longer
        {**u_claims, "typ": "session"},  # skip the token-table check
        {**u_claims, "org_id": "org_other"},
        {**u_claims, "active_groups": ["admins"]},
        {**u_claims, "role": "admin"},
    ]
    for claims in tampered:
        assert_refused(stack, f"dot-{h}.{b64(json.dumps(claims).encode())}.{u_sig}")
    assert victim["role"] == "user"


def test_internal_principal_is_not_a_user_credential(stack: Stack) -> None:
    """The signed principal services pass around is refused at the edge, as header or credential."""
    tokens = InternalTokens(stack.env["DOT_SECRET_KEY"])
    c = admin_claims(stack)
    internal, _ = tokens.mint(common_pb2.Principal(user_id=c["user_id"], email=ADMIN_EMAIL, org_id=c["org_id"],
                                                   role="admin", token_kind="api"))
    assert_refused(stack, internal)
    r = httpx.get(stack.url + ME, headers={PRINCIPAL_MD: internal}, timeout=30)
    assert r.status_code == 401
    service, _ = tokens.mint(tokens.service_principal("gateway"))
    r = httpx.get(f"{stack.url}/api/get_users", headers={PRINCIPAL_MD: service}, timeout=30)
    assert r.status_code == 401


def test_garbage_credentials_are_refused(stack: Stack) -> None:
    for token in ("dot-", "dot-.", "dot-a.b.c", "a.b", "....", "dot-" + "A" * 5000, "0" * 64, "dot-" + "f" * 64,
                  "null", "undefined", "Bearer", "dot-eyJ.eyJ.", "é-token"):
        for header in ("API-KEY", "X-API-KEY"):
            r = httpx.get(stack.url + ME, headers={header: token.encode("utf-8")}, timeout=30)
            assert r.status_code == 401, (token, r.text)
    for value in ("Basic YWRtaW46YWRtaW4=", "Token abc", "Bearer", "Digest x", "Bearer a b c"):
        r = httpx.get(stack.url + ME, headers={"Authorization": value}, timeout=30)
        assert r.status_code == 401, (value, r.text)


# ---------------------------------------------------------------------------------- replayed
def test_expired_tokens_are_refused(stack: Stack) -> None:
    c = admin_claims(stack)
    codec = TokenCodec(stack.env["DOT_SECRET_KEY"])
    session, _ = codec.mint(sub=c["sub"], user_id=c["user_id"], org_id=c["org_id"], typ="session", ttl_s=-5)
    assert_refused(stack, session)
    assert_refused(stack, mint_api_token(stack, ttl_s=-5))
    fresh = mint_api_token(stack, ttl_s=3600)
    assert me_status(stack, fresh) == 200  # the minting is sound: only the expiry differs


def test_token_expiring_while_cached_is_refused(stack: Stack) -> None:
    token = mint_api_token(stack, ttl_s=3)
    assert me_status(stack, token) == 200
    assert me_status(stack, token) == 200  # now served from the gateway's cache
    time.sleep(3.5)
    assert_refused(stack, token)


def test_expired_token_row_is_refused(stack: Stack) -> None:
    """The store's expiry counts even when the JWT still has time left."""
    token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "to expire in store")
    jti = split(token)[2]["jti"]
    with sqlite3.connect(stack.data_dir / "auth.db", timeout=30) as db:
        db.execute("UPDATE tokens SET expires_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (jti,))
    assert_refused(stack, token)


def test_revoked_token_is_refused_immediately(stack: Stack) -> None:
    session = stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    r = httpx.post(f"{stack.url}/api/api_tokens", json={"name": "to revoke"},
                   headers={"Authorization": f"Bearer {session}"}, timeout=30)
    token, token_id = r.json()["token"], r.json()["id"]
    for _ in range(3):
        assert me_status(stack, token) == 200  # cached by the gateway
    r = httpx.delete(f"{stack.url}/api/api_tokens/{token_id}", headers={"API-KEY": stack.admin_token}, timeout=30)
    assert r.status_code == 200
    assert_refused(stack, token)
    r = httpx.delete(f"{stack.url}/api/api_tokens/{token_id}", headers={"API-KEY": token}, timeout=30)
    assert r.status_code == 401


def test_reissued_legacy_token_revokes_the_old_one(stack: Stack) -> None:
    email, _ = stack.create_user("user")
    hdr = {"API-KEY": stack.admin_token}
    first = httpx.post(f"{stack.url}/api/get_api_token", json={"user_id": email}, headers=hdr, timeout=30).json()
    assert me_status(stack, first["api_token"]) == 200
    second = httpx.post(f"{stack.url}/api/get_api_token", json={"user_id": email}, headers=hdr, timeout=30).json()
    assert_refused(stack, first["api_token"])
    assert me_status(stack, second["api_token"]) == 200


def test_deleted_users_tokens_are_refused_immediately(stack: Stack) -> None:
    email, api_token = stack.create_user("modeler")
    session = stack.login(email, "user-password-1")
    for token in (api_token, session):
        assert me_status(stack, token) == 200
        assert me_status(stack, token) == 200
    r = httpx.post(f"{stack.url}/api/delete_user", json={"email": email}, headers={"API-KEY": stack.admin_token},
                   timeout=30)
    assert r.status_code == 200, r.text
    for token in (api_token, session):
        assert_refused(stack, token)
    r = httpx.post(f"{stack.url}/api/auth/token", data={"username": email, "password": "user-password-1"}, timeout=30)
    assert r.status_code == 401


def test_another_servers_tokens_are_refused(stack: Stack, other_stack: Stack) -> None:
    assert me_status(other_stack, other_stack.admin_token) == 200
    other_session = other_stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    for token in (other_stack.admin_token, other_session):
        assert_refused(stack, token)
    for token in (stack.admin_token, stack.login(ADMIN_EMAIL, ADMIN_PASSWORD)):
        assert_refused(other_stack, token)
    # same e-mail, same user id claims: still another server's signature
    _, header, claims, sig = split(other_stack.admin_token)
    mine = admin_claims(stack)
    forged = {**claims, "user_id": mine["user_id"], "org_id": mine["org_id"], "jti": mine["jti"]}
    assert_refused(stack, f"dot-{b64(json.dumps(header).encode())}.{b64(json.dumps(forged).encode())}.{sig}")


def test_wrong_password_and_unknown_user_look_alike(stack: Stack) -> None:
    a = httpx.post(f"{stack.url}/api/auth/token", data={"username": ADMIN_EMAIL, "password": "wrong"}, timeout=30)
    b = httpx.post(f"{stack.url}/api/auth/token", data={"username": "nobody@example.com", "password": "wrong"},
                   timeout=30)
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json()


# ---------------------------------------------------------------------------------- CLI auth
def cli_auth(stack: Stack, query: str, **headers: str) -> httpx.Response:
    return httpx.get(f"{stack.url}/cli-auth?{query}", headers={"API-KEY": stack.admin_token, **headers},
                     follow_redirects=False, timeout=30)


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page))


def cli_auth_confirmed(stack: Stack, query: str, **headers: str) -> httpx.Response:
    """A signed-in browser: the GET shows the confirmation, the click posts it back."""
    headers = {"API-KEY": stack.admin_token, **headers}
    with httpx.Client(base_url=stack.url, headers=headers, follow_redirects=False, timeout=30) as browser:
        page = browser.get(f"/cli-auth?{query}")
        assert page.status_code == 200 and "location" not in page.headers, page.text
        assert 'action="/cli-auth/confirm"' in page.text
        return browser.post("/cli-auth/confirm", data=hidden_fields(page.text))


def assert_loopback_callback(r: httpx.Response, port: int, state: str) -> None:
    assert r.status_code == 302, r.text
    loc = urlsplit(r.headers["location"])
    assert (loc.scheme, loc.hostname, loc.port, loc.path) == ("http", "127.0.0.1", port, "/callback")
    assert loc.username is None and loc.password is None and not loc.fragment
    q = parse_qs(loc.query)
    assert set(q) == {"token", "state"} and q["state"] == [state]
    assert q["token"][0].startswith("dot-")


def test_cli_auth_redirects_only_to_the_loopback_callback(stack: Stack) -> None:
    assert_loopback_callback(cli_auth_confirmed(stack, "port=8765&state=abc"), 8765, "abc")
    for extra in ("&redirect_uri=http://evil.example/cb", "&next=//evil.example", "&callback=http://evil.example",
                  "&host=evil.example", "&url=https://evil.example"):
        assert_loopback_callback(cli_auth_confirmed(stack, "port=8765&state=abc" + extra), 8765, "abc")
    r = cli_auth_confirmed(stack, "port=8765&state=abc", **{"X-Forwarded-Host": "evil.example"})
    assert_loopback_callback(r, 8765, "abc")  # (a foreign Host header itself is refused: test_trusted_hosts.py)


@pytest.mark.parametrize("query", [
    "port=80@evil.example&state=a", "port=8765@evil.example&state=a", "port=8765/../evil&state=a",
    "port=8765%2F%2Fevil.example&state=a", "port=evil.example&state=a", "port=0x2000&state=a", "port=1e4&state=a",
    "port=65536&state=a", "port=1023&state=a", "port=0&state=a", "port=-8765&state=a", "port=&state=a",
    "port=%EF%BC%98%EF%BC%97%EF%BC%96%EF%BC%95&state=a", "port=99999999999999999999&state=a",
    "port=8765&state=a%26token%3Dx", "port=8765&state=a/b", "port=8765&state=a%40evil.example",
    "port=8765&state=a%0d%0aLocation:%20http://evil.example", "port=8765&state=", "port=8765&state=" + "a" * 257,
    "state=abc", "port=8765",
])
def test_cli_auth_refuses_anything_but_a_port_and_a_plain_state(stack: Stack, query: str) -> None:
    r = cli_auth(stack, query)
    assert r.status_code == 422, (query, r.status_code, r.headers.get("location"))
    assert "location" not in r.headers


def signed_out_form(stack: Stack, browser: httpx.Client, port: str = "8765", state: str = "s-1") -> dict[str, str]:
    page = browser.get(f"{stack.url}/cli-auth", params={"port": port, "state": state})
    assert page.status_code == 200 and 'action="/cli-auth"' in page.text
    return hidden_fields(page.text)


def test_cli_auth_login_form_redirects_only_to_the_loopback(stack: Stack) -> None:
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        form = {**signed_out_form(stack, browser), "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        r = browser.post(f"{stack.url}/cli-auth", data=form)
        assert_loopback_callback(r, 8765, "s-1")
        for bad in ({"port": "80@evil.example"}, {"port": "70000"}, {"state": "x&token=y"},
                    {"state": "http://evil.example"}):
            r = browser.post(f"{stack.url}/cli-auth", data={**form, **bad})
            assert r.status_code == 422 and "location" not in r.headers, (bad, r.status_code)
        r = browser.post(f"{stack.url}/cli-auth", data={**form, "password": "wrong"})
        assert r.status_code == 401 and "location" not in r.headers


def test_cli_auth_signed_out_shows_the_login_form(stack: Stack) -> None:
    r = httpx.get(f"{stack.url}/cli-auth?port=8765&state=abc", follow_redirects=False, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'action="/cli-auth"' in r.text
    r = httpx.get(f"{stack.url}/cli-auth?port=8765&state=abc&access_token=forged.token.here",
                  follow_redirects=False, timeout=30)
    assert r.status_code == 200 and "location" not in r.headers


# ----------------------------------------------------------- CLI auth: no token from a cross-site link
def cli_tokens(stack: Stack, session: str) -> list[str]:
    r = httpx.get(f"{stack.url}/api/api_tokens", headers={"Authorization": f"Bearer {session}"}, timeout=30)
    return sorted(t["id"] for t in r.json() if t["name"] == "dot CLI")


def test_cli_auth_get_with_a_session_cookie_mints_and_revokes_nothing(stack: Stack) -> None:
    """Today's finding: a cross-site link to GET /cli-auth minted a 365-day token and revoked the old one."""
    email, _ = stack.create_user("user")
    session = stack.login(email, "user-password-1")
    cookie = {"Authorization": f"Bearer {session}"}
    with httpx.Client(base_url=stack.url, cookies=cookie, follow_redirects=False, timeout=30) as browser:
        page = browser.get("/cli-auth?port=8765&state=first")
        first = browser.post("/cli-auth/confirm", data=hidden_fields(page.text))
    assert_loopback_callback(first, 8765, "first")
    cli_token = parse_qs(urlsplit(first.headers["location"]).query)["token"][0]
    before = cli_tokens(stack, session)
    assert len(before) == 1
    for _ in range(3):  # what an <img src> or a link on another site makes the browser send
        r = httpx.get(f"{stack.url}/cli-auth?port=8765&state=evil", cookies=cookie, follow_redirects=False,
                      headers={"Referer": "https://evil.example/", "Sec-Fetch-Site": "cross-site"}, timeout=30)
        assert r.status_code == 200 and "location" not in r.headers
        assert "Authorise the dot CLI" in r.text and email in r.text
    assert cli_tokens(stack, session) == before
    assert me_status(stack, cli_token) == 200


def test_cli_auth_confirmation_needs_this_browsers_csrf_token_for_this_session(stack: Stack) -> None:
    alice, bob = stack.create_user("user")[0], stack.create_user("user")[0]
    a_session, b_session = stack.login(alice, "user-password-1"), stack.login(bob, "user-password-1")
    with httpx.Client(base_url=stack.url, cookies={"Authorization": f"Bearer {a_session}"},
                      follow_redirects=False, timeout=30) as browser:
        page = browser.get("/cli-auth?port=8765&state=s1")
        form = hidden_fields(page.text)
        nonce = browser.cookies["dot_cli_csrf"]
        assert set(form) == {"port", "state", "csrf_token"}
        exp, _, mac = form["csrf_token"].partition(".")
        refused = [
            {k: v for k, v in form.items() if k != "csrf_token"},  # no token (a plain cross-site form)
            {**form, "csrf_token": ""},
            {**form, "csrf_token": f"{exp}.{'0' * len(mac)}"},  # forged
            {**form, "csrf_token": f"{int(exp) + 3600}.{mac}"},  # validity stretched
            {**form, "state": "s2"},  # the token is for another state
            {**form, "port": "8766"},  # ... or another port
        ]
        for data in refused:
            r = browser.post("/cli-auth/confirm", data=data)
            assert r.status_code == 403 and "location" not in r.headers, (data, r.status_code, r.text)
            assert "detail" in r.json()
    # Right token, but without the browser's nonce cookie (double submit), or with another session.
    r = httpx.post(f"{stack.url}/cli-auth/confirm", data=form, cookies={"Authorization": f"Bearer {a_session}"},
                   timeout=30)
    assert r.status_code == 403
    r = httpx.post(f"{stack.url}/cli-auth/confirm", data=form, timeout=30,
                   cookies={"Authorization": f"Bearer {b_session}", "dot_cli_csrf": nonce})
    assert r.status_code == 403
    r = httpx.post(f"{stack.url}/cli-auth/confirm", data=form, cookies={"dot_cli_csrf": nonce}, timeout=30)
    assert r.status_code == 401  # signed out
    assert cli_tokens(stack, a_session) == [] and cli_tokens(stack, b_session) == []
    r = httpx.post(f"{stack.url}/cli-auth/confirm", data=form, follow_redirects=False, timeout=30,
                   cookies={"Authorization": f"Bearer {a_session}", "dot_cli_csrf": nonce})
    assert_loopback_callback(r, 8765, "s1")
    assert len(cli_tokens(stack, a_session)) == 1


def test_cli_auth_sign_in_form_needs_its_csrf_token(stack: Stack) -> None:
    """Login CSRF: a cross-site form must not sign the browser in (to the attacker's account)."""
    r = httpx.post(f"{stack.url}/cli-auth", data={"port": "8765", "state": "s1", "username": ADMIN_EMAIL,
                                                  "password": ADMIN_PASSWORD}, follow_redirects=False, timeout=30)
    assert r.status_code == 403 and "location" not in r.headers and "set-cookie" not in r.headers
    assert "detail" in r.json()


@pytest.mark.parametrize(("headers", "secure"), [({}, False), ({"X-Forwarded-Proto": "https"}, True)])
def test_session_cookie_is_secure_over_https_and_same_site_lax(stack: Stack, headers: dict[str, str],
                                                               secure: bool) -> None:
    """X-Forwarded-Proto counts only from a trusted proxy (uvicorn's forwarded-allow-ips: 127.0.0.1 here)."""
    page = httpx.get(f"{stack.url}/cli-auth?port=8765&state=s1", headers=headers, timeout=30)
    nonce = page.cookies["dot_cli_csrf"]
    r = httpx.post(f"{stack.url}/cli-auth", headers=headers, cookies={"dot_cli_csrf": nonce}, timeout=30,
                   data={**hidden_fields(page.text), "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert r.status_code == 302, r.text
    cookies = {c.split("=", 1)[0]: c.lower() for c in r.headers.get_list("set-cookie")}
    session = cookies["authorization"] if "authorization" in cookies else cookies["Authorization"]
    assert "httponly" in session and "samesite=lax" in session
    assert ("; secure" in session) is secure
    csrf_cookie = page.headers["set-cookie"].lower()
    assert "httponly" in csrf_cookie and "samesite=lax" in csrf_cookie and ("; secure" in csrf_cookie) is secure


# ---------------------------------------------------------------------------------- oversized
def raw_request(stack: Stack, data: bytes, timeout: float = 10.0) -> tuple[int, float]:
    """Send raw bytes; return (status code, seconds to the answer). 0 if the server just closed."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", stack.settings.http_port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        buf = b""
        try:
            while b"\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except ConnectionResetError:
            pass
    line = buf.split(b"\r\n", 1)[0].split()
    return (int(line[1]) if len(line) > 1 else 0), time.monotonic() - t0


def assert_healthy(stack: Stack) -> None:
    assert httpx.get(f"{stack.url}/healthz", timeout=10).status_code == 200
    assert me_status(stack, stack.admin_token) == 200


def test_oversized_headers_are_refused(stack: Stack) -> None:
    huge = b"GET /api/auth/me HTTP/1.1\r\nHost: x\r\nX-Big: " + b"x" * 1_000_000 + b"\r\n\r\n"
    many = b"GET /api/auth/me HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: y\r\n" % i for i in range(100_000)) + b"\r\n"
    url = b"GET /api/c2/" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    for data in (huge, many, url):
        status, seconds = raw_request(stack, data)
        assert status in (400, 414, 431), status
        assert seconds < 5
    assert_healthy(stack)


def test_oversized_credential_is_refused(stack: Stack) -> None:
    for size in (8193, 60_000):
        r = httpx.get(stack.url + ME, headers={"API-KEY": "dot-" + "a" * size}, timeout=30)
        assert r.status_code == 401 and "too long" in r.json()["detail"]
    assert_healthy(stack)


def test_oversized_bodies_are_refused(stack: Stack) -> None:
    hdr = {"API-KEY": stack.admin_token}
    declared = (b"POST /api/agentic HTTP/1.1\r\nHost: 127.0.0.1\r\nAPI-KEY: " + stack.admin_token.encode() +
                b"\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{}")
    status, seconds = raw_request(stack, declared)
    assert status == 413 and seconds < 5  # refused on the header, without waiting for the body

    def chunks() -> Iterator[bytes]:
        for _ in range(70):
            yield b" " * (1024 * 1024)

    r = httpx.post(f"{stack.url}/api/agentic", headers={**hdr, "Content-Type": "application/json"},
                   content=chunks(), timeout=120)
    assert r.status_code == 413, r.text
    files = {"manifest": ("manifest.json", b"{" + b" " * (61 * 1024 * 1024) + b"}")}
    r = httpx.post(f"{stack.url}/api/dbt/artifacts", headers=hdr, data={"connection_id": "x"}, files=files,
                   timeout=120)
    assert r.status_code in (413, 422), r.text
    assert_healthy(stack)


def test_oversized_fields_and_hostile_json_are_refused(stack: Stack) -> None:
    hdr = {"API-KEY": stack.admin_token}
    cases = [
        ("/api/agentic", {"messages": [{"role": "user", "content": "x" * 20_001}], "chat_id": "c"}, 422),
        ("/api/agentic", {"messages": [{"role": "user", "content": "hi"}] * 51, "chat_id": "c"}, 422),
        ("/api/agentic", {"messages": [{"role": "user", "content": "hi"}], "chat_id": "c" * 201}, 422),
        ("/api/create_user", {"email": "a" * 400 + "@example.com", "password": "p"}, 422),
        ("/api/add_label_to_chat", {"chat_id": "c", "labels": ["l"] * 101}, 422),
    ]
    for path, body, status in cases:
        r = httpx.post(stack.url + path, json=body, headers=hdr, timeout=30)
        assert r.status_code == status, (path, r.status_code, r.text[:200])
    for raw in (b"[" * 200_000 + b"]" * 200_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, b"\xff\xfe{",
                b'{"messages": [', b"", b"null", b'"string"', b"1e999999"):
        r = httpx.post(f"{stack.url}/api/agentic", content=raw, headers={**hdr, "Content-Type": "application/json"},
                       timeout=30)
        assert 400 <= r.status_code < 500, (raw[:20], r.status_code, r.text[:200])
    r = httpx.post(f"{stack.url}/api/dbt/artifacts", headers=hdr, data={"connection_id": "x"},
                   files=[(f"f{i}", ("x", b"y")) for i in range(2000)], timeout=30)
    assert 400 <= r.status_code < 500
    r = httpx.post(f"{stack.url}/api/auth/token", data={"username": "a" * 400, "password": "b" * 2000}, timeout=30)
    assert r.status_code == 422
    assert_healthy(stack)
