"""The turn's store transaction: a new chat takes the next ``seq`` (the export's stable order) inside its own
INSERT, a chat asked in again keeps its number; the chat's live answer job and its row are read in one
statement, and a live job refuses the turn whether or not the chat's row exists. SQLite always, PostgreSQL
when a server is reachable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.common.errors import Conflict
from services.common.jobs import LeaseLost
from services.common.principal import Principal
from services.common.store import open_store
from services.conversation import tables
from services.conversation.assets import StoredAsset
from services.conversation.domain import ConversationDomain
from tests.support.databases import fresh_pg_database

ANN = Principal(user_id="u-ann", email="ann@example.com", org_id="org1", role="user", groups=("all_users",))
BOB = Principal(user_id="u-bob", email="bob@example.com", org_id="org1", role="user", groups=("all_users",))


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'conversation.db'}"
        return
    with fresh_pg_database("dot_seq") as url:
        yield url


async def test_new_chats_are_numbered_in_their_insert(url: str) -> None:
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # turns need only the store
        got = []
        for p, chat_id in ((ANN, "a"), (BOB, "a"), (ANN, "b")):
            chat, position, job, history = await d._start_turn(p, chat_id, [{"content": f"q {chat_id}"}], "", "",
                                                               {"chat_id": chat_id})
            got.append(chat["seq"])
            assert (position, history) == (1, [{"role": "user", "content": f"q {chat_id}"}])
            await d.jobs.finish(job)
        assert got == [1, 2, 3]
        # asked in again (its first answer never stored: the turn notes the interruption first)
        chat, _, _, history = await d._start_turn(ANN, "a", [{"content": "again"}], "", "", {"chat_id": "a"})
        assert (chat["seq"], history[0]["content"], history[-1]["content"]) == (1, "q a", "again")
        async with store.engine.connect() as c:
            rows = (await c.execute(sa.select(tables.chats.c.user_id, tables.chats.c.chat_id, tables.chats.c.seq)
                                    .order_by(tables.chats.c.seq))).all()
        assert [tuple(r) for r in rows] == [("u-ann", "a", 1), ("u-bob", "a", 2), ("u-ann", "b", 3)]
    finally:
        await store.dispose()


async def test_a_live_answer_job_refuses_the_turn(url: str) -> None:
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # turns need only the store
        _, _, job, _ = await d._start_turn(ANN, "a", [{"content": "first"}], "", "", {"chat_id": "a"})
        with pytest.raises(Conflict):  # the first answer's job is still running
            await d._start_turn(ANN, "a", [{"content": "second"}], "", "", {"chat_id": "a"})
        await d._start_turn(BOB, "a", [{"content": "bob's own chat"}], "", "", {"chat_id": "a"})  # another owner's
        async with store.engine.begin() as c:  # the chat's row gone while its job still runs: still refused
            await c.execute(tables.messages.delete().where(tables.messages.c.owner_id == ANN.user_id))
            await c.execute(tables.chats.delete().where(tables.chats.c.user_id == ANN.user_id))
        with pytest.raises(Conflict):
            await d._start_turn(ANN, "a", [{"content": "second"}], "", "", {"chat_id": "a"})
        await d.jobs.finish(job)
        chat, position, _, history = await d._start_turn(ANN, "a", [{"content": "second"}], "", "", {"chat_id": "a"})
        assert (position, [m["content"] for m in history], chat["title"]) == (1, ["second"], "second")
    finally:
        await store.dispose()


async def test_the_answer_is_stored_in_its_own_chat_only(url: str) -> None:
    """The turn's and the stored answer's statements are built once and bound per call: each write lands in
    the asker's chat (org, owner, chat id), never in another owner's chat of the same id, and a job that is
    no longer this process's writes nothing."""
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # turns need only the store
        _, pos_ann, job_ann, _ = await d._start_turn(ANN, "a", [{"content": "ann asks"}], "", "", {"chat_id": "a"})
        _, pos_bob, job_bob, _ = await d._start_turn(BOB, "a", [{"content": "bob asks"}], "", "", {"chat_id": "a"})
        csv = StoredAsset("df_1_x", "dataframe", b"x\n1\n", "text/csv")
        png = StoredAsset("chart_1_x", "chart", b"\x89PNG", "image/png")
        stored = await d._store_answer(ANN.org_id, ANN.user_id, "a", pos_ann, {"role": "assistant", "content": "one"},
                                       [(csv, ""), (png, "tok")], {"n": 1}, "conn1", "done", job_ann)
        assert stored == {"role": "assistant", "content": "one"}
        with pytest.raises(LeaseLost):  # ann's job is closed: a second write for it is refused, nothing written
            await d._store_answer(ANN.org_id, ANN.user_id, "a", pos_ann, {"role": "assistant", "content": "two"},
                                  [], {}, None, "done", job_ann)
        await d.jobs.finish(job_bob)
        async with store.engine.connect() as c:
            chats = {r.user_id: tuple(r[1:]) for r in (await c.execute(sa.select(
                tables.chats.c.user_id, tables.chats.c.status, tables.chats.c.num_messages,
                tables.chats.c.connection_id, tables.chats.c.engine_state_json))).all()}
            messages = sorted(tuple(r) for r in (await c.execute(sa.select(
                tables.messages.c.owner_id, tables.messages.c.position, tables.messages.c.content))).all())
            assets = [tuple(r) for r in (await c.execute(sa.select(
                tables.assets.c.owner_id, tables.assets.c.key, tables.assets.c.content,
                tables.assets.c.token_hash.is_not(None)))).all()]
            jobs = {r.key: r.status for r in (await c.execute(sa.select(tables.leased_jobs.c.key,
                                                                        tables.leased_jobs.c.status))).all()}
        assert chats == {"u-ann": ("done", 2, "conn1", '{"n": 1}'), "u-bob": ("in_progress", 1, None, "{}")}
        assert (pos_ann, pos_bob) == (1, 1)
        assert messages == [("u-ann", 0, "ann asks"), ("u-ann", 1, "one"), ("u-bob", 0, "bob asks")]
        assert sorted(assets) == [("u-ann", "chart_1_x", b"\x89PNG", True), ("u-ann", "df_1_x", b"x\n1\n", False)]
        assert sorted(jobs.values()) == ["done", "done"]
    finally:
        await store.dispose()


async def test_the_turn_reads_the_orgs_approved_queries_in_its_transaction(url: str) -> None:
    """The answer's verified queries are read inside the turn's transaction (no store connection of their own):
    the same lists, per connection, as a read of its own; the asker's org only; nothing when none is approved."""
    from services.conversation.verified import VerifiedQueries

    mod = Principal(user_id="u-mod", email="mod@example.com", org_id="org1", role="modeler", groups=("all_users",))
    elsewhere = Principal(user_id="u-x", email="x@example.org", org_id="org2", role="modeler", groups=("all_users",))
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        verified = VerifiedQueries(store)
        d = ConversationDomain(store, None, None, None, verified)  # type: ignore[arg-type]
        empty: dict[str, object] = {}
        _, _, job, _ = await d._start_turn(ANN, "a", [{"content": "how many hives"}], "", "", {"chat_id": "a"}, empty)
        assert empty == {}
        await d.jobs.finish(job)
        hives = await verified.add(mod, "apiary", "How many hives?", "SELECT COUNT(*) FROM hives")
        honey = await verified.add(mod, "apiary", "Honey per hive", "SELECT hive, SUM(kg) FROM harvests GROUP BY 1")
        await verified.review(mod, honey.id, "rejected")  # no longer approved: not read
        crates = await verified.add(mod, "store", "How many crates?", "SELECT COUNT(*) FROM crates")
        await verified.add(elsewhere, "apiary", "How many hives?", "SELECT 1")  # another org's
        got: dict[str, list] = {}  # type: ignore[type-arg]
        _, _, job, _ = await d._start_turn(ANN, "a", [{"content": "how many hives"}], "", "", {"chat_id": "a"}, got)
        assert got == await verified.approved_by_connection("org1")
        assert {cid: [v.id for v in vs] for cid, vs in got.items()} == {"apiary": [hives.id], "store": [crates.id]}
        await d.jobs.finish(job)
    finally:
        await store.dispose()
