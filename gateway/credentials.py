"""Verify credentials at the edge without a round trip per request, revocation still immediate.

Verified principals are cached per credential hash only while the invalidation stream from
the auth service is connected and acked: auth mutations (revoke, delete user, role or group
change) wait for this cache to drop affected entries before they return. If the stream is
down the cache is cleared and every request is verified by RPC.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc

from dot.v1 import auth_pb2, common_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import Unauthenticated
from services.common.identity import InternalTokens, metadata_for

log = logging.getLogger(__name__)
MAX_CACHE = 50_000
REFRESH_MARGIN_S = 60
VERIFY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Verified:
    principal: common_pb2.Principal
    internal_token: str
    internal_exp: int

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return metadata_for(self.internal_token)


class CredentialVerifier:
    """Owned by one gateway process (in app.state)."""

    def __init__(self, clients: Clients, tokens: InternalTokens) -> None:
        self._clients = clients
        self._tokens = tokens
        self._cache: dict[str, Verified] = {}
        self._connected = False
        # Bumped by every invalidation: a verification that was in flight while one arrived
        # may carry stale facts (a role, a revoked token) and must not be cached.
        self._generation = 0
        self._task: asyncio.Task[None] | None = None

    @property
    def caching(self) -> bool:
        return self._connected

    async def verify(self, credential: str) -> Verified:
        key = hashlib.sha256(credential.encode()).hexdigest()
        now = time.time()
        hit = self._cache.get(key) if self._connected else None
        if hit is not None:
            exp = hit.principal.expires_at
            if exp and exp <= now:
                self._cache.pop(key, None)
                raise Unauthenticated("token has expired")
            if hit.internal_exp - REFRESH_MARGIN_S > now:
                return hit
        generation = self._generation
        try:
            resp = await self._clients.auth.VerifyCredential(
                auth_pb2.VerifyCredentialRequest(credential=credential), timeout=VERIFY_TIMEOUT_S)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        v = Verified(resp.principal, resp.internal_token, resp.internal_expires_at)
        if self._connected and generation == self._generation:
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            self._cache[key] = v
        return v

    def invalidate(self, token_ids: list[str], user_ids: list[str]) -> None:
        self._generation += 1
        tids, uids = set(token_ids), set(user_ids)
        for k, v in list(self._cache.items()):
            if v.principal.token_id in tids or v.principal.user_id in uids:
                del self._cache[k]

    def _drop_all(self) -> None:
        self._generation += 1
        self._cache.clear()

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _watch_forever(self) -> None:
        while True:
            try:
                await self._watch_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure: drop cache, retry
                log.info("invalidation stream down (%s); verifying per request", type(exc).__name__)
            self._connected = False
            self._drop_all()
            await asyncio.sleep(0.5)

    async def _watch_once(self) -> None:
        acks: asyncio.Queue[int] = asyncio.Queue()

        async def ack_stream() -> AsyncIterator[auth_pb2.InvalidationAck]:
            while True:
                yield auth_pb2.InvalidationAck(seq=await acks.get())

        internal, _ = self._tokens.mint(self._tokens.service_principal("gateway"), ttl_s=3600 * 24 * 365)
        call = self._clients.auth.WatchInvalidations(ack_stream(), metadata=metadata_for(internal))
        try:
            async for inv in call:
                if inv.reset:
                    self._drop_all()
                    self._connected = True
                else:
                    self.invalidate(list(inv.token_ids), list(inv.user_ids))
                acks.put_nowait(inv.seq)
        finally:
            self._connected = False
            self._drop_all()
            call.cancel()
