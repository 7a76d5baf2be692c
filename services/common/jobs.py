"""Background work held under leases in the service's own store, so replicas can share it.

A job is a row: the replica doing the work owns it and renews its lease while it works. When a
replica dies its leases run out, and any replica's ``JobRunner`` claims the job (PostgreSQL:
``SELECT ... FOR UPDATE SKIP LOCKED``, so two replicas never claim the same row) and finishes it.
Every write of a job is conditional on its owner, so a replica that lost its lease (it stalled
longer than the lease) cannot finish the job a second time. On SQLite (one process) the same
code runs; the store serialises writers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.common.store import AsyncConnection, Store

log = logging.getLogger(__name__)
LEASE_S = 15.0  # a job whose owner stopped renewing for this long is taken over (DOT_LEASE_S)
POLL_S = 1.0  # how often a runner looks for jobs to take over (DOT_JOB_POLL_S)
MAX_ATTEMPTS = 3  # a job taken over this many times is abandoned (it may be what kills replicas)


def jobs_table(metadata: sa.MetaData) -> sa.Table:
    """The ``leased_jobs`` table, declared in each service's metadata that has background work."""
    return sa.Table(
        "leased_jobs",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("key", sa.String(500), nullable=False),  # what the job works on (one live job per kind+key)
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # running | done | abandoned
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("lease_until", sa.Float, nullable=False),  # unix time
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40)),
        sa.Index("ix_leased_jobs_lease", "status", "lease_until"),
        sa.Index("ix_leased_jobs_key", "kind", "key", "status"),
    )


@functools.cache
def process_owner() -> str:
    """This process as an owner of jobs: host, pid and a per-start id (a restarted container's
    process often gets the same pid again). One per process: ``owner_is_gone`` takes another id
    with our pid for an earlier start of this process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_gone(owner: str | None, me: str) -> bool:
    """Is the process ``owner`` (not this one, ``me``) certainly not running any more? Only
    provable on this host (its pid is gone, or is ours from an earlier start); elsewhere, no."""
    if not owner:
        return True  # recorded before owners were kept: only an older release could have run it
    host, _, rest = owner.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or owner == me:
        return False
    if not pid_text.isdigit():
        return True
    if int(pid_text) == os.getpid():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    key: str
    payload: dict[str, Any]
    attempts: int


class LeaseLost(Exception):
    """Another replica took the job over: this one must stop writing for it."""


class Jobs:
    """The jobs of one service process."""

    def __init__(self, store: Store, table: sa.Table, owner: str | None = None, lease_s: float | None = None) -> None:
        self.store = store
        self.t = table
        self.owner = owner or process_owner()
        self.lease_s = lease_s if lease_s is not None else float(os.environ.get("DOT_LEASE_S", LEASE_S))
        self.taken_over = 0  # jobs this process finished for a dead one
        # jobs closed inside their result's transaction (finish(conn=...)); holding() skips them
        self._closed: set[str] = set()
        # ids of jobs inside ``holding`` here: alive however late their lease renewal is (a long
        # SQLite write, e.g. syncing 20,000 tables, blocks the renewal), so never taken over here
        self.held: set[str] = set()
        # the statements of every job, built once and run with their values as parameters (building one
        # with ``.values(...)`` per job cost more CPU than running it)
        self._insert = table.insert()
        self._finish = table.update().where(table.c.id == sa.bindparam("w_id"), table.c.owner == sa.bindparam("w_owner"),
                                            table.c.status == "running")

    async def start(self, kind: str, key: str, payload: Mapping[str, Any], job_id: str | None = None,
                    conn: AsyncConnection | None = None) -> Job:
        """Record a job this process starts working on now (in ``conn``'s transaction when given,
        so claiming the work and leasing it are one step)."""
        job = Job(job_id or uuid.uuid4().hex, kind, key, dict(payload), 1)
        values = dict(id=job.id, kind=kind, key=key, payload_json=json.dumps(job.payload), status="running",
                      owner=self.owner, lease_until=time.time() + self.lease_s, attempts=1, created_at=_now())
        if conn is not None:
            await conn.execute(self._insert, values)
            return job
        async with self.store.engine.begin() as c:
            await c.execute(self._insert, values)
        return job

    def start_step(self, kind: str, key: str, payload: Mapping[str, Any]) -> tuple[Job, tuple[sa.Insert, dict[str, Any]]]:
        """``start`` as a statement and its values, for a caller that runs it in its own transaction."""
        job = Job(uuid.uuid4().hex, kind, key, dict(payload), 1)
        values = dict(id=job.id, kind=kind, key=key, payload_json=json.dumps(job.payload), status="running",
                      owner=self.owner, lease_until=time.time() + self.lease_s, attempts=1, created_at=_now())
        return job, (self._insert, values)

    async def live(self, kind: str, key: str, conn: AsyncConnection | None = None) -> str | None:
        """The id of a job of ``kind`` on ``key`` that someone is (or may still be) working on
        (read in ``conn``'s transaction when given, so the check and the claim are one step)."""
        q = sa.select(self.live_id(kind, key))
        if conn is not None:
            return (await conn.execute(q)).scalar()
        async with self.store.engine.connect() as c:
            return (await c.execute(q)).scalar()

    def live_id(self, kind: str | sa.BindParameter[str], key: str | sa.BindParameter[str]) -> sa.ScalarSelect[Any]:
        """``live`` as a scalar sub-query (NULL when none), to read beside other columns in one statement
        (``kind`` and ``key`` may be bound parameters, for a statement built once)."""
        return sa.select(self.t.c.id).where(self.t.c.kind == kind, self.t.c.key == key,
                                            self.t.c.status == "running").limit(1).scalar_subquery()

    async def renew(self, job: Job) -> bool:
        async with self.store.engine.begin() as c:
            r = await c.execute(self.t.update().where(
                self.t.c.id == job.id, self.t.c.owner == self.owner, self.t.c.status == "running").values(
                lease_until=time.time() + self.lease_s))
        return r.rowcount == 1

    async def finish(self, job: Job, status: str = "done", conn: AsyncConnection | None = None) -> bool:
        """Close the job; False when it was no longer ours (then the new owner finishes it).

        In ``conn``'s transaction when given: the job's result and its end commit together (one
        store round trip less per job); after that commit, ``closed(job)`` tells ``holding`` not
        to close it a second time."""
        values = {"w_id": job.id, "w_owner": self.owner, "status": status, "finished_at": _now()}
        if conn is not None:
            r = await conn.execute(self._finish, values)
            return r.rowcount == 1
        async with self.store.engine.begin() as c:
            r = await c.execute(self._finish, values)
        return r.rowcount == 1

    def finish_step(self, job: Job, status: str = "done") -> tuple[sa.Update, dict[str, Any]]:
        """``finish`` as a statement and its values, for a caller that runs it in its own transaction
        (it changes one row while the job is still ours, none otherwise)."""
        return self._finish, {"w_id": job.id, "w_owner": self.owner, "status": status, "finished_at": _now()}

    def closed(self, job: Job) -> None:
        """``job`` was finished in its result's committed transaction (``finish(conn=...)``)."""
        self._closed.add(job.id)

    async def claim_expired(self, kinds: list[str]) -> Job | None:
        """Take over one job whose owner stopped renewing its lease, or is a process of this host
        that is gone (a restart need not wait for the lease). At most one replica gets each."""
        now = time.time()
        not_held = sa.true() if not self.held else self.t.c.id.not_in(sorted(self.held))
        async with self.store.engine.begin() as c:
            row = (await c.execute(sa.select(self.t).where(
                self.t.c.status == "running", self.t.c.lease_until < now, self.t.c.kind.in_(kinds), not_held)
                .order_by(self.t.c.lease_until).limit(1).with_for_update(skip_locked=True))).mappings().first()
            if row is None:
                held = (await c.execute(sa.select(self.t).where(
                    self.t.c.status == "running", self.t.c.kind.in_(kinds), self.t.c.owner != self.owner,
                    self.t.c.owner.like(socket.gethostname() + ":%")).limit(100)
                    .with_for_update(skip_locked=True))).mappings().all()
                row = next((r for r in held if owner_is_gone(r["owner"], self.owner)), None)
            if row is None:
                return None
            r = await c.execute(self.t.update().where(
                self.t.c.id == row["id"], self.t.c.owner == row["owner"], self.t.c.status == "running").values(
                owner=self.owner, lease_until=now + self.lease_s, attempts=row["attempts"] + 1))
            if r.rowcount != 1:
                return None
        return Job(row["id"], row["kind"], row["key"], json.loads(row["payload_json"]), row["attempts"] + 1)

    @contextlib.asynccontextmanager
    async def holding(self, job: Job) -> AsyncIterator[None]:
        """Renew the lease while the body runs; cancel the body if the lease is lost; finish after."""
        body = asyncio.current_task()
        lost = False

        async def heartbeat() -> None:
            nonlocal lost
            while True:
                await asyncio.sleep(self.lease_s / 3)
                try:
                    ok = await self.renew(job)
                except Exception as exc:  # noqa: BLE001 - a store hiccup: try again before the lease ends
                    log.warning("could not renew the lease of job %s (%s)", job.id, type(exc).__name__)
                    continue
                if not ok:
                    lost = True
                    log.warning("job %s was taken over by another replica; stopping here", job.id)
                    if body is not None:
                        body.cancel()
                    return

        beat = asyncio.create_task(heartbeat())
        self.held.add(job.id)
        try:
            yield
        except asyncio.CancelledError:
            if lost:
                raise LeaseLost(job.id) from None
            raise
        finally:
            self.held.discard(job.id)
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            if job.id in self._closed:
                self._closed.discard(job.id)  # already closed, with its result
            elif not lost:
                with contextlib.suppress(Exception):
                    await asyncio.shield(self.finish(job))


Handler = Callable[[Job], Awaitable[None]]


class JobRunner:
    """Takes over jobs of dead replicas: ``resume`` finishes one, ``abandon`` closes one that has
    been taken over ``MAX_ATTEMPTS`` times (say so to the user; do not keep killing replicas)."""

    def __init__(self, jobs: Jobs, resume: Mapping[str, Handler], abandon: Mapping[str, Handler] | None = None,
                 poll_s: float | None = None) -> None:
        self.jobs = jobs
        self.resume = dict(resume)
        self.abandon = dict(abandon or {})
        self.poll_s = poll_s if poll_s is not None else float(os.environ.get("DOT_JOB_POLL_S", POLL_S))
        self._task: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._task = asyncio.create_task(self.run_forever())

    async def stop(self) -> None:
        for task in [self._task, *self._running]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def run_forever(self) -> None:
        while True:
            try:
                while (job := await self.jobs.claim_expired(list(self.resume))) is not None:
                    task = asyncio.create_task(self._run(job))
                    self._running.add(task)
                    task.add_done_callback(self._running.discard)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the store is down: look again later
                log.warning("could not look for jobs to take over (%s)", type(exc).__name__)
            await asyncio.sleep(self.poll_s)

    async def _run(self, job: Job) -> None:
        if job.attempts > MAX_ATTEMPTS:
            log.warning("job %s (%s) taken over %d times: abandoned", job.id, job.kind, job.attempts - 1)
            handler = self.abandon.get(job.kind)
            if handler is not None:
                with contextlib.suppress(Exception):
                    await handler(job)
            await self.jobs.finish(job, "abandoned")
            return
        log.warning("taking over job %s (%s of %s), attempt %d", job.id, job.kind, job.key, job.attempts)
        try:
            async with self.jobs.holding(job):
                await self.resume[job.kind](job)
            self.jobs.taken_over += 1
        except LeaseLost:
            pass
        except Exception:  # noqa: BLE001 - the handler records the failure where users see it; the job is closed
            log.exception("taking over job %s failed", job.id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
