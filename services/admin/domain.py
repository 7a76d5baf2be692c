"""Admin rules: org settings, invitations, and the user lifecycle orchestrated over auth RPCs."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import sqlalchemy as sa

from dot.v1 import auth_pb2
from services.admin import tables as t
from services.admin.mail import invitation_text
from services.common.mail import send_mail
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import (
    Conflict, InvalidArgument, NotFound, PermissionDenied, Unauthenticated, Unavailable,
)
from services.common.identity import ROLES, InternalTokens, require_role
from services.common.principal import Principal
from services.common.remote_identity import as_metadata, service_metadata
from services.common.store import Store

INVITATION_TTL = timedelta(days=7)
DEFAULT_SETTINGS: dict[str, Any] = {
    "disable_embedded_login": True,  # embedded SSO login is off until an admin allows it
    "new_user_group": "all_users",
    "new_user_admin": False,
    "disable_password_login": False,
    "modeler_can_sync": False,
    "modeler_sees_history": True,
}
SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "disable_embedded_login": (bool,),
    "new_user_group": (str, type(None)),
    "new_user_admin": (bool,),
    "disable_password_login": (bool,),
    "modeler_can_sync": (bool,),
    "modeler_sees_history": (bool,),
}


def now() -> datetime:
    return datetime.now(UTC)


def iso(d: datetime) -> str:
    return d.isoformat(timespec="seconds")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AdminDomain:
    def __init__(self, store: Store, clients: Clients, tokens: InternalTokens, smtp_url: str | None) -> None:
        self.store = store
        self.clients = clients
        self.tokens = tokens
        self.smtp_url = smtp_url

    async def _auth(self, method: str, request: Any, metadata: Any) -> Any:
        try:
            return await getattr(self.clients.auth, method)(request, metadata=metadata, timeout=15)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None

    # ---- settings ------------------------------------------------------------------
    async def settings(self, org_id: str) -> dict[str, Any]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.org_settings.c.name, t.org_settings.c.value_json)
                                    .where(t.org_settings.c.org_id == org_id))).all()
        out = dict(DEFAULT_SETTINGS)
        out.update({n: json.loads(v) for n, v in rows})
        return out

    async def set_setting(self, p: Principal, name: str, value_json: str) -> dict[str, Any]:
        require_role(p, "admin")
        if name not in SETTING_TYPES:
            raise InvalidArgument(f"unknown setting '{name}': use one of {', '.join(sorted(SETTING_TYPES))}")
        try:
            value = json.loads(value_json)
        except ValueError:
            raise InvalidArgument("setting value must be JSON") from None
        if not isinstance(value, SETTING_TYPES[name]):
            kinds = " or ".join("null" if k is type(None) else k.__name__ for k in SETTING_TYPES[name])
            raise InvalidArgument(f"setting '{name}' takes a {kinds} value")
        if name == "disable_password_login" and value:
            raise InvalidArgument("password login cannot be disabled: this server has no SSO provider configured, "
                                  "so nobody could sign in (API tokens keep working either way)")
        if name == "new_user_group" and value is not None:
            value = value.strip()
            if not value:
                raise InvalidArgument("new_user_group must be a group name or null")
        async with self.store.engine.begin() as c:
            await c.execute(t.org_settings.delete().where(t.org_settings.c.org_id == p.org_id,
                                                          t.org_settings.c.name == name))
            await c.execute(t.org_settings.insert().values(org_id=p.org_id, name=name, value_json=json.dumps(value)))
        if name == "disable_embedded_login" and value:
            # Stored first, so no new embedded token is minted; then auth refuses the live ones and
            # pushes that to every gateway before answering. If auth fails the admin sees the error
            # and retries (the setting is already off).
            await self._auth("RevokeEmbeddedTokens", auth_pb2.RevokeEmbeddedTokensRequest(),
                             service_metadata(self.tokens, "admin", p.org_id))
        return await self.settings(p.org_id)

    # ---- users ---------------------------------------------------------------------
    async def create_user(self, p: Principal, md: Any, req: auth_pb2.CreateUserRequest,
                          invited: bool = False) -> auth_pb2.User:
        require_role(p, "admin")
        s = await self.settings(p.org_id)
        role = req.role or ("admin" if s["new_user_admin"] else "user")
        if role not in ROLES:
            raise InvalidArgument(f"unknown role '{role}': use one of {', '.join(ROLES)}")
        groups = [s["new_user_group"]] if s["new_user_group"] else []
        created = await self._auth("CreateUser", auth_pb2.CreateUserRequest(
            email=req.email, password=req.password, realname=req.realname, role=role, groups=groups,
            invited=invited), md)
        return created.user

    async def send_invitations(self, p: Principal, md: Any, emails: list[str], role: str,
                               base_url: str) -> list[dict[str, str]]:
        require_role(p, "admin")
        if not emails:
            raise InvalidArgument("emails must list at least one address")
        role = role or ("admin" if (await self.settings(p.org_id))["new_user_admin"] else "user")
        if role not in ROLES:
            raise InvalidArgument(f"unknown role '{role}': use one of {', '.join(ROLES)}")
        results = []
        for raw in dict.fromkeys(e.strip().lower() for e in emails):
            try:
                results.append(await self._invite_one(p, md, raw, role, base_url))
            except (InvalidArgument, Conflict) as exc:
                results.append({"email": raw, "status": "invalid" if isinstance(exc, InvalidArgument)
                                else "already_member", "detail": str(exc.detail)})
            except Unavailable as exc:  # one undeliverable address must not sink the others
                results.append({"email": raw, "status": "failed", "detail": str(exc.detail)})
        return results

    async def _invite_one(self, p: Principal, md: Any, email: str, role: str, base_url: str) -> dict[str, str]:
        try:
            existing = (await self._auth("GetUser", auth_pb2.GetUserRequest(email_or_id=email), md)).user
        except NotFound:
            existing = None
        if existing is not None and existing.status == "active":
            return {"email": email, "status": "already_member", "detail": "this user is already active"}
        if existing is None:
            await self.create_user(p, md, auth_pb2.CreateUserRequest(email=email, role=role), invited=True)
        token = secrets.token_urlsafe(32)
        link = f"{base_url}/accept-invitation?token={token}"
        body = invitation_text(link, role)
        delivery = "smtp" if self.smtp_url else "outbox"
        created, inv_id = now(), uuid.uuid4().hex
        async with self.store.engine.begin() as c:  # stored first: a delivered link always works
            await c.execute(t.invitations.insert().values(
                id=inv_id, org_id=p.org_id, email=email, role=role, token_hash=_hash(token),
                created_at=iso(created), expires_at=iso(created + INVITATION_TTL), delivery=delivery,
                outbox_body=None if self.smtp_url else body))
        if self.smtp_url:
            try:
                await send_mail(self.smtp_url, email, "You are invited to Dot", body)
            except Unavailable:
                async with self.store.engine.begin() as c:
                    await c.execute(t.invitations.delete().where(t.invitations.c.id == inv_id))
                raise
        return {"email": email, "status": "invited", "detail": f"sent by {delivery}"}

    async def list_invitations(self, p: Principal) -> list[sa.RowMapping]:
        require_role(p, "admin")
        async with self.store.engine.connect() as c:
            return list((await c.execute(sa.select(t.invitations).where(t.invitations.c.org_id == p.org_id)
                                         .order_by(t.invitations.c.created_at))).mappings().all())

    async def accept_invitation(self, token: str, password: str, realname: str) -> auth_pb2.LoginResponse:
        if not token:
            raise InvalidArgument("token is required")
        async with self.store.engine.begin() as c:
            row = (await c.execute(sa.select(t.invitations).where(t.invitations.c.token_hash == _hash(token))
                                   )).mappings().first()
            if row is None:
                raise NotFound("invitation not found")
            if row["accepted_at"]:
                raise Conflict("this invitation has already been used")
            if row["expires_at"] < iso(now()):
                raise Unauthenticated("this invitation has expired; ask an admin for a new one")
            md = service_metadata(self.tokens, "admin", row["org_id"])
            await self._auth("ActivateUser", auth_pb2.ActivateUserRequest(
                email=row["email"], password=password, realname=realname), md)
            await c.execute(t.invitations.update().where(t.invitations.c.id == row["id"])
                            .values(accepted_at=iso(now()), outbox_body=None))
        return await self._auth("Login", auth_pb2.LoginRequest(email=row["email"], password=password), None)

    async def embedded_login(self, p: Principal, user_id: str,
                             active_groups: list[str]) -> auth_pb2.MintEmbeddedTokenResponse:
        require_role(p, "admin")
        if p.token_kind == "embedded":
            raise PermissionDenied("embedded sessions cannot mint embedded tokens")
        s = await self.settings(p.org_id)
        if s["disable_embedded_login"]:
            raise PermissionDenied("embedded login is disabled: enable 'Allow admins to authenticate for users to "
                                   "enable SSO in embeds' (POST /api/set_disable_embedded_login {\"value\": false})")
        md = service_metadata(self.tokens, "admin", p.org_id)
        return await self._auth("MintEmbeddedToken", auth_pb2.MintEmbeddedTokenRequest(
            user_id=user_id, active_groups=active_groups, ttl_seconds=24 * 3600), md)

    def forward(self, p: Principal) -> Any:
        return as_metadata(self.tokens, p)
