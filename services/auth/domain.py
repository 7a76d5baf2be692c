"""Auth domain: users, groups, passwords, tokens. Servicers stay thin over this."""

from __future__ import annotations

import logging
import math
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from services.auth import tables as t
from services.auth.credentials import (
    API_TOKEN_DEFAULT_DAYS, EMBEDDED_TTL_S, LEGACY_HEX, SESSION_TTL_S, Claims, TokenCodec, token_hash,
)
from services.auth.invalidation import InvalidationHub
from services.auth.passwords import Passwords
from services.auth.throttle import Locked, LoginThrottle
from services.common.errors import (
    Conflict, InvalidArgument, NotFound, PermissionDenied, TooManyRequests, Unauthenticated,
)
from services.common.identity import ROLES, same_user
from services.common.principal import Principal
from services.common.store import Store, write_error

log = logging.getLogger(__name__)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GROUP_RE = re.compile(r"^[A-Za-z0-9_.\- ]{1,120}$")
DEFAULT_GROUP = "all_users"
LAST_USED_WRITE_INTERVAL_S = 60
# Key of the advisory lock under which replicas starting together create the org (any constant unique to it).
_BOOTSTRAP_LOCK = 0x646F74_6F7267


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(ts: int | float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def normalize_email(email: str) -> str:
    e = (email or "").strip().lower()
    if not EMAIL_RE.match(e) or len(e) > 320:
        raise InvalidArgument(f"'{email}' is not a valid e-mail address")
    return e


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidArgument(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    return role


def check_group(name: str) -> str:
    if not GROUP_RE.match(name or ""):
        raise InvalidArgument("group names use 1-120 letters, digits, spaces, '_', '-' or '.'")
    return name


@dataclass(frozen=True)
class UserRow:
    id: str
    org_id: str
    email: str
    realname: str
    role: str
    status: str
    password_hash: str | None
    created_at: str
    last_active_at: str | None
    groups: tuple[str, ...]


class AuthDomain:
    """All auth rules. One instance per auth process."""

    def __init__(self, store: Store, codec: TokenCodec, hub: InvalidationHub) -> None:
        self.store = store
        self.codec = codec
        self.hub = hub
        self.passwords = Passwords()
        self.throttle = LoginThrottle()
        self._last_used_written: dict[str, float] = {}

    # ---- bootstrap -------------------------------------------------------------------
    async def bootstrap(self, org_name: str, admin_email: str | None, admin_password: str | None) -> str | None:
        """Create the org and first admin on first start; return a generated password, if any.

        Replicas starting together on PostgreSQL take a transaction-scoped advisory lock first, so
        exactly one of them creates the org (otherwise both saw no org, and one crashed on the admin).
        """
        async with self.store.engine.begin() as c:
            if c.dialect.name == "postgresql":
                await c.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _BOOTSTRAP_LOCK})
            if (await c.execute(sa.select(sa.func.count()).select_from(t.orgs))).scalar():
                return None
            org_id = "org_" + secrets.token_hex(6)
            await c.execute(t.orgs.insert().values(id=org_id, name=org_name, created_at=now_iso()))
        email = normalize_email(admin_email or "admin@example.com")
        generated = None
        if not admin_password:
            generated = admin_password = secrets.token_urlsafe(12)
        await self._insert_user(org_id, email, admin_password, "Admin", "admin", [DEFAULT_GROUP], status="active")
        return generated

    async def default_org(self) -> str:
        async with self.store.engine.connect() as c:
            org = (await c.execute(sa.select(t.orgs.c.id).order_by(t.orgs.c.created_at).limit(1))).scalar()
        if not org:
            raise NotFound("no organisation exists yet")
        return str(org)

    # ---- users ---------------------------------------------------------------------
    async def _load_user(self, c: sa.ext.asyncio.AsyncConnection, where: sa.ColumnElement[bool]) -> UserRow | None:
        row = (await c.execute(sa.select(t.users).where(where))).mappings().first()
        if row is None:
            return None
        grp = (await c.execute(
            sa.select(t.user_groups.c.group_name).where(t.user_groups.c.user_id == row["id"])
            .order_by(t.user_groups.c.position)
        )).scalars().all()
        return UserRow(id=row["id"], org_id=row["org_id"], email=row["email"], realname=row["realname"],
                       role=row["role"], status=row["status"], password_hash=row["password_hash"],
                       created_at=row["created_at"], last_active_at=row["last_active_at"], groups=tuple(grp))

    async def user(self, ref: str, org_id: str | None = None) -> UserRow:
        ref = (ref or "").strip()
        if not ref:
            raise InvalidArgument("user_id (e-mail or id) is required")
        async with self.store.engine.connect() as c:
            where = sa.or_(t.users.c.id == ref, t.users.c.email == ref.lower())
            if org_id:
                where = sa.and_(where, t.users.c.org_id == org_id)
            u = await self._load_user(c, sa.and_(where, t.users.c.status != "deleted"))
        if u is None:
            raise NotFound(f"user '{ref}' not found")
        return u

    async def list_users(self, org_id: str) -> list[UserRow]:
        async with self.store.engine.connect() as c:
            ids = (await c.execute(sa.select(t.users.c.id).where(
                t.users.c.org_id == org_id, t.users.c.status != "deleted").order_by(t.users.c.created_at, t.users.c.email)
            )).scalars().all()
            return [u for i in ids if (u := await self._load_user(c, t.users.c.id == i)) is not None]

    async def _insert_user(self, org_id: str, email: str, password: str | None, realname: str, role: str,
                           groups: list[str], status: str) -> UserRow:
        email = normalize_email(email)
        check_role(role)
        for g in groups:
            check_group(g)
        pw_hash = await self.passwords.hash(password) if password else None
        uid = "usr_" + uuid.uuid4().hex[:16]
        try:
            async with self.store.engine.begin() as c:
                existing = (await c.execute(sa.select(t.users.c.id, t.users.c.status).where(t.users.c.email == email))).first()
                if existing is not None and existing.status != "deleted":
                    raise Conflict(f"a user with e-mail {email} already exists")
                if existing is not None:  # re-create over a deleted user: free the address
                    await c.execute(t.users.update().where(t.users.c.id == existing.id).values(
                        email=f"deleted+{existing.id}+{email}"))
                await c.execute(t.users.insert().values(
                    id=uid, org_id=org_id, email=email, realname=realname or "", role=role, password_hash=pw_hash,
                    status=status, created_at=now_iso()))
                for pos, g in enumerate(dict.fromkeys(groups)):
                    await self._ensure_group(c, org_id, g)
                    await c.execute(t.user_groups.insert().values(user_id=uid, group_name=g, position=pos))
        except IntegrityError as exc:
            raise Conflict(f"a user with e-mail {email} already exists") from exc
        except OperationalError as exc:
            raise write_error(exc) from exc
        return await self.user(uid)

    async def _ensure_group(self, c: sa.ext.asyncio.AsyncConnection, org_id: str, name: str) -> None:
        exists = (await c.execute(sa.select(t.groups.c.name).where(
            t.groups.c.org_id == org_id, t.groups.c.name == name))).first()
        if exists is None:
            await c.execute(t.groups.insert().values(org_id=org_id, name=name, created_at=now_iso()))

    async def create_user(self, org_id: str, email: str, password: str, realname: str, role: str,
                          groups: list[str], invited: bool) -> UserRow:
        if not invited and not password:
            raise InvalidArgument("password is required")
        return await self._insert_user(org_id, email, None if invited else password, realname, role or "user",
                                       groups, status="invited" if invited else "active")

    async def _admins_left(self, c: sa.ext.asyncio.AsyncConnection, org_id: str, excluding: str) -> int:
        return int((await c.execute(sa.select(sa.func.count()).select_from(t.users).where(
            t.users.c.org_id == org_id, t.users.c.role == "admin", t.users.c.status == "active",
            t.users.c.id != excluding))).scalar() or 0)

    async def delete_user(self, org_id: str, ref: str) -> None:
        u = await self.user(ref, org_id)
        async with self.store.engine.begin() as c:
            if u.role == "admin" and await self._admins_left(c, org_id, u.id) == 0:
                raise Conflict("the last admin cannot be deleted")
            await c.execute(t.users.update().where(t.users.c.id == u.id).values(
                status="deleted", password_hash=None))
            await c.execute(t.tokens.update().where(t.tokens.c.user_id == u.id, t.tokens.c.revoked_at.is_(None))
                            .values(revoked_at=now_iso()))
        await self.hub.publish(user_ids=(u.id,))

    async def set_role(self, org_id: str, email: str, role: str) -> UserRow:
        check_role(role)
        u = await self.user(email, org_id)
        async with self.store.engine.begin() as c:
            if u.role == "admin" and role != "admin" and await self._admins_left(c, org_id, u.id) == 0:
                raise Conflict("the last admin cannot be demoted")
            await c.execute(t.users.update().where(t.users.c.id == u.id).values(role=role))
        await self.hub.publish(user_ids=(u.id,))
        return await self.user(u.id)

    async def activate(self, org_id: str, email: str, password: str, realname: str) -> UserRow:
        u = await self.user(email, org_id)
        if u.status != "invited":
            raise Conflict(f"user {u.email} is already active")
        pw_hash = await self.passwords.hash(password)
        async with self.store.engine.begin() as c:
            await c.execute(t.users.update().where(t.users.c.id == u.id).values(
                status="active", password_hash=pw_hash, realname=realname or u.realname))
        return await self.user(u.id)

    async def list_groups(self, org_id: str) -> dict[str, list[str]]:
        async with self.store.engine.connect() as c:
            names = (await c.execute(sa.select(t.groups.c.name).where(t.groups.c.org_id == org_id)
                                     .order_by(t.groups.c.name))).scalars().all()
            rows = (await c.execute(
                sa.select(t.user_groups.c.group_name, t.users.c.email)
                .join(t.users, t.users.c.id == t.user_groups.c.user_id)
                .where(t.users.c.org_id == org_id, t.users.c.status != "deleted")
                .order_by(t.users.c.email))).all()
        out: dict[str, list[str]] = {n: [] for n in names}
        for g, e in rows:
            out.setdefault(g, []).append(e)
        return out

    async def add_to_group(self, org_id: str, email: str, group: str) -> UserRow:
        check_group(group)
        u = await self.user(email, org_id)
        if group in u.groups:
            return u
        async with self.store.engine.begin() as c:
            await self._ensure_group(c, org_id, group)
            await c.execute(t.user_groups.insert().values(user_id=u.id, group_name=group, position=len(u.groups)))
        await self.hub.publish(user_ids=(u.id,))
        return await self.user(u.id)

    async def remove_from_group(self, org_id: str, email: str, group: str) -> UserRow:
        u = await self.user(email, org_id)
        if group not in u.groups:
            groups = await self.list_groups(org_id)
            if group not in groups:
                raise NotFound(f"group '{group}' not found")
            raise NotFound(f"user {u.email} is not in group '{group}'")
        async with self.store.engine.begin() as c:
            await c.execute(t.user_groups.delete().where(
                t.user_groups.c.user_id == u.id, t.user_groups.c.group_name == group))
        await self.hub.publish(user_ids=(u.id,))
        return await self.user(u.id)

    # ---- credentials -----------------------------------------------------------------
    async def login(self, email: str, password: str, client_address: str = "") -> tuple[str, int]:
        """Same cost for known and unknown e-mails; throttled per account and per client address."""
        account = (email or "").strip().lower()[:320]
        self.throttle.begin(account, client_address)
        try:
            u: UserRow | None = await self.user(normalize_email(email))
        except (NotFound, InvalidArgument):
            u = None
        hashed = u.password_hash if u is not None and u.status == "active" else None
        try:
            ok = await self.passwords.verify(hashed, password)
        except TooManyRequests:
            self.throttle.cancel(account, client_address)
            raise
        if not ok or u is None:
            raise Unauthenticated("incorrect e-mail or password")
        self.throttle.succeeded(account, client_address)
        token, claims = self.codec.mint(sub=u.email, user_id=u.id, org_id=u.org_id, typ="session", ttl_s=SESSION_TTL_S)
        await self._touch_user(u.id)
        return token, claims.exp

    async def _touch_user(self, user_id: str) -> None:
        now = time.monotonic()
        if now - self._last_used_written.get(user_id, -1e9) < LAST_USED_WRITE_INTERVAL_S:
            return
        self._last_used_written[user_id] = now
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.users.update().where(t.users.c.id == user_id).values(last_active_at=now_iso()))
        except OperationalError:
            log.warning("could not record last activity (store not writable)")

    async def verify(self, credential: str) -> Principal:
        """Check a raw credential against signature, expiry, revocation and the live user."""
        checked_at = time.time()  # before reading: a change committed after this is newer than the principal
        credential = (credential or "").strip()
        if credential.lower().startswith("bearer "):
            credential = credential[7:].strip()
        if not credential:
            raise Unauthenticated("missing credentials")
        if len(credential) > 8192:
            raise Unauthenticated("credential is too long")
        token_row = None
        if LEGACY_HEX.match(credential):
            token_row = await self._token_by_hash(token_hash(credential))
            if token_row is None:
                raise Unauthenticated("invalid API token")
            claims = Claims(sub="", user_id=token_row["user_id"], org_id="", exp=0, jti=token_row["id"], typ="api")
        else:
            claims = self.codec.decode(credential)
            if claims.typ == "api":
                token_row = await self._token_by_hash(token_hash(credential))
                if token_row is None or token_row["id"] != claims.jti:
                    raise Unauthenticated("API token is not known to this server")
        if token_row is not None:
            if token_row["revoked_at"]:
                raise Unauthenticated("API token has been revoked")
            if token_row["expires_at"] and token_row["expires_at"] < now_iso():
                raise Unauthenticated("API token has expired")
        try:
            u = await self.user(claims.user_id or claims.sub)
        except NotFound:
            raise Unauthenticated("the token's user no longer exists") from None
        if u.status != "active":
            raise Unauthenticated("the token's user is not active")
        if claims.org_id and claims.org_id != u.org_id:
            raise Unauthenticated("token does not belong to this organisation")
        if claims.sub and claims.sub != u.email:
            raise Unauthenticated("token subject does not match its user")
        if claims.typ == "embedded" and round(claims.iat * 1000) <= await self._embedded_cutoff_ms(u.org_id):
            raise Unauthenticated("embedded login has been disabled for this organisation")
        active = tuple(claims.active_groups)
        if active and not set(active) <= set(u.groups):
            raise Unauthenticated("token's active groups are no longer all assigned to the user")
        await self._touch_user(u.id)
        if token_row is not None:
            await self._touch_token(token_row["id"])
        return Principal(
            user_id=u.id, email=u.email, org_id=u.org_id, role=u.role, groups=tuple(u.groups),
            active_groups=active, token_kind=_token_kind(token_row, claims),
            token_id=claims.jti, token_name=(token_row["name"] if token_row is not None else ""),
            expires_at=_expiry(token_row, claims), realname=u.realname, verified_at=checked_at,
        )

    async def recheck(self, p: Principal) -> Principal:
        """Re-check the credential behind a forwarded principal against live state; a fresh copy if unchanged.

        Refused when the API token was revoked or expired, the credential expired, the user is gone,
        inactive or moved, or the role, groups or embedded active groups differ from the principal's.
        """
        checked_at = time.time()
        # "job": a scheduled report's owner, built by the conversation service from the live user record.
        if p.token_kind not in ("session", "api", "mcp", "embedded", "job") or not p.user_id or \
                (not p.token_id and p.token_kind != "job"):
            raise Unauthenticated("this internal identity is not bound to a user credential")
        if p.expires_at and p.expires_at <= checked_at:
            raise Unauthenticated("the credential behind this internal identity has expired")
        if p.token_kind in ("api", "mcp"):  # stored tokens: the row decides
            async with self.store.engine.connect() as c:
                row = (await c.execute(sa.select(t.tokens).where(t.tokens.c.id == p.token_id))).mappings().first()
            if row is None or row["user_id"] != p.user_id or row["revoked_at"]:
                raise Unauthenticated("the credential behind this internal identity has been revoked")
            if ("mcp" if row["kind"] == "mcp" else "api") != p.token_kind:
                raise Unauthenticated("this internal identity does not match its credential")
            if row["expires_at"] and row["expires_at"] < now_iso():
                raise Unauthenticated("the credential behind this internal identity has expired")
        try:
            u = await self.user(p.user_id)
        except NotFound:
            raise Unauthenticated("the user behind this internal identity no longer exists") from None
        if u.status != "active" or u.org_id != p.org_id or u.email != p.email:
            raise Unauthenticated("the user behind this internal identity is no longer active")
        if u.role != p.role or tuple(u.groups) != tuple(p.groups) or not set(p.active_groups) <= set(u.groups):
            raise Unauthenticated("the role or groups behind this internal identity changed; sign in again")
        # Embedded tokens cut off after this principal was verified were issued before it: refused.
        if p.token_kind == "embedded" and round(p.verified_at * 1000) <= await self._embedded_cutoff_ms(u.org_id):
            raise Unauthenticated("embedded sessions of this organisation were revoked")
        return p.with_(verified_at=checked_at, realname=u.realname)

    async def _token_by_hash(self, h: str) -> sa.RowMapping | None:
        async with self.store.engine.connect() as c:
            return (await c.execute(sa.select(t.tokens).where(t.tokens.c.token_hash == h))).mappings().first()

    async def _touch_token(self, token_id: str) -> None:
        now = time.monotonic()
        key = "tok:" + token_id
        if now - self._last_used_written.get(key, -1e9) < LAST_USED_WRITE_INTERVAL_S:
            return
        self._last_used_written[key] = now
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.tokens.update().where(t.tokens.c.id == token_id).values(last_used_at=now_iso()))
        except OperationalError:
            log.warning("could not record token use (store not writable)")

    async def create_api_token(self, p: Principal, name: str, description: str, days: int,
                               kind: str = "api") -> tuple[str, sa.RowMapping]:
        _no_token_management(p)
        name = (name or "").strip() or "API token"
        if len(name) > 200 or len(description or "") > 1000:
            raise InvalidArgument("token name must be at most 200 and description at most 1000 characters")
        days = days or API_TOKEN_DEFAULT_DAYS
        if not 1 <= days <= 3650:
            raise InvalidArgument("expires_in_days must be between 1 and 3650")
        u = await self.user(p.user_id)
        jwt_token, claims = self.codec.mint(sub=u.email, user_id=u.id, org_id=u.org_id, typ="api", ttl_s=days * 86400)
        token = "dot-" + jwt_token
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.tokens.insert().values(
                    id=claims.jti, user_id=u.id, kind=kind, name=name, description=description or "",
                    token_hash=token_hash(token), created_at=now_iso(), expires_at=iso(claims.exp)))
                row = (await c.execute(sa.select(t.tokens).where(t.tokens.c.id == claims.jti))).mappings().one()
        except OperationalError as exc:
            raise write_error(exc) from exc
        return token, row

    async def list_api_tokens(self, p: Principal) -> list[sa.RowMapping]:
        _no_token_management(p)
        async with self.store.engine.connect() as c:
            return list((await c.execute(sa.select(t.tokens).where(
                t.tokens.c.user_id == p.user_id, t.tokens.c.revoked_at.is_(None)).order_by(t.tokens.c.created_at)
            )).mappings().all())

    async def revoke_api_token(self, p: Principal, token_id: str) -> None:
        _no_token_management(p)
        async with self.store.engine.begin() as c:
            row = (await c.execute(sa.select(t.tokens).where(t.tokens.c.id == token_id))).mappings().first()
            if row is None or (row["user_id"] != p.user_id and p.role != "admin"):
                raise NotFound(f"API token '{token_id}' not found")
            if row["user_id"] != p.user_id:
                owner = await self.user(row["user_id"])
                if owner.org_id != p.org_id:
                    raise NotFound(f"API token '{token_id}' not found")
            await c.execute(t.tokens.update().where(t.tokens.c.id == token_id).values(revoked_at=now_iso()))
        await self.hub.publish(token_ids=(token_id,))

    async def create_mcp_token(self, p: Principal) -> tuple[str, sa.RowMapping]:
        """An MCP-only token (365 days); the user's previous MCP token is revoked: one is active per user."""
        if p.token_kind in ("embedded", "mcp"):
            raise PermissionDenied(f"{p.token_kind} sessions cannot create tokens")
        async with self.store.engine.begin() as c:
            old = (await c.execute(sa.select(t.tokens.c.id).where(
                t.tokens.c.user_id == p.user_id, t.tokens.c.kind == "mcp", t.tokens.c.revoked_at.is_(None)
            ))).scalars().all()
            if old:
                await c.execute(t.tokens.update().where(t.tokens.c.id.in_(old)).values(revoked_at=now_iso()))
        if old:
            await self.hub.publish(token_ids=tuple(old))
        return await self.create_api_token(p, "MCP token", "accepted only by the MCP server", 365, kind="mcp")

    async def issue_legacy_token(self, p: Principal, user_ref: str) -> tuple[str, sa.RowMapping]:
        ref = (user_ref or "").strip() or p.user_id
        may_act_for_others = p.role in ("admin", "service")
        if not may_act_for_others and not same_user(p, [ref]):  # before the lookup: no user probing
            raise PermissionDenied("only admins can get another user's API token")
        target = await self.user(ref, p.org_id)
        if target.id != p.user_id and not may_act_for_others:
            raise PermissionDenied("only admins can get another user's API token")
        async with self.store.engine.begin() as c:
            old = (await c.execute(sa.select(t.tokens.c.id).where(
                t.tokens.c.user_id == target.id, t.tokens.c.kind == "legacy", t.tokens.c.revoked_at.is_(None)
            ))).scalars().all()
            if old:
                await c.execute(t.tokens.update().where(t.tokens.c.id.in_(old)).values(revoked_at=now_iso()))
        if old:
            await self.hub.publish(token_ids=tuple(old))
        owner = Principal(user_id=target.id, email=target.email, org_id=target.org_id, role=target.role)
        return await self.create_api_token(owner, "Legacy API token", "created by get_api_token", 365, kind="legacy")

    async def mint_embedded(self, org_id: str, user_ref: str, active_groups: list[str], ttl_s: int) -> tuple[str, int]:
        u = await self.user(user_ref, org_id)
        if u.status != "active":
            raise Conflict(f"user {u.email} has not accepted their invitation yet")
        groups = tuple(dict.fromkeys(g.strip() for g in active_groups if g.strip()))
        missing = [g for g in groups if g not in u.groups]
        if missing:
            raise InvalidArgument(f"active_groups must be groups of the user; not assigned: {', '.join(missing)}")
        token, claims = self.codec.mint(sub=u.email, user_id=u.id, org_id=u.org_id, typ="embedded",
                                        ttl_s=ttl_s or EMBEDDED_TTL_S, active_groups=groups)
        return token, claims.exp

    async def _embedded_cutoff_ms(self, org_id: str) -> int:
        async with self.store.engine.connect() as c:
            cutoff = (await c.execute(sa.select(t.embedded_cutoffs.c.cutoff_ms).where(
                t.embedded_cutoffs.c.org_id == org_id))).scalar()
        return int(cutoff or 0)

    async def revoke_embedded_tokens(self, org_id: str) -> None:
        """Refuse every embedded token of the org issued until now, and push that to the gateways.

        Embedded tokens are not stored (they are signed JWTs), so the cut is a per-org time:
        tokens issued at or before it fail verification; minting is the admin service's to refuse.
        """
        cutoff = math.floor(time.time() * 1000)
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.embedded_cutoffs.delete().where(t.embedded_cutoffs.c.org_id == org_id))
                await c.execute(t.embedded_cutoffs.insert().values(org_id=org_id, cutoff_ms=cutoff))
                user_ids = (await c.execute(sa.select(t.users.c.id).where(t.users.c.org_id == org_id))).scalars().all()
        except OperationalError as exc:
            raise write_error(exc) from exc
        await self.hub.publish(user_ids=tuple(user_ids))

    # ---- login throttling (extension) ------------------------------------------------
    async def locked_accounts(self, org_id: str) -> list[Locked]:
        """Locked accounts (an e-mail of this org's users, or one no user has) and client addresses."""
        out = []
        for entry in self.throttle.locked():
            if entry.kind == "account":
                async with self.store.engine.connect() as c:
                    owner = (await c.execute(sa.select(t.users.c.org_id).where(t.users.c.email == entry.key))).scalar()
                if owner is not None and owner != org_id:
                    continue
            out.append(entry)
        return out

    async def unlock(self, org_id: str, email: str, address: str) -> None:
        email, address = (email or "").strip().lower()[:320], (address or "").strip()
        if not email and not address:
            raise InvalidArgument("give the e-mail or the address to unlock")
        if email:
            async with self.store.engine.connect() as c:
                owner = (await c.execute(sa.select(t.users.c.org_id).where(t.users.c.email == email))).scalar()
            if owner is not None and owner != org_id:
                raise NotFound("nothing to unlock: no failed sign-ins are recorded for it")
        found = (self.throttle.unlock("account", email) if email else False) | (
            self.throttle.unlock("address", address) if address else False)
        if not found:
            raise NotFound("nothing to unlock: no failed sign-ins are recorded for it")


def _no_token_management(p: Principal) -> None:
    """Embedded sessions act for a user inside someone else's app, MCP tokens for an AI client:
    neither may mint, see or revoke the user's long-lived tokens."""
    if p.token_kind in ("embedded", "mcp"):
        raise PermissionDenied(f"{p.token_kind} sessions cannot list, create or revoke API tokens")


def _expiry(row: sa.RowMapping | None, claims: Claims) -> int:
    if row is not None and row["expires_at"]:
        return int(datetime.fromisoformat(row["expires_at"]).timestamp())
    return claims.exp


def _token_kind(token_row: sa.RowMapping | None, claims: Claims) -> str:
    """The principal's token kind: stored tokens are "api" except MCP-only ones; others by their claims."""
    if token_row is None:
        return claims.typ
    return "mcp" if token_row["kind"] == "mcp" else "api"
