"""Verify credentials at the edge without a round trip per request, revocation still immediate.

Verified principals are cached per credential hash only while the invalidation stream from
the auth service is connected and acked: auth mutations (revoke, delete user, role or group
change) wait for this cache to drop affected entries before they return. If the stream is
down the cache is cleared and every request is verified by RPC.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import grpc

from dot.v1 import auth_pb2, common_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import Unauthenticated
from services.common.identity import PRINCIPAL_MD, InternalTokens
from services.common.revocation import InvalidationWatcher

log = logging.getLogger(__name__)
MAX_CACHE = 50_000
REFRESH_MARGIN_S = 60
VERIFY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Verified:
    principal: common_pb2.Principal
    internal_token: str
    internal_exp: int
    service_md: tuple[tuple[str, str], ...] = ()  # the gateway's service credential

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return ((PRINCIPAL_MD, self.internal_token), *self.service_md)


class CredentialVerifier:
    """Owned by one gateway process (in app.state)."""

    def __init__(self, clients: Clients, tokens: InternalTokens) -> None:
        self._clients = clients
        self._tokens = tokens
        # Re-verify a cached principal this long before it expires (a fifth of its lifetime at most).
        self._refresh_margin = min(REFRESH_MARGIN_S, tokens.ttl_s / 5)
        self._cache: dict[str, Verified] = {}
        self._connected = False
        # Bumped by every invalidation: a verification that was in flight while one arrived
        # may carry stale facts (a role, a revoked token) and must not be cached.
        self._generation = 0
        self._watcher = InvalidationWatcher(tokens, lambda: clients.auth, self)
        self.hits = 0
        self.misses = 0
        self.connects = 0  # streams opened; each after the first is a reconnect
        self.resets = 0  # streams that ended while the gateway was running

    @property
    def caching(self) -> bool:
        return self._connected

    def stats(self) -> dict[str, int | bool]:
        """The cache's state for /healthz: a reset stream empties the cache and costs an RPC per request."""
        return {"stream_connected": self._connected, "stream_connects": self.connects, "stream_resets": self.resets,
                "entries": len(self._cache), "hits": self.hits, "misses": self.misses}

    async def verify(self, credential: str) -> Verified:
        key = hashlib.sha256(credential.encode()).hexdigest()
        now = time.time()
        hit = self._cache.get(key) if self._connected else None
        if hit is not None:
            exp = hit.principal.expires_at
            if exp and exp <= now:
                self._cache.pop(key, None)
                raise Unauthenticated("token has expired")
            if hit.internal_exp - self._refresh_margin > now:
                self.hits += 1
                return hit
        self.misses += 1
        generation = self._generation
        try:
            resp = await self._clients.auth.VerifyCredential(
                auth_pb2.VerifyCredentialRequest(credential=credential), metadata=self._tokens.service_md,
                timeout=VERIFY_TIMEOUT_S)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        v = Verified(resp.principal, resp.internal_token, resp.internal_expires_at, self._tokens.service_md)
        if self._connected and generation == self._generation:
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            self._cache[key] = v
        return v

    def invalidate(self, token_ids: Sequence[str], user_ids: Sequence[str]) -> None:
        self._generation += 1
        tids, uids = set(token_ids), set(user_ids)
        for k, v in list(self._cache.items()):
            if v.principal.token_id in tids or v.principal.user_id in uids:
                del self._cache[k]

    def _drop_all(self) -> None:
        self._generation += 1
        self._cache.clear()

    # ---- the invalidation stream (services/common/revocation.InvalidationWatcher) ----------
    def reset(self, at: float) -> None:
        self._drop_all()
        self._connected = True
        self.connects += 1

    def apply(self, at: float, token_ids: Sequence[str], user_ids: Sequence[str]) -> None:
        self.invalidate(token_ids, user_ids)

    def disconnect(self) -> None:
        if self._connected:
            self.resets += 1
        self._connected = False
        self._drop_all()

    def start(self) -> None:
        self._watcher.start()

    async def stop(self) -> None:
        await self._watcher.stop()
