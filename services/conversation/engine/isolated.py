"""Run an analyst engine in worker processes: off the service's event loop, with a time budget.

Why: the offline analyst is CPU-bound pure Python (tokenising, linking, planning). On the event
loop one long question stalls every other chat and read of the service; in a thread it still
holds the GIL. Each answer therefore runs in one of a few worker processes. Workers hold no
credentials and no connections: the engine's toolbox calls (search, SQL) are sent back over a
pipe and executed here, through the real toolbox, under the asker's identity; the schema, which
every engine reads first, is read here before the job and sent with it (once per worker for a schema
knowledge keys by org, connection, catalog version and groups: a worker keeps the last such schema,
and a job under the same key is sent without it).

Bounds: at most ``workers`` answers run at once, at most ``per_owner`` of them for one asker
(so one user's heavy questions never take every worker from another's simple one), and each
answer gets ``budget_s`` of the analyst's own time (toolbox calls, bounded by their own timeouts,
do not count); past it the worker is killed and replaced and the asker is told the question is
too complex. Waiting for a free worker is bounded by the same budget,
so nothing queues forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from services.common.errors import DomainError

from .types import Analyst, AnalystAnswer, AnswerPart, Mode, Toolbox, Turn

log = logging.getLogger(__name__)

TOOLBOX_METHODS = frozenset({"schema", "search_catalog", "run_sql"})
STARTUP_TIMEOUT_S = 60.0


def too_complex_answer(budget_s: float) -> AnalystAnswer:
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=(
        f"This question is too complex to answer within {budget_s:g} seconds. "
        "Please ask something shorter or more specific."))], understood=False)


def busy_answer() -> AnalystAnswer:
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=(
        "Too many of your questions are being answered right now; please ask again when they are done."))],
        understood=False)


# ---------------------------------------------------------------- the worker process


class _PipeToolbox:
    """The engine's Toolbox inside a worker: every call is executed by the parent, except the
    schema, which comes with the job (the engines read it first, some more than once)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.schema_of_job: Any = None

    def _call(self, method: str, *args: Any) -> Any:
        self._conn.send(("call", method, args))
        kind, value = self._conn.recv()
        if kind == "raise":
            raise value
        return value

    async def schema(self) -> Any:
        if self.schema_of_job is None:
            self.schema_of_job = self._call("schema")
        return self.schema_of_job

    async def search_catalog(self, query: str, limit: int = 10) -> Any:
        return self._call("search_catalog", query, limit)

    async def run_sql(self, sql: str) -> Any:
        return self._call("run_sql", sql)


def _worker_main(conn: Connection, factory: Callable[[], Analyst], profile_dir: str | None = None) -> None:
    """Answer jobs until the parent closes the pipe (profiled into ``profile_dir`` when set)."""
    from services.common.server import profiled
    if profile_dir:  # the parent's exit terminates its daemon workers: end through the profile's dump
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with profiled(profile_dir, "analyst-worker"):
        _serve_jobs(conn, factory)


def _serve_jobs(conn: Connection, factory: Callable[[], Analyst]) -> None:
    """One event loop for the worker's life (a new loop per job cost more than many questions' parsing);
    whatever a job leaves running on it is cancelled before the next job, as ``asyncio.run`` would."""
    engine = factory()
    toolbox = _PipeToolbox(conn)
    loop = asyncio.new_event_loop()
    held_key, held_schema = "", None  # the last keyed schema a job brought: a later job with its key comes without it
    conn.send("ready")
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError, KeyboardInterrupt):
                return
            question, history, state, mode, deep, schema, key = job
            if schema is None and key and key == held_key:
                schema = held_schema
            elif schema is not None:
                held_key, held_schema = (key, schema) if key else ("", None)
            toolbox.schema_of_job = schema  # None: asked of the parent when the engine reads it
            try:
                answer = loop.run_until_complete(engine.answer(question, toolbox=toolbox, history=history,
                                                               state=state, mode=mode, deep=deep))
                reply: tuple[str, Any] = ("done", answer)
            except DomainError as exc:
                reply = ("raise", exc)
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
                reply = ("crash", f"{type(exc).__name__}: {exc}")
            finally:
                _cancel_left_over(loop)
            try:
                conn.send(reply)
            except (OSError, ValueError):
                return
    finally:
        loop.close()


def _cancel_left_over(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks a job left on ``loop`` and let them finish cancelling (no state leaks into the next job)."""
    left = asyncio.all_tasks(loop)
    if not left:
        return
    for task in left:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))


# ---------------------------------------------------------------- the parent side


@dataclass
class _Worker:
    process: Any
    conn: Connection
    schema_key: str = ""  # the key of the schema this worker holds from an earlier job ('' none)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.process.join(1)


@dataclass
class _Pool:
    """Idle workers and the asyncio primitives that bound concurrency (one per running loop)."""

    slots: asyncio.Semaphore
    idle: list[_Worker] = field(default_factory=list)
    running: dict[str, int] = field(default_factory=dict)
    freed: asyncio.Event = field(default_factory=asyncio.Event)  # set (and replaced) when an answer ends

    def release(self, owner: str) -> None:
        self.running[owner] -= 1
        if not self.running[owner]:
            del self.running[owner]
        self.freed.set()  # wakes those waiting for their earlier questions
        self.freed = asyncio.Event()


class IsolatedAnalyst:
    """An Analyst that runs ``factory()``'s engine in worker processes (see the module docstring)."""

    def __init__(self, factory: Callable[[], Analyst], *, workers: int | None = None, per_owner: int | None = None,
                 budget_s: float = 30.0, profile_dir: str | None = None) -> None:
        self._factory = factory
        self._profile_dir = profile_dir
        self.workers = max(1, workers or os.cpu_count() or 2)
        self.per_owner = max(1, per_owner or self.workers // 2)
        self.budget_s = budget_s
        self._ctx = mp.get_context("spawn")  # never fork a process that runs gRPC threads
        self._pool: _Pool | None = None

    def __repr__(self) -> str:
        return f"IsolatedAnalyst(workers={self.workers}, per_owner={self.per_owner}, budget_s={self.budget_s:g})"

    @classmethod
    def from_env(cls, factory: Callable[[], Analyst], env: Mapping[str, str],
                 profile_dir: str | None = None) -> IsolatedAnalyst:
        """DOT_ANALYST_WORKERS, DOT_ANALYST_WORKERS_PER_USER, DOT_ANALYST_TIME_BUDGET_S (``profile_dir`` is
        ``Settings.profile_dir``, read once with the rest)."""
        def num(name: str, kind: type) -> Any:
            raw = env.get(name, "").strip()
            return kind(raw) if raw else None
        return cls(factory, workers=num("DOT_ANALYST_WORKERS", int), per_owner=num("DOT_ANALYST_WORKERS_PER_USER", int),
                   budget_s=num("DOT_ANALYST_TIME_BUDGET_S", float) or 30.0, profile_dir=profile_dir)

    def in_flight(self) -> int:
        """Answers queued for or running in a worker (the job queue depth gauge)."""
        return sum(self._pool.running.values()) if self._pool else 0

    def close(self) -> None:
        pool, self._pool = self._pool, None
        for w in pool.idle if pool else []:
            w.kill()

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        pool = self._pool or self._new_pool()
        owner = str(getattr(toolbox, "owner", "") or "")
        if pool.running.get(owner, 0) >= self.per_owner and owner:
            try:
                async with asyncio.timeout(self.budget_s):
                    while pool.running.get(owner, 0) >= self.per_owner:  # this asker's own earlier questions
                        await pool.freed.wait()
            except TimeoutError:
                return busy_answer()
        pool.running[owner] = pool.running.get(owner, 0) + 1
        try:
            # the schema goes with the job: no round trip to the parent for what every engine reads first
            # (a toolbox call: its own timeouts bound it, not the analyst's budget)
            schema = await toolbox.schema()
            async with asyncio.timeout(self.budget_s):
                await pool.slots.acquire()
            try:
                # a replacement for a killed worker starts here; its start-up is not the question's cost
                worker = pool.idle.pop() if pool.idle else await asyncio.to_thread(self._spawn)
                try:
                    # a schema knowledge keys (org, connection, catalog version, groups) goes to a worker once:
                    # a later job under the same key comes without it (no pickling of an unchanged schema)
                    key = str(getattr(toolbox, "schema_key", "") or "") if schema is not None else ""
                    held = bool(key) and worker.schema_key == key
                    worker.schema_key = key
                    async with asyncio.timeout(self.budget_s) as budget:
                        answer = await self._run(worker, toolbox, (question, history, state, mode, deep,
                                                                   None if held else schema, key), budget)
                except DomainError:
                    pool.idle.append(worker)  # the engine finished with a user-facing error
                    raise
                except BaseException:
                    worker.kill()  # mid-job (timeout, cancellation, broken pipe): never reuse it
                    raise
                pool.idle.append(worker)
                return answer
            finally:
                pool.slots.release()
        except TimeoutError:
            log.info("analyst time budget of %gs spent; worker replaced", self.budget_s)
            return too_complex_answer(self.budget_s)
        finally:
            pool.release(owner)

    def _new_pool(self) -> _Pool:
        self._pool = _Pool(asyncio.Semaphore(self.workers))
        return self._pool

    async def start(self) -> None:
        """Start the workers ahead of the first question (each imports the engine, ~1 s)."""
        pool = self._pool or self._new_pool()
        spawned = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self.workers - len(pool.idle))))
        pool.idle.extend(spawned)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self._factory, self._profile_dir), daemon=True,
                                    name="analyst-worker")
        process.start()
        child.close()
        if not parent.poll(STARTUP_TIMEOUT_S):  # wait until the engine is imported and built
            process.kill()
            raise RuntimeError("analyst worker did not start")
        parent.recv()
        return _Worker(process, parent)

    async def _run(self, worker: _Worker, toolbox: Toolbox, job: tuple[Any, ...],
                   budget: asyncio.Timeout) -> AnalystAnswer:
        """Serve the worker's toolbox calls until it answers. The budget is the analyst's own time:
        waiting on the warehouse (which has its own timeouts and errors) does not count."""
        worker.conn.send(job)
        while True:
            kind, *rest = await _recv(worker.conn)
            if kind == "done":
                return rest[0]  # type: ignore[no-any-return]
            if kind == "raise":
                raise rest[0]
            if kind == "crash":
                raise RuntimeError(f"analyst worker failed: {rest[0]}")
            method, args = rest
            if method not in TOOLBOX_METHODS:
                raise RuntimeError(f"analyst worker asked for unknown toolbox method {method!r}")
            loop = asyncio.get_running_loop()
            when = budget.when()
            left = None if when is None else when - loop.time()
            budget.reschedule(None)  # the clock stops while the warehouse works
            try:
                value = await getattr(toolbox, method)(*args)
                reply: tuple[str, Any] = ("result", value)
            except DomainError as exc:
                reply = ("raise", exc)
            finally:
                budget.reschedule(None if left is None else loop.time() + left)
            worker.conn.send(reply)


async def _recv(conn: Connection) -> Any:
    """Wait for the next message without blocking the loop (readiness via the pipe's fd)."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await ready
    finally:
        loop.remove_reader(fd)
    try:
        return conn.recv()
    except (EOFError, OSError) as exc:
        raise RuntimeError("analyst worker exited") from exc
