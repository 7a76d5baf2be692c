"""IsolatedAnalyst: real worker processes and pipes; the real offline engine over a real SQLite demo
warehouse, and a CPU-bound engine to hold the time budget and the per-asker bound."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from services.common.errors import QueryRefused
from services.conversation.app import offline_engine
from services.conversation.engine.isolated import IsolatedAnalyst
from scripts.localbox import SqliteToolbox
from services.conversation.engine.types import AnalystAnswer, AnswerPart, Mode, Toolbox, Turn
from services.knowledge.demo_data import create_demo_warehouse


class BurnCpu:
    """An engine whose questions say how many seconds of pure-Python CPU they cost."""

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        seconds, _, sql = question.partition(" ")  # "<cpu seconds> [sql to run after]"
        schema = await toolbox.schema()
        end = time.monotonic() + float(seconds)
        n = 0
        while time.monotonic() < end:
            n += 1
        if sql:
            await toolbox.run_sql(sql)
        return AnalystAnswer(parts=[AnswerPart(kind="text", text=f"{len(schema.tables)} tables")])


def burn_cpu() -> BurnCpu:
    return BurnCpu()


class SlowWarehouse:
    """Every query takes ``delay_s`` (a slow warehouse, not a slow analyst)."""

    def __init__(self, inner: Any, delay_s: float) -> None:
        self.inner, self.owner, self.delay_s = inner, inner.owner, delay_s

    async def schema(self) -> Any:
        return await self.inner.schema()

    async def search_catalog(self, query: str, limit: int = 10) -> Any:
        return await self.inner.search_catalog(query, limit)

    async def run_sql(self, sql: str) -> Any:
        await asyncio.sleep(self.delay_s)
        return await self.inner.run_sql(sql)


class Owned:
    """The demo toolbox as one asker sees it."""

    def __init__(self, inner: SqliteToolbox, owner: str) -> None:
        self.inner, self.owner = inner, owner

    async def schema(self) -> Any:
        return await self.inner.schema()

    async def search_catalog(self, query: str, limit: int = 10) -> Any:
        return await self.inner.search_catalog(query, limit)

    async def run_sql(self, sql: str) -> Any:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise QueryRefused("only SELECT is allowed")
        return await self.inner.run_sql(sql)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> SqliteToolbox:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo_warehouse(path)
    return SqliteToolbox(path)


async def ask(engine: Any, toolbox: Any, question: str) -> AnalystAnswer:
    return await engine.answer(question, toolbox=toolbox, history=[], state={}, mode="balanced", deep=False)


async def test_offline_engine_answers_the_same_in_a_worker(demo: SqliteToolbox) -> None:
    isolated = IsolatedAnalyst(offline_engine, workers=1, budget_s=60)
    try:
        await isolated.start()
        for question in ("How many orders per region?", "top 5 products by revenue"):
            inline = await ask(offline_engine(), demo, question)
            remote = await ask(isolated, Owned(demo, "a"), question)
            assert remote == inline and any(p.kind == "query" for p in remote.parts)
    finally:
        isolated.close()


async def test_time_budget_kills_the_worker_and_answers_too_complex(demo: SqliteToolbox) -> None:
    isolated = IsolatedAnalyst(burn_cpu, workers=1, budget_s=1.5)
    try:
        await isolated.start()
        worker = isolated._pool.idle[0].process  # type: ignore[union-attr]
        started = time.monotonic()
        answer = await ask(isolated, Owned(demo, "a"), "30")
        assert time.monotonic() - started < 5
        assert not answer.understood and "too complex" in answer.parts[0].text
        worker.join(5)
        assert not worker.is_alive()  # the runaway computation is gone, not left burning CPU
        with pytest.raises(QueryRefused):  # a fresh worker answers; domain errors cross the pipe
            await ask(isolated, Owned(demo, "a"), "0 DELETE FROM orders")
        assert (await ask(isolated, Owned(demo, "a"), "0.1")).parts[0].text.endswith("tables")
    finally:
        isolated.close()


async def test_one_askers_heavy_questions_leave_room_and_the_loop_free(demo: SqliteToolbox) -> None:
    isolated = IsolatedAnalyst(burn_cpu, workers=2, budget_s=30)
    try:
        await isolated.start()
        heavy = [asyncio.create_task(ask(isolated, Owned(demo, "heavy"), "2")) for _ in range(4)]
        await asyncio.sleep(0.3)
        lag = 0.0
        for _ in range(10):  # the event loop stays responsive while the workers burn CPU
            t0 = time.monotonic()
            await asyncio.sleep(0.01)
            lag = max(lag, time.monotonic() - t0 - 0.01)
        started = time.monotonic()
        light = await ask(isolated, Owned(demo, "light"), "0.05")
        took = time.monotonic() - started
        pending = sum(1 for t in heavy if not t.done())
        results = await asyncio.gather(*heavy)
        print(f"light question {took * 1000:.0f} ms with {pending} heavy pending; worst loop lag {lag * 1000:.0f} ms")
        assert light.parts[0].text.endswith("tables") and all(r.understood for r in results)
        assert pending >= 2 and took < 1.0 and lag < 0.2
    finally:
        isolated.close()


async def test_waiting_on_the_warehouse_does_not_count_against_the_budget(demo: SqliteToolbox) -> None:
    """A slow warehouse has its own timeouts and errors; the analyst's budget is its own compute."""
    isolated = IsolatedAnalyst(burn_cpu, workers=1, budget_s=1.5)
    try:
        await isolated.start()
        answer = await ask(isolated, SlowWarehouse(Owned(demo, "a"), 2.5), "0.5 SELECT 1")
        assert answer.understood and answer.parts[0].text.endswith("tables")
    finally:
        isolated.close()


async def test_an_askers_next_question_starts_when_the_earlier_one_ends(demo: SqliteToolbox) -> None:
    """Per-asker bound: the second question waits for the first (woken when it ends, not by polling),
    and one that cannot start within the budget is told the asker is busy."""
    isolated = IsolatedAnalyst(burn_cpu, workers=2, per_owner=1, budget_s=1.0)
    try:
        await isolated.start()
        ends: list[float] = []

        async def timed(question: str) -> AnalystAnswer:
            answer = await ask(isolated, Owned(demo, "a"), question)
            ends.append(time.monotonic())
            return answer

        first, second = await asyncio.gather(timed("0.3"), timed("0.01"))
        assert first.understood is not False and second.parts[0].text.endswith("tables")
        assert 0 <= ends[1] - ends[0] < 0.2  # the second ran right after the first, not a poll interval later
        busy = await asyncio.gather(timed("0.8"), timed("0.8"), timed("0.01"))
        assert sum("being answered right now" in a.parts[0].text for a in busy) >= 1  # waited past the budget
    finally:
        isolated.close()


class SchemaEcho:
    """Answers with the tables of the schema its job brought, and whether it is the very object the previous
    job used (a schema sent again arrives as a new object; one the worker kept is the same)."""

    def __init__(self) -> None:
        self.previous: Any = None

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        schema = await toolbox.schema()
        kept = schema is self.previous
        self.previous = schema
        return AnalystAnswer(parts=[AnswerPart(kind="text", text=",".join(t.name for t in schema.tables))],
                             state={"kept": kept})


def schema_echo() -> SchemaEcho:
    return SchemaEcho()


class KeyedSchema:
    """One asker's toolbox with the schema routing read for it and the key knowledge names that schema by."""

    def __init__(self, owner: str, key: str, tables: tuple[str, ...]) -> None:
        from services.conversation.engine.types import Column, Schema, Table
        self.owner, self.schema_key = owner, key
        self._schema = Schema(tables=tuple(Table(name=n, columns=(Column(name="id", type="INTEGER"),)) for n in tables),
                              dialect="sqlite", connection_id="orchard")
        self.reads = 0

    async def schema(self) -> Any:
        self.reads += 1
        return self._schema

    async def search_catalog(self, query: str, limit: int = 10) -> Any:
        return []

    async def run_sql(self, sql: str) -> Any:
        raise QueryRefused("no warehouse here")


async def test_a_keyed_schema_goes_to_a_worker_once_and_each_key_gets_its_own() -> None:
    isolated = IsolatedAnalyst(schema_echo, workers=1, budget_s=30)
    try:
        await isolated.start()

        async def echo(toolbox: KeyedSchema) -> tuple[str, bool]:
            a = await ask(isolated, toolbox, "which trees")
            return a.parts[0].text, a.state["kept"]

        pickers = KeyedSchema("o/ann", "k-orchard-pickers.1", ("trees", "crates"))
        assert await echo(pickers) == ("trees,crates", False)
        assert await echo(pickers) == ("trees,crates", True)  # same key: not sent again, the worker's own
        # another asker whose groups see less: another key, its own schema (never the one the worker holds)
        guests = KeyedSchema("o/bob", "k-orchard-guests.1", ("trees",))
        assert await echo(guests) == ("trees", False)
        assert await echo(pickers) == ("trees,crates", False)  # back to the first key: sent again
        # a new catalog version is a new key: the changed schema is sent
        pickers_v2 = KeyedSchema("o/ann", "k-orchard-pickers.2", ("trees", "crates", "ladders"))
        assert await echo(pickers_v2) == ("trees,crates,ladders", False)
        # a schema without a key (narrowed to the question, or to the asker's rows) is always sent
        narrowed = KeyedSchema("o/ann", "", ("trees",))
        assert await echo(narrowed) == ("trees", False)
        assert await echo(narrowed) == ("trees", False)
        assert await echo(pickers_v2) == ("trees,crates,ladders", False)
    finally:
        isolated.close()
