"""Push invalidations to every connected verifier cache and wait for their acks.

This is what lets the gateway verify credentials without a round trip per request while
revocation stays immediate: a mutation returns only after every connected cache acked
(or was cut off, which makes that cache fall back to per-request verification).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ACK_TIMEOUT_S = 1.0


@dataclass(eq=False)
class Subscriber:
    queue: asyncio.Queue[tuple[int, tuple[str, ...], tuple[str, ...], float]] = field(default_factory=asyncio.Queue)
    since: float = field(default_factory=time.time)  # changes from here on reach this subscriber
    acked: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    dead: bool = False


class InvalidationHub:
    """One per auth process. ``local`` applies each change in auth's own process first."""

    def __init__(self, local: Callable[[float, tuple[str, ...], tuple[str, ...]], None] | None = None) -> None:
        self._subs: set[Subscriber] = set()
        self._seq = itertools.count(1)
        self.local = local

    def subscribe(self) -> Subscriber:
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

    async def publish(self, token_ids: tuple[str, ...] = (), user_ids: tuple[str, ...] = ()) -> None:
        """Send to all subscribers; return once each acked or was dropped for being slow."""
        if not token_ids and not user_ids:
            return
        seq = next(self._seq)
        at = time.time()
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
