"""A SQLite store writes a transaction of several statements in one trip to its driver thread: the same rows
as statement by statement, all or nothing (an error or a lost lease writes none), driver errors as
SQLAlchemy's, and the stored answer's transaction takes one trip instead of five."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.common.errors import Unavailable
from services.common.jobs import LeaseLost
from services.common.principal import Principal
from services.common.sqlite_driver import OneTripWrites
from services.common.store import create_all, open_store
from services.conversation import tables
from services.conversation.domain import ConversationDomain

MD = sa.MetaData()
SHELF = sa.Table("shelf", MD, sa.Column("id", sa.String(20), primary_key=True), sa.Column("n", sa.Integer),
                 sa.Column("weight", sa.Float), sa.Column("blob", sa.LargeBinary), sa.Column("note", sa.Text))
ANN = Principal(user_id="u-ann", email="ann@example.com", org_id="org1", role="user", groups=("all_users",))


async def test_writes_land_as_statement_by_statement_and_all_or_nothing(tmp_path: Path) -> None:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 's.db'}", MD, [create_all(MD)])
    try:
        one = OneTripWrites.for_store(store.engine)
        assert one is not None
        bump = SHELF.update().where(SHELF.c.id == sa.bindparam("w_id"), SHELF.c.note == "open")
        async with store.engine.begin() as c:
            await c.execute(SHELF.insert(), {"id": "a", "n": 1, "note": "open"})
        assert await one.run([(bump, {"w_id": "a", "n": 2}),
                              (SHELF.insert(), [{"id": "b", "n": 3, "weight": 1.5, "blob": b"\x00\x01", "note": None},
                                                {"id": "c", "n": 4, "weight": None, "blob": b"", "note": "x"}])],
                             first_must_change_one=True)
        # the first statement changes no row: nothing of the transaction is written
        assert not await one.run([(bump, {"w_id": "zz", "n": 9}), (SHELF.insert(), {"id": "d", "n": 5})],
                                 first_must_change_one=True)
        with pytest.raises(IntegrityError):  # a duplicate key: SQLAlchemy's error, and the update rolled back
            await one.run([(bump, {"w_id": "a", "n": 7}), (SHELF.insert(), {"id": "b", "n": 6})])
        async with store.engine.connect() as c:
            rows = sorted(tuple(r) for r in (await c.execute(sa.select(SHELF))).all())
        assert rows == [("a", 2, None, None, "open"), ("b", 3, 1.5, b"\x00\x01", None), ("c", 4, None, b"", "x")]
    finally:
        await store.dispose()


async def test_a_postgresql_url_gets_none() -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine("postgresql+asyncpg://u:p@localhost/db")
    assert OneTripWrites.for_store(engine) is None


async def test_the_stored_answer_takes_one_trip_and_a_read_only_store_answers_503(tmp_path: Path) -> None:
    path = tmp_path / "conversation.db"
    store = await open_store(f"sqlite+aiosqlite:///{path}", tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # turns need only the store
        _, pos, job, _ = await d._start_turn(ANN, "a", [{"content": "ann asks"}], "", "", {"chat_id": "a"})
        trips: list[str] = []
        import aiosqlite

        real = aiosqlite.Connection._execute

        async def counted(self: aiosqlite.Connection, fn: object, *args: object, **kw: object) -> object:
            trips.append(getattr(fn, "__name__", "?"))
            return await real(self, fn, *args, **kw)  # type: ignore[arg-type]

        aiosqlite.Connection._execute = counted  # type: ignore[method-assign,assignment]
        try:
            await d._store_answer(ANN.org_id, ANN.user_id, "a", pos, {"role": "assistant", "content": "one"}, [],
                                  {}, "c1", "done", job)
        finally:
            aiosqlite.Connection._execute = real  # type: ignore[method-assign]
        assert trips == ["transaction"]
        with pytest.raises(LeaseLost):
            await d._store_answer(ANN.org_id, ANN.user_id, "a", pos, {"role": "assistant", "content": "two"}, [],
                                  {}, "c1", "done", job)

        _, pos, job, _ = await d._start_turn(ANN, "b", [{"content": "again"}], "", "", {"chat_id": "b"})
        locker = sqlite3.connect(path, timeout=0)  # another writer holds the store: the write fails as before
        locker.execute("BEGIN EXCLUSIVE")
        d.store.engine.sync_engine.pool.dispose()
        try:
            async with store.engine.connect() as c:
                await c.exec_driver_sql("PRAGMA busy_timeout=0")
            with pytest.raises(Unavailable):
                await d._store_answer(ANN.org_id, ANN.user_id, "b", pos, {"role": "assistant", "content": "x"}, [],
                                      {}, "c1", "done", job)
        finally:
            locker.rollback()
            locker.close()
        async with store.engine.connect() as c:
            status = (await c.execute(sa.select(tables.chats.c.status).where(tables.chats.c.chat_id == "b"))).scalar()
        assert status == "in_progress"  # nothing of the failed write landed
    finally:
        await store.dispose()


async def test_the_turn_takes_three_trips_and_reads_what_it_read_before(tmp_path: Path) -> None:
    """The turn: its read (live job and chat row), one trip for the rest (chat, messages, lease, history, the
    org's approved queries), the commit."""
    from services.conversation.verified import VerifiedQueries

    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None, verified=VerifiedQueries(store))  # type: ignore[arg-type]
        async with store.engine.begin() as c:
            await c.execute(tables.verified_queries.insert(), [dict(
                org_id=org, id=f"vq_{org}", connection_id="shop", question="how many", question_key="how many",
                sql="SELECT 1", status="approved", proposed_by="x", reviewed_by="y", reviewed_at="2026-01-01",
                created_at="2026-01-01", updated_at="2026-01-01") for org in ("org1", "org2")])
        import aiosqlite

        real = aiosqlite.Connection._execute
        trips: list[str] = []

        async def counted(self: aiosqlite.Connection, fn: object, *args: object, **kw: object) -> object:
            trips.append(getattr(fn, "__name__", "?"))
            return await real(self, fn, *args, **kw)  # type: ignore[arg-type]

        aiosqlite.Connection._execute = counted  # type: ignore[method-assign,assignment]
        try:
            approved: dict[str, Any] = {}
            chat, pos, job, history = await d._start_turn(ANN, "a", [{"content": "first"}], "", "", {"chat_id": "a"},
                                                          approved)
            new_chat_trips, trips[:] = list(trips), []
            await d.jobs.finish(job)
            trips.clear()
            again: dict[str, Any] = {}
            chat2, pos2, _, history2 = await d._start_turn(ANN, "a", [{"content": "second"}], "", "",
                                                           {"chat_id": "a"}, again)
            old_chat_trips = list(trips)
        finally:
            aiosqlite.Connection._execute = real  # type: ignore[method-assign]
        assert len(new_chat_trips) == 3 and len(old_chat_trips) == 3
        assert (chat["seq"], pos, history) == (1, 1, [{"role": "user", "content": "first"}])
        assert [v.id for vs in approved.values() for v in vs] == ["vq_org1"]  # the asker's org only
        assert again.keys() == approved.keys()
        # asked again with no answer stored: the interruption is noted, the history read in the same trip
        assert (chat2["seq"], pos2) == (1, 3)
        assert [m["content"] for m in history2][0::2] == ["first", "second"]
        assert history2[1]["role"] == "assistant"
    finally:
        await store.dispose()


async def test_a_turn_cancelled_during_its_trip_writes_nothing_and_leaves_the_store_usable(tmp_path: Path) -> None:
    import asyncio
    import time

    import aiosqlite

    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # turns need only the store
        real = aiosqlite.Connection._execute
        started = asyncio.Event()

        async def slow(self: aiosqlite.Connection, fn: Any, *args: Any, **kw: Any) -> Any:
            if getattr(fn, "__name__", "") == "work":
                inner = fn

                def work(*a: Any) -> Any:
                    time.sleep(0.3)  # the trip is still running in the driver thread when the turn is cancelled
                    return inner(*a)

                loop.call_soon_threadsafe(started.set)
                return await real(self, work, *args, **kw)
            return await real(self, fn, *args, **kw)

        loop = asyncio.get_running_loop()
        aiosqlite.Connection._execute = slow  # type: ignore[method-assign,assignment]
        try:
            turn = asyncio.ensure_future(d._start_turn(ANN, "a", [{"content": "first"}], "", "", {"chat_id": "a"}))
            await started.wait()
            turn.cancel()
            with pytest.raises(asyncio.CancelledError):
                await turn
        finally:
            aiosqlite.Connection._execute = real  # type: ignore[method-assign]
        async with store.engine.connect() as c:
            counts = [(await c.execute(sa.select(sa.func.count()).select_from(tb))).scalar()
                      for tb in (tables.chats, tables.messages, tables.leased_jobs)]
        assert counts == [0, 0, 0]  # rolled back, no lease left behind
        chat, pos, _, _ = await d._start_turn(ANN, "a", [{"content": "again"}], "", "", {"chat_id": "a"})
        assert (chat["seq"], pos) == (1, 1)  # the store took the next turn's writes
    finally:
        await store.dispose()
