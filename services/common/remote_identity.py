"""Identity for services other than auth: API tokens are verified by an RPC to auth, forwarded
principals are checked against auth's invalidation stream (services/common/revocation.py)."""

from __future__ import annotations

import asyncio
import logging
import time

import grpc

from dot.v1 import auth_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import DomainError, Unavailable
from services.common.identity import Identity, InternalTokens
from services.common.principal import Principal
from services.common.revocation import InvalidationWatcher, Revocations, remote_live_check

log = logging.getLogger(__name__)


def remote_identity(tokens: InternalTokens, clients: Clients) -> Identity:
    """The service's Identity; starts its invalidation watcher (stopped by ``clients.close()``)."""

    async def verify(credential: str) -> Principal:
        try:
            r = await clients.auth.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=credential),
                                                    metadata=tokens.service_md, timeout=5)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        return Principal.of(r.principal)

    revocations = Revocations(remote_live_check(tokens, lambda: clients.auth), tokens.ttl_s)
    watcher = InvalidationWatcher(tokens, lambda: clients.auth, revocations)
    watcher.start()
    clients.on_close(watcher.stop)
    return Identity(tokens, verify, revocations)


def as_metadata(tokens: InternalTokens, p: Principal) -> tuple[tuple[str, str], ...]:
    """Forward a principal to another service (re-signed; its lifetime still counts from ``verified_at``)."""
    token, _ = tokens.mint(p)
    return tokens.metadata(token)


def service_metadata(tokens: InternalTokens, service: str, org_id: str = "") -> tuple[tuple[str, str], ...]:
    return as_metadata(tokens, tokens.service_principal(service, org_id))


class ForwardedIdentity:
    """The asker's principal held for one long task (an answer): refreshed from auth before it expires.

    Each refresh is auth's live re-check (``RefreshPrincipal``): it fails once the credential is
    revoked or the user, role or groups changed, so a long answer keeps exactly the rights the
    asker still has, and a captured principal gains nothing (refreshing needs a service credential).
    """

    def __init__(self, tokens: InternalTokens, clients: Clients, p: Principal) -> None:
        self._tokens = tokens
        self._clients = clients
        self._token, self._exp = tokens.mint(p)
        self._margin = min(60.0, tokens.ttl_s / 3)
        self._lock = asyncio.Lock()
        self._refused: DomainError | None = None  # auth refused a refresh: the asker lost these rights
        self.refreshes = 0

    async def metadata(self) -> tuple[tuple[str, str], ...]:
        """Metadata for the next call, refreshed first when the principal is about to expire."""
        if self._refused is not None:
            raise self._refused
        if self._exp - time.time() <= self._margin:
            async with self._lock:
                if self._exp - time.time() <= self._margin:
                    await self._refresh()
        return self._tokens.metadata(self._token)

    async def _refresh(self) -> None:
        try:
            r = await self._clients.auth.RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=self._tokens.metadata(self._token),
                                                          timeout=5)
        except grpc.aio.AioRpcError as exc:
            err = grpc_errors.decode(exc)
            if not isinstance(err, Unavailable):
                self._refused = err
            raise err from None
        self._token, self._exp = r.internal_token, r.internal_expires_at
        self.refreshes += 1

    async def keep_fresh(self) -> None:
        """Run beside the task: refresh ahead of expiry even while the task waits (e.g. on an LLM)."""
        while True:
            await asyncio.sleep(max(0.05, self._exp - time.time() - self._margin))
            try:
                await self.metadata()
            except DomainError as exc:  # revoked or changed: the next call fails with it; stop here
                log.info("forwarded identity not refreshed: %s", exc.code)
                if not isinstance(exc, Unavailable):
                    return
                await asyncio.sleep(1)
