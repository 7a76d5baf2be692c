"""How identity travels: signed internal tokens in gRPC metadata, checked by every service.

The gateway (or any caller) presents either ``x-dot-principal`` (an internal JWT minted by
the auth service after verifying the user's credential) or ``authorization: Bearer <token>``
(an API token; verified through the auth service). Services never trust unsigned headers.
A principal is only accepted together with a service credential (``x-dot-service``, checked by
``server.ServiceCredentialCheck``) and only while the credential it came from is unchanged
(``revocation.Revocations``); see docs/security.md (Internal gRPC trust model).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

import jwt

from services.common.errors import PermissionDenied, Unauthenticated
from services.common.principal import Principal

PRINCIPAL_MD = "x-dot-principal"
SERVICE_MD = "x-dot-service"
INTERNAL_TTL_S = 300
VERIFIED_CACHE_MAX = 10_000
MINTED_CACHE_MAX = 1_024
ROLES = ("admin", "modeler", "user")


def derive_key(secret: str, label: str) -> bytes:
    """Independent keys per purpose from the one server secret."""
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()


def service_credential(secret: str, service: str) -> str:
    """The ``x-dot-service`` value of one service: its name and an HMAC of it under the server secret."""
    mac = hmac.new(derive_key(secret, "dot-service-credential-v1"), service.encode(), hashlib.sha256).hexdigest()
    return f"{service}.{mac}"


class ServiceKeys:
    """Checks ``x-dot-service`` values (memoised: the valid set is a handful of strings)."""

    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._valid: dict[str, str] = {}

    def caller(self, value: str | bytes | None) -> str | None:
        """The calling service's name, or None when the credential is missing or forged."""
        if not isinstance(value, str) or not value:
            return None
        hit = self._valid.get(value)
        if hit is not None:
            return hit
        name, _, _ = value.partition(".")
        if not name or len(value) > 200 or not hmac.compare_digest(value, service_credential(self._secret, name)):
            return None
        if len(self._valid) < 64:
            self._valid[value] = name
        return name


class InternalTokens:
    """Mint and verify the short-lived signed principal that travels between services.

    ``service`` names the process holding it: its service credential goes with every call it makes.
    A principal's lifetime counts from ``verified_at`` (when auth last checked the credential), so
    re-signing a principal to forward it never extends it.
    """

    def __init__(self, secret: str, service: str = "internal", ttl_s: int = INTERNAL_TTL_S) -> None:
        self._key = derive_key(secret, "dot-internal-principal-v1")
        self.service = service
        self.ttl_s = ttl_s
        self.service_md: tuple[tuple[str, str], ...] = ((SERVICE_MD, service_credential(secret, service)),)
        # Verified tokens by their exact text: a token is immutable and signed, so the same text
        # always yields the same principal until it expires (saves a JWT decode per RPC).
        self._verified: dict[str, tuple[Principal, int]] = {}
        # Minted tokens by (principal, ttl): with ``verified_at`` set, the claims, their expiry and so the
        # signed text are a pure function of both, so forwarding the same asker again (every answer
        # forwards its asker twice) re-uses the text instead of encoding and signing it anew.
        self._minted: dict[tuple[Principal, int], tuple[str, int]] = {}

    def metadata(self, internal_token: str) -> tuple[tuple[str, str], ...]:
        """Metadata for a call carrying ``internal_token``: the principal plus this service's credential."""
        return ((PRINCIPAL_MD, internal_token), *self.service_md)

    def mint(self, p: Principal | Any, ttl_s: int | None = None) -> tuple[str, int]:
        ttl = ttl_s or self.ttl_s
        if not (isinstance(p, Principal) and p.verified_at):  # no verified_at: the lifetime counts from now
            return self._mint(p, ttl)
        key = (p, ttl)
        try:
            hit = self._minted.get(key)
        except TypeError:  # built with a list for its groups: not hashable, signed each time
            return self._mint(p, ttl)
        if hit is None:
            if len(self._minted) >= MINTED_CACHE_MAX:
                self._minted.clear()
            hit = self._minted[key] = self._mint(p, ttl)
        return hit

    def _mint(self, p: Principal | Any, ttl: int) -> tuple[str, int]:
        vat = p.verified_at or time.time()
        exp = int(vat + ttl)
        claims: dict[str, Any] = {
            "typ": "internal",
            "uid": p.user_id,
            "sub": p.email,
            "org": p.org_id,
            "role": p.role,
            "grp": list(p.groups),
            "agrp": list(p.active_groups),
            "kind": p.token_kind,
            "jti": p.token_id,
            "tname": p.token_name,
            "texp": p.expires_at,
            "name": p.realname,
            "vat": vat,
            "exp": exp,
        }
        return jwt.encode(claims, self._key, algorithm="HS256"), exp

    def verify(self, token: str) -> Principal:
        hit = self._verified.get(token)
        if hit is not None and hit[1] > time.time():
            return hit[0]
        principal, exp = self._decode(token)
        if len(self._verified) >= VERIFIED_CACHE_MAX:
            self._verified.clear()
        self._verified[token] = (principal, exp)
        return principal

    def _decode(self, token: str) -> tuple[Principal, int]:
        try:
            c = jwt.decode(token, self._key, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.PyJWTError as exc:
            raise Unauthenticated("internal identity token is invalid or expired") from exc
        if c.get("typ") != "internal":
            raise Unauthenticated("internal identity token is invalid")
        return Principal(
            user_id=c.get("uid", ""),
            email=c.get("sub", ""),
            org_id=c.get("org", ""),
            role=c.get("role", ""),
            groups=tuple(c.get("grp", ())),
            active_groups=tuple(c.get("agrp", ())),
            token_kind=c.get("kind", ""),
            token_id=c.get("jti", ""),
            token_name=c.get("tname", ""),
            expires_at=int(c.get("texp", 0)),
            realname=c.get("name", ""),
            verified_at=float(c.get("vat", 0)),
        ), int(c["exp"])

    def service_principal(self, service: str, org_id: str = "") -> Principal:
        """A principal for service-to-service calls made on no user's behalf."""
        return Principal(
            user_id=f"service:{service}", email=f"{service}@service.internal", org_id=org_id,
            role="service", token_kind="service",
        )


CredentialVerifier = Callable[[str], Awaitable[Any]]  # a Principal or its wire form


class PrincipalCheck(Protocol):
    async def check(self, p: Principal, token: str) -> None: ...


class Identity:
    """Resolves the caller of an RPC, once per call, in ``server.ServiceShell`` (servicers read it
    with ``current_principal()``).

    A forwarded principal is checked against ``revocations`` (credential, user or role changed since
    auth verified it); the service credential that must accompany it is checked by the server
    interceptor before the call gets here.
    """

    def __init__(self, tokens: InternalTokens, verify_credential: CredentialVerifier,
                 revocations: PrincipalCheck | None = None) -> None:
        self._tokens = tokens
        self._verify_credential = verify_credential
        self._revocations = revocations

    async def resolve(self, metadata: Iterable[tuple[str, str | bytes]]) -> Principal:
        """The caller named by a call's metadata (``server.ServiceShell`` calls this once per RPC)."""
        internal = auth = None
        for k, v in metadata:
            if k == PRINCIPAL_MD:
                internal = v
            elif k == "authorization":
                auth = v
        if isinstance(internal, str) and internal:
            p = self._tokens.verify(internal)
            if self._revocations is not None and p.role != "service":
                await self._revocations.check(p, internal)
            return p
        if isinstance(auth, str) and auth:
            scheme, _, value = auth.partition(" ")
            token = value.strip() if scheme.lower() == "bearer" else auth.strip()
            if not token:
                raise Unauthenticated("empty credential in authorization metadata")
            return Principal.of(await self._verify_credential(token))
        raise Unauthenticated("no credentials: send authorization metadata (Bearer <API token>)")


def metadata_for(internal_token: str, tokens: InternalTokens | None = None) -> tuple[tuple[str, str], ...]:
    """Metadata carrying an already-verified principal to another service (with ``tokens``' service credential)."""
    return tokens.metadata(internal_token) if tokens is not None else ((PRINCIPAL_MD, internal_token),)


def require_role(p: Principal, *roles: str) -> None:
    """Raise PermissionDenied unless the principal has one of ``roles`` (service always may)."""
    if p.role == "service" or p.role in roles:
        return
    need = " or ".join(roles)
    raise PermissionDenied(f"this action needs the {need} role; you are {p.role or 'unknown'}")


def data_groups(p: Principal) -> tuple[str, ...]:
    """Groups that govern data access: an embedded token's active groups narrow the user's."""
    if p.active_groups:
        allowed = set(p.groups)
        return tuple(g for g in p.active_groups if g in allowed)
    return tuple(p.groups)


def same_user(p: Principal, ids: Iterable[str]) -> bool:
    return p.user_id in ids or p.email.lower() in {i.lower() for i in ids}
