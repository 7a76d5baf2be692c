"""Every service refuses a forwarded principal once its credential, user or role changed.

Auth publishes each change (revoked token, deleted user, role or group change) on its
invalidation stream and waits for every subscriber's ack. Each service keeps what it heard in a
``Revocations`` set for one principal lifetime (older principals have expired anyway) and refuses
a principal whose token was revoked, or whose user changed after auth verified it
(``verified_at`` < the change, both on auth's clock). A principal verified before the service's
current stream began (the service started or reconnected later) may have missed a change: it is
re-checked live once (``auth.RefreshPrincipal``, or the auth store inside auth) and remembered
while that stream stays up. With the stream down every principal is checked live.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

import grpc

from dot.v1 import auth_pb2
from services.common import grpc_errors
from services.common.errors import Unauthenticated
from services.common.identity import InternalTokens
from services.common.principal import Principal

log = logging.getLogger(__name__)
LiveCheck = Callable[[str], Awaitable[None]]
CHECKED_MAX = 10_000
PRUNE_SLACK_S = 60.0


class Revocations:
    """Changes heard from auth, kept for one principal lifetime. One per service process."""

    def __init__(self, live_check: LiveCheck, ttl_s: float) -> None:
        self._live_check = live_check
        self._ttl_s = ttl_s
        self._tokens: dict[str, float] = {}  # token id -> local time to forget it
        self._users: dict[str, tuple[float, float]] = {}  # user id -> (change time on auth's clock, forget at)
        self._since: float | None = None  # auth's clock: the current stream began (None: not connected)
        self._checked: dict[str, int] = {}  # principals re-checked live during this stream -> their exp
        self.connects = 0
        self.live_checks = 0
        self.refused = 0

    @property
    def connected(self) -> bool:
        return self._since is not None

    def reset(self, at: float) -> None:
        """A (re)connected stream: changes from ``at`` on will be heard."""
        self._since = at
        self._checked.clear()
        self.connects += 1

    def disconnect(self) -> None:
        self._since = None
        self._checked.clear()

    def apply(self, at: float, token_ids: Sequence[str], user_ids: Sequence[str]) -> None:
        forget = time.time() + self._ttl_s + PRUNE_SLACK_S
        for tid in token_ids:
            self._tokens[tid] = forget
        for uid in user_ids:
            prev = self._users.get(uid)
            self._users[uid] = (max(at, prev[0] if prev else 0.0), forget)
        self._checked.clear()  # cheap and rare: re-checked principals are checked again
        self._prune()

    def _prune(self) -> None:
        now = time.time()
        for tid in [k for k, v in self._tokens.items() if v < now]:
            del self._tokens[tid]
        for uid in [k for k, v in self._users.items() if v[1] < now]:
            del self._users[uid]

    def refuses(self, p: Principal) -> str | None:
        """Why a principal is refused from what was heard (None: nothing against it)."""
        if p.token_id and p.token_id in self._tokens:
            return "the credential behind this internal identity has been revoked"
        changed = self._users.get(p.user_id)
        if changed is not None and p.verified_at <= changed[0]:
            return "the user behind this internal identity changed; verify the credential again"
        return None

    async def check(self, p: Principal, token: str) -> None:
        reason = self.refuses(p)
        if reason is not None:
            self.refused += 1
            raise Unauthenticated(reason)
        if self._since is not None and p.verified_at >= self._since:
            return
        if token in self._checked:
            return
        since = self._since
        self.live_checks += 1
        await self._live_check(token)
        reason = self.refuses(p)  # a change may have arrived while the live check ran
        if reason is not None:
            self.refused += 1
            raise Unauthenticated(reason)
        if since is not None and since == self._since:
            if len(self._checked) >= CHECKED_MAX:
                self._checked.clear()
            self._checked[token] = 1

    def stats(self) -> dict[str, Any]:
        return {"stream_connected": self.connected, "connects": self.connects, "live_checks": self.live_checks,
                "refused": self.refused, "revoked_tokens": len(self._tokens), "changed_users": len(self._users)}


def remote_live_check(tokens: InternalTokens, auth_stub: Any) -> LiveCheck:
    """Check a principal against auth's live state (``RefreshPrincipal``; the fresh one is not needed)."""

    async def check(token: str) -> None:
        try:
            await auth_stub().RefreshPrincipal(auth_pb2.RefreshPrincipalRequest(), metadata=tokens.metadata(token), timeout=5)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None

    return check


class InvalidationListener(Protocol):
    """What follows auth's invalidation stream: a service's ``Revocations``, the gateway's
    ``CredentialVerifier`` (gateway/credentials.py)."""

    def reset(self, at: float) -> None: ...  # a (re)connected stream: changes from ``at`` on will be heard

    def apply(self, at: float, token_ids: Sequence[str], user_ids: Sequence[str]) -> None: ...

    def disconnect(self) -> None: ...  # the stream is down: stop trusting what was heard


class InvalidationWatcher:
    """Keeps one ``WatchInvalidations`` stream open and feeds a listener; reconnects on failure.

    The one watcher of the gateway and of every service; each change is acked only after the
    listener applied it, which is what auth waits for before a mutation returns.
    """

    def __init__(self, tokens: InternalTokens, auth_stub: Callable[[], Any], listener: InvalidationListener) -> None:
        self._tokens = tokens
        self._auth_stub = auth_stub
        self.listener = listener
        self._task: asyncio.Task[None] | None = None

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
            except Exception as exc:  # noqa: BLE001 - any failure: caches off until reconnected
                log.info("invalidation stream down (%s); verifying live until it is back", type(exc).__name__)
            self.listener.disconnect()
            await asyncio.sleep(0.5)

    async def _watch_once(self) -> None:
        internal, _ = self._tokens.mint(self._tokens.service_principal(self._tokens.service), ttl_s=3600 * 24 * 365)
        # Acks are written on the call itself (no request generator left running when the stream breaks).
        call = self._auth_stub().WatchInvalidations(metadata=self._tokens.metadata(internal))
        try:
            while True:
                inv = await call.read()
                if inv is grpc.aio.EOF:
                    return
                if inv.reset:
                    self.listener.reset(inv.at)
                else:
                    self.listener.apply(inv.at, list(inv.token_ids), list(inv.user_ids))
                await call.write(auth_pb2.WatchInvalidationsRequest(seq=inv.seq))
        finally:
            self.listener.disconnect()
            call.cancel()
