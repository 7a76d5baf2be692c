"""Token formats: session JWTs, ``dot-<JWT>`` API tokens, embedded JWTs, legacy hex tokens."""

from __future__ import annotations

import hashlib
import math
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from services.common.errors import Unauthenticated
from services.common.identity import derive_key

SESSION_TTL_S = 7 * 24 * 3600
EMBEDDED_TTL_S = 24 * 3600
API_TOKEN_DEFAULT_DAYS = 365
LEGACY_HEX = re.compile(r"^(dot-)?[0-9a-f]{64}$")


def token_hash(token: str) -> str:
    """What the store keeps instead of a token (tokens have 256 bits; no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Claims:
    sub: str
    user_id: str
    org_id: str
    exp: int
    jti: str
    typ: str  # session | api | embedded
    active_groups: tuple[str, ...] = ()
    iat: float = 0.0  # embedded tokens carry milliseconds: the org's cutoff is compared at that precision


class TokenCodec:
    """Signs and checks user-facing JWTs with a key derived from the server secret."""

    def __init__(self, secret: str) -> None:
        self._key = derive_key(secret, "dot-user-jwt-v1")

    def mint(self, *, sub: str, user_id: str, org_id: str, typ: str, ttl_s: int,
             active_groups: tuple[str, ...] = (), jti: str | None = None) -> tuple[str, Claims]:
        issued = time.time()
        now = int(issued)
        iat: float = math.floor(issued * 1000) / 1000 if typ == "embedded" else now
        claims = Claims(sub=sub, user_id=user_id, org_id=org_id, exp=now + ttl_s,
                        jti=jti or uuid.uuid4().hex, typ=typ, active_groups=active_groups, iat=iat)
        payload: dict[str, Any] = {
            "sub": sub, "user_id": user_id, "org_id": org_id, "exp": claims.exp,
            "iat": iat, "jti": claims.jti, "typ": typ,
        }
        if active_groups:
            payload["active_groups"] = list(active_groups)
        token = jwt.encode(payload, self._key, algorithm="HS256", headers={"typ": "JWT"})
        return token, claims

    def decode(self, token: str) -> Claims:
        """Verify signature (HS256 only: ``alg: none`` and key confusion are refused) and expiry."""
        raw = token[4:] if token.startswith("dot-") else token
        try:
            c = jwt.decode(raw, self._key, algorithms=["HS256"],
                           options={"require": ["exp", "sub", "jti"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token has expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("token is malformed or its signature is invalid") from exc
        typ = c.get("typ", "")
        if typ not in ("session", "api", "embedded"):
            raise Unauthenticated("token type is not accepted here")
        if typ == "api" and not token.startswith("dot-"):
            raise Unauthenticated("API tokens must be sent with their dot- prefix")
        ag = c.get("active_groups") or []
        if not isinstance(ag, list) or not all(isinstance(g, str) for g in ag):
            raise Unauthenticated("token claims are malformed")
        return Claims(sub=str(c["sub"]), user_id=str(c.get("user_id", "")), org_id=str(c.get("org_id", "")),
                      exp=int(c["exp"]), jti=str(c["jti"]), typ=typ, active_groups=tuple(ag),
                      iat=float(c.get("iat") or 0))
