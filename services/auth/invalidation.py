"""Push invalidations to every connected verifier cache and wait for their acks.

This is what lets the gateway verify credentials without a round trip per request while
revocation stays immediate: a mutation returns only after every connected cache acked
(or was cut off, which makes that cache fall back to per-request verification).

With several auth replicas, a ``Fanout`` (fanout.py: PostgreSQL LISTEN/NOTIFY) carries each change
to the other replicas, which deliver it to their own subscribers and ack back: the mutation
returns once every connected cache, on whichever replica, has dropped what it changed.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from services.common.errors import Unavailable

ACK_TIMEOUT_S = 1.0


@dataclass(eq=False)
class Subscriber:
    queue: asyncio.Queue[tuple[int, tuple[str, ...], tuple[str, ...], float]] = field(default_factory=asyncio.Queue)
    since: float = field(default_factory=time.time)  # changes from here on reach this subscriber
    acked: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    dead: bool = False


class Fanout(Protocol):
    """Carries a change to the other auth replicas; returns once each has delivered it (or is gone)."""

    @property
    def ready(self) -> bool: ...

    def send(self, at: float, token_ids: tuple[str, ...], user_ids: tuple[str, ...]) -> Awaitable[None]: ...


class InvalidationHub:
    """One per auth process. ``local`` applies each change in auth's own process first."""

    def __init__(self, local: Callable[[float, tuple[str, ...], tuple[str, ...]], None] | None = None) -> None:
        self._subs: set[Subscriber] = set()
        self._seq = itertools.count(1)
        self.local = local
        self.fanout: Fanout | None = None

    def subscribe(self) -> Subscriber:
        if self.fanout is not None and not self.fanout.ready:
            # This replica cannot hear the others' changes: a cache fed by it would go stale.
            raise Unavailable("this auth replica is not connected to the others' invalidations; try another")
        sub = Subscriber()
        self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        sub.dead = True
        sub.changed.set()
        sub.queue.put_nowait((-1, (), (), 0.0))  # ends that subscriber's stream
        self._subs.discard(sub)

    def ack(self, sub: Subscriber, seq: int) -> None:
        if seq > sub.acked:
            sub.acked = seq
            sub.changed.set()

    def drop_all(self) -> None:
        """End every subscriber's stream (their caches stop trusting themselves and reconnect)."""
        for sub in list(self._subs):
            self.unsubscribe(sub)

    async def publish(self, token_ids: tuple[str, ...] = (), user_ids: tuple[str, ...] = ()) -> None:
        """Send to all subscribers, here and on the other replicas; return once each acked or was
        dropped for being slow."""
        if not token_ids and not user_ids:
            return
        at = time.time()
        if self.fanout is None:
            await self.deliver(at, token_ids, user_ids)
        else:
            await asyncio.gather(self.deliver(at, token_ids, user_ids), self.fanout.send(at, token_ids, user_ids))

    async def deliver(self, at: float, token_ids: tuple[str, ...], user_ids: tuple[str, ...]) -> None:
        """Apply a change (made here or on another replica) and push it to this replica's subscribers."""
        seq = next(self._seq)
        if self.local is not None:
            self.local(at, token_ids, user_ids)
        subs = list(self._subs)
        for sub in subs:
            sub.queue.put_nowait((seq, token_ids, user_ids, at))
        await asyncio.gather(*(self._wait_ack(sub, seq) for sub in subs))

    async def _wait_ack(self, sub: Subscriber, seq: int) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ACK_TIMEOUT_S
        while sub.acked < seq and not sub.dead:
            remaining = deadline - loop.time()
            if remaining <= 0:
                self.unsubscribe(sub)  # cut it off: its cache must not be trusted
                return
            sub.changed.clear()
            try:
                await asyncio.wait_for(sub.changed.wait(), remaining)
            except TimeoutError:
                continue
