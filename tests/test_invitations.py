"""Invitations: per-email results, the admin-readable outbox (no SMTP configured), single-use
7-day tokens activating the user, and real SMTP delivery to a local aiosmtpd server started here
(with a second stack whose DOT_SMTP_URL points at it)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.support.mail import Inbox
from tests.support.stack import Stack, free_port, start_stack


def fresh_email(prefix: str = "invitee") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def invitation(admin: httpx.Client, email: str) -> dict[str, Any]:
    """The newest invitation of ``email`` as admins see it."""
    mine = [i for i in admin.get("/api/invitations").json() if i["email"] == email]
    assert mine, f"no invitation for {email}"
    return mine[-1]


def users(admin: httpx.Client) -> dict[str, dict[str, Any]]:
    return {u["email"]: u for u in admin.get("/api/get_users").json()}


def accept(stack: Stack, token: str, password: str = "accepted-pass-1", realname: str = "Invited Person"
           ) -> httpx.Response:
    return httpx.post(f"{stack.url}/api/auth/accept_invitation",
                      json={"token": token, "password": password, "realname": realname}, timeout=30)


@pytest.fixture(scope="module")
def admin(stack: Stack) -> Iterator[httpx.Client]:
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/set_new_user_group", json={"value": "all_users"}).status_code == 200
        assert c.post("/api/set_new_user_admin", json={"value": False}).status_code == 200
        yield c


# ---- without SMTP: the outbox ------------------------------------------------------------------


def test_per_email_results(stack: Stack, admin: httpx.Client) -> None:
    new = fresh_email()
    member, _ = stack.create_user("user")
    r = admin.post("/api/send_invitations", json={"emails": [new, "not-an-email", member, new.upper()],
                                                  "role": "modeler"})
    assert r.status_code == 200, r.text
    results = {x["email"]: x for x in r.json()["results"]}
    assert list(results) == [new, "not-an-email", member]  # normalised and de-duplicated, in order
    assert results[new]["status"] == "invited" and results[new]["detail"] == "sent by outbox"
    assert results["not-an-email"]["status"] == "invalid"
    assert results[member]["status"] == "already_member"
    u = users(admin)[new]
    assert (u["status"], u["role"], u["groups"], u["last_active_at"]) == ("invited", "modeler", ["all_users"], None)


@pytest.mark.parametrize("body", [{"emails": []}, {"emails": [fresh_email()], "role": "owner"}, {}, {"emails": "x"}])
def test_bad_requests_422(admin: httpx.Client, body: dict[str, Any]) -> None:
    assert admin.post("/api/send_invitations", json=body).status_code == 422


def test_outbox_invitation_is_single_use_and_activates_the_user(stack: Stack, admin: httpx.Client) -> None:
    email = fresh_email()
    assert admin.post("/api/send_invitations", json={"emails": [email], "role": "modeler"}).status_code == 200
    inv = invitation(admin, email)
    assert inv["delivery"] == "outbox" and inv["role"] == "modeler" and inv["accepted_at"] is None
    assert inv["link"].startswith(f"{stack.url}/accept-invitation?token=")
    created, expires = datetime.fromisoformat(inv["created_at"]), datetime.fromisoformat(inv["expires_at"])
    assert expires - created == timedelta(days=7)
    token = token_of(inv["link"])
    # Not a member until accepted: no password login yet.
    r = httpx.post(f"{stack.url}/api/auth/token", data={"username": email, "password": "accepted-pass-1"})
    assert r.status_code == 401
    r = accept(stack, token, password="short")
    assert r.status_code == 422  # a refused password does not use the invitation up
    r = accept(stack, token)
    assert r.status_code == 200, r.text
    assert r.json()["token_type"] == "bearer"
    me = httpx.get(f"{stack.url}/api/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).json()
    assert (me["email"], me["role"], me["realname"]) == (email, "modeler", "Invited Person")
    assert users(admin)[email]["status"] == "active"
    assert stack.login(email, "accepted-pass-1")
    again = accept(stack, token, password="another-pass-1")
    assert again.status_code == 409 and "already been used" in again.json()["detail"]
    done = invitation(admin, email)
    assert done["accepted_at"] and done["link"] is None  # the outbox copy is gone once used


def test_unknown_or_missing_token(stack: Stack) -> None:
    r = accept(stack, "no-such-invitation-token")
    assert r.status_code == 404
    r = httpx.post(f"{stack.url}/api/auth/accept_invitation", json={"password": "x" * 10})
    assert r.status_code == 422


def test_expired_invitation_is_refused(stack: Stack, admin: httpx.Client) -> None:
    email = fresh_email()
    admin.post("/api/send_invitations", json={"emails": [email]})
    token = token_of(invitation(admin, email)["link"])
    sent = datetime.now(UTC) - timedelta(days=8)  # eight days pass
    with sqlite3.connect(stack.data_dir / "admin.db") as db:
        changed = db.execute("UPDATE invitations SET created_at = ?, expires_at = ? WHERE email = ?",
                             (sent.isoformat(timespec="seconds"),
                              (sent + timedelta(days=7)).isoformat(timespec="seconds"), email)).rowcount
    assert changed == 1
    r = accept(stack, token)
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    assert users(admin)[email]["status"] == "invited"
    # A new invitation works.
    r = admin.post("/api/send_invitations", json={"emails": [email]})
    assert r.json()["results"][0]["status"] == "invited"
    assert accept(stack, token_of(invitation(admin, email)["link"])).status_code == 200


def test_reinvitation_and_deleted_invitee(stack: Stack, admin: httpx.Client) -> None:
    email = fresh_email()
    admin.post("/api/send_invitations", json={"emails": [email]})
    first = token_of(invitation(admin, email)["link"])
    admin.post("/api/send_invitations", json={"emails": [email]})
    second = token_of(invitation(admin, email)["link"])
    assert first != second
    assert accept(stack, second).status_code == 200
    assert accept(stack, first).status_code == 409  # the user is already active
    gone = fresh_email()
    admin.post("/api/send_invitations", json={"emails": [gone]})
    pending = token_of(invitation(admin, gone)["link"])
    assert admin.post("/api/delete_user", json={"email": gone}).status_code == 200
    assert accept(stack, pending).status_code == 404


def test_invitees_join_the_default_group(stack: Stack, admin: httpx.Client) -> None:
    team = "invitees-" + uuid.uuid4().hex[:6]
    email = fresh_email()
    try:
        assert admin.post("/api/set_new_user_group", json={"value": team}).status_code == 200
        admin.post("/api/send_invitations", json={"emails": [email]})
    finally:
        assert admin.post("/api/set_new_user_group", json={"value": "all_users"}).status_code == 200
    assert users(admin)[email]["groups"] == [team]
    assert accept(stack, token_of(invitation(admin, email)["link"])).status_code == 200
    assert users(admin)[email]["groups"] == [team]


# ---- with SMTP: a real local mail server ---------------------------------------------------------


@dataclass
class MailWorld:
    stack: Stack
    inbox: Inbox
    port: int
    controller: Controller


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailWorld]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    stack = start_stack(tmp_path_factory.mktemp("smtp-stack"), {"DOT_SMTP_URL": f"smtp://127.0.0.1:{port}"})
    world = MailWorld(stack, inbox, port, controller)
    try:
        yield world
    finally:
        stack.stop()
        world.controller.stop()


def test_invitations_go_out_over_smtp(mail: MailWorld) -> None:
    s = mail.stack
    a, b = fresh_email("mail-a"), fresh_email("mail-b")
    with s.client(s.admin_token) as admin:
        r = admin.post("/api/send_invitations", json={"emails": [a, b], "role": "user"})
        assert r.status_code == 200, r.text
        assert [(x["status"], x["detail"]) for x in r.json()["results"]] == [("invited", "sent by smtp")] * 2
        msg = mail.inbox.to(a)
        assert msg["Subject"] == "You are invited to Dot" and msg["From"]
        body = msg.get_content()
        link = next(line for line in body.splitlines() if line.startswith("http"))
        assert link.startswith(f"{s.url}/accept-invitation?token=") and "7 days" in body
        listed = invitation(admin, a)
        assert listed["delivery"] == "smtp" and listed["link"] is None  # mailed, so not kept in an outbox
        with sqlite3.connect(s.data_dir / "admin.db") as db:
            kept = db.execute("SELECT outbox_body, token_hash FROM invitations WHERE email = ?", (a,)).fetchone()
        assert kept[0] is None and token_of(link) not in kept[1]
        r = accept(s, token_of(link), realname="Mailed")
        assert r.status_code == 200, r.text
        assert users(admin)[a]["status"] == "active" and users(admin)[b]["status"] == "invited"
        assert accept(s, token_of(link)).status_code == 409


def test_unreachable_smtp_fails_per_email(mail: MailWorld) -> None:
    s = mail.stack
    email = fresh_email("down")
    mail.controller.stop()
    try:
        with s.client(s.admin_token) as admin:
            r = admin.post("/api/send_invitations", json={"emails": [email, "broken"]})
            assert r.status_code == 200, r.text
            results = {x["email"]: x for x in r.json()["results"]}
            assert results[email]["status"] == "failed" and "SMTP" in results[email]["detail"]
            assert results["broken"]["status"] == "invalid"
            assert all(i["email"] != email for i in admin.get("/api/invitations").json())  # no dead link kept
    finally:
        mail.controller = Controller(mail.inbox, hostname="127.0.0.1", port=mail.port)
        mail.controller.start()
    with s.client(s.admin_token) as admin:
        r = admin.post("/api/send_invitations", json={"emails": [email]})
        assert r.json()["results"][0]["status"] == "invited"
    assert accept(s, token_of(next(line for line in mail.inbox.to(email).get_content().splitlines()
                                   if line.startswith("http")))).status_code == 200
