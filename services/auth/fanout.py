"""Invalidations between auth replicas through PostgreSQL LISTEN/NOTIFY (the auth store's server).

Each replica keeps one listening connection, named ``dot-auth:<replica id>`` in
``pg_stat_activity``: that list is who is alive (a replica killed with -9 drops its connection and
leaves the list at once, so nobody waits for it). A change published on one replica is NOTIFYed;
every other replica delivers it to its own subscribers (its gateways' and services' caches),
waits for their acks as for its own changes, and NOTIFYs an ack back. The publishing call returns
once every live replica acked, or after ``PEER_TIMEOUT_S`` (a replica that stops hearing the
channel ends its own subscribers' streams, so their caches stop trusting themselves).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

from services.auth.invalidation import ACK_TIMEOUT_S, InvalidationHub
from services.common.errors import Unavailable

log = logging.getLogger(__name__)
CHANNEL = "dot_auth_invalidations"
APP_PREFIX = "dot-auth:"
PEER_TIMEOUT_S = ACK_TIMEOUT_S + 1.0  # a peer acks within its own subscribers' ack timeout
LIVENESS_POLL_S = 0.2
MAX_IDS_PER_MESSAGE = 100  # NOTIFY payloads are limited to 8000 bytes
RECONNECT_S = 0.5


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgFanout:
    """One per auth replica whose store is PostgreSQL. ``start()`` before serving, ``stop()`` after."""

    def __init__(self, dsn: str, hub: InvalidationHub) -> None:
        self._dsn = dsn
        self._hub = hub
        self.replica = uuid.uuid4().hex[:12]
        self._listen: Any = None  # asyncpg connection: LISTEN, and nothing else
        self._send: Any = None  # asyncpg connection for NOTIFY and liveness queries
        self._send_lock = asyncio.Lock()
        self._waiting: dict[str, set[str]] = {}  # message id -> replicas that acked it
        self._acked: dict[str, asyncio.Event] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._keeper: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self.delivered = 0  # changes from other replicas delivered here

    @property
    def ready(self) -> bool:
        return self._listen is not None and not self._listen.is_closed()

    async def start(self) -> None:
        await self._connect()
        self._keeper = asyncio.create_task(self._keep_connected())
        self._hub.fanout = self

    async def stop(self) -> None:
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        for task in list(self._tasks):
            task.cancel()
        await self._close()

    async def _connect(self) -> None:
        import asyncpg

        self._listen = await asyncpg.connect(self._dsn, server_settings={"application_name": APP_PREFIX + self.replica})
        self._listen.add_termination_listener(lambda _conn: self._lost.set())
        await self._listen.add_listener(CHANNEL, self._on_notify)
        self._send = await asyncpg.connect(self._dsn, server_settings={"application_name": "dot-auth-send"})
        self._lost.clear()

    async def _close(self) -> None:
        for conn in (self._listen, self._send):
            if conn is not None and not conn.is_closed():
                with contextlib.suppress(Exception):
                    await conn.close(timeout=2)
        self._listen = self._send = None

    async def _keep_connected(self) -> None:
        """A lost link ends this replica's subscribers (they reconnect, maybe elsewhere) until it is back."""
        while True:
            await self._lost.wait()
            log.warning("lost the invalidation channel to PostgreSQL; ending this replica's invalidation streams")
            await self._close()
            self._hub.drop_all()
            while True:
                await asyncio.sleep(RECONNECT_S)
                try:
                    await self._connect()
                    break
                except Exception as exc:  # noqa: BLE001 - retry until the database is back
                    log.info("invalidation channel still down (%s)", type(exc).__name__)
            log.info("invalidation channel to PostgreSQL restored")

    async def _notify(self, message: dict[str, Any]) -> None:
        async with self._send_lock:
            if self._send is None or self._send.is_closed():
                raise Unavailable("the auth service lost its database connection; try again")
            await self._send.execute("SELECT pg_notify($1, $2)", CHANNEL, json.dumps(message, separators=(",", ":")))

    async def _peers(self) -> set[str]:
        async with self._send_lock:
            if self._send is None or self._send.is_closed():
                return set()
            rows = await self._send.fetch(
                "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name LIKE $1", APP_PREFIX + "%")
        return {r["application_name"][len(APP_PREFIX):] for r in rows} - {self.replica}

    async def send(self, at: float, token_ids: tuple[str, ...], user_ids: tuple[str, ...]) -> None:
        """NOTIFY the change (in chunks that fit a payload); wait until every live peer acked each."""
        chunks = [(token_ids[i:i + MAX_IDS_PER_MESSAGE], ()) for i in range(0, len(token_ids), MAX_IDS_PER_MESSAGE)]
        chunks += [((), user_ids[i:i + MAX_IDS_PER_MESSAGE]) for i in range(0, len(user_ids), MAX_IDS_PER_MESSAGE)]
        await asyncio.gather(*(self._send_one(at, t, u) for t, u in chunks))

    async def _send_one(self, at: float, token_ids: tuple[str, ...], user_ids: tuple[str, ...]) -> None:
        mid = uuid.uuid4().hex
        acked: set[str] = set()
        event = asyncio.Event()
        self._waiting[mid], self._acked[mid] = acked, event
        try:
            peers = await self._peers()
            await self._notify({"k": "inv", "o": self.replica, "m": mid, "a": at, "t": list(token_ids),
                                "u": list(user_ids)})
            loop = asyncio.get_running_loop()
            deadline = loop.time() + PEER_TIMEOUT_S
            while peers - acked:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    log.warning("auth replica(s) %s did not ack an invalidation in time", sorted(peers - acked))
                    return
                event.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(remaining, LIVENESS_POLL_S))
                if peers - acked:
                    peers &= await self._peers()  # a replica that died meanwhile is not waited for
        finally:
            self._waiting.pop(mid, None)
            self._acked.pop(mid, None)

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            msg = json.loads(payload)
        except ValueError:
            return
        if msg.get("k") == "ack":
            if msg.get("o") == self.replica and msg.get("m") in self._waiting:
                self._waiting[msg["m"]].add(msg.get("r", ""))
                self._acked[msg["m"]].set()
        elif msg.get("k") == "inv" and msg.get("o") != self.replica:
            task = asyncio.create_task(self._deliver(msg))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, msg: dict[str, Any]) -> None:
        await self._hub.deliver(float(msg.get("a", 0.0)), tuple(msg.get("t", ())), tuple(msg.get("u", ())))
        self.delivered += 1
        try:
            await self._notify({"k": "ack", "o": msg["o"], "m": msg["m"], "r": self.replica})
        except Exception as exc:  # noqa: BLE001 - the publisher stops waiting at its timeout
            log.warning("could not ack an invalidation (%s)", type(exc).__name__)
