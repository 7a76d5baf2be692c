"""Migration 3 of the conversation store: chats keyed per owner. A store written by the previous
schema (chat ids unique per org) keeps working for each chat's owner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dot.v1 import common_pb2
from services.common.migrations import head
from services.common.store import create_all, open_store
from services.conversation import tables
from services.conversation.domain import ConversationDomain
from services.common.errors import NotFound
from tests.support.databases import fresh_pg_database

# The schema as migration 1 created it before chats were scoped to their owner (frozen copy).
V1 = sa.MetaData()
sa.Table("chats", V1, sa.Column("org_id", sa.String(64), primary_key=True),
         sa.Column("chat_id", sa.String(200), primary_key=True), sa.Column("seq", sa.Integer, nullable=False),
         sa.Column("user_id", sa.String(64), nullable=False, index=True),
         sa.Column("user_email", sa.String(320), nullable=False),
         sa.Column("user_groups_json", sa.Text, nullable=False, server_default="[]"),
         sa.Column("title", sa.String(300), nullable=False, server_default=""),
         sa.Column("created_at", sa.String(40), nullable=False, index=True),
         sa.Column("updated_at", sa.String(40), nullable=False),
         sa.Column("mode", sa.String(16), nullable=False, server_default="balanced"),
         sa.Column("status", sa.String(16), nullable=False),
         sa.Column("labels_json", sa.Text, nullable=False, server_default="[]"), sa.Column("extra", sa.Text),
         sa.Column("connection_id", sa.String(120)),
         sa.Column("engine_state_json", sa.Text, nullable=False, server_default="{}"),
         sa.Column("num_messages", sa.Integer, nullable=False, server_default="0"))
sa.Table("messages", V1, sa.Column("org_id", sa.String(64), primary_key=True),
         sa.Column("chat_id", sa.String(200), primary_key=True), sa.Column("position", sa.Integer, primary_key=True),
         sa.Column("role", sa.String(16), nullable=False), sa.Column("content", sa.Text, nullable=False),
         sa.Column("message_json", sa.Text, nullable=False), sa.Column("created_at", sa.String(40), nullable=False))
sa.Table("feedback", V1, sa.Column("org_id", sa.String(64), primary_key=True),
         sa.Column("chat_id", sa.String(200), primary_key=True), sa.Column("position", sa.Integer, primary_key=True),
         sa.Column("user_id", sa.String(64), nullable=False), sa.Column("positive", sa.Boolean, nullable=False),
         sa.Column("description", sa.Text, nullable=False, server_default=""),
         sa.Column("created_at", sa.String(40), nullable=False))
sa.Table("assets", V1, sa.Column("org_id", sa.String(64), primary_key=True),
         sa.Column("chat_id", sa.String(200), primary_key=True), sa.Column("key", sa.String(200), primary_key=True),
         sa.Column("kind", sa.String(16), nullable=False), sa.Column("content_type", sa.String(100), nullable=False),
         sa.Column("content", sa.LargeBinary, nullable=False), sa.Column("token_hash", sa.String(64), unique=True),
         sa.Column("expires_at", sa.String(40)))

ANN = common_pb2.Principal(user_id="u-ann", email="ann@example.com", org_id="org1", role="user",
                           groups=["all_users"])
BOB = common_pb2.Principal(user_id="u-bob", email="bob@example.com", org_id="org1", role="user",
                           groups=["all_users"])
NOW = "2026-01-02T03:04:05+00:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'conversation.db'}"
        return
    with fresh_pg_database("dot_conv") as url:
        yield url


async def _write_v1(url: str) -> None:
    store = await open_store(url, V1, [create_all(V1)])
    msgs = [{"role": "user", "content": "How many customers?"}, {"role": "assistant", "content": "42."}]
    async with store.engine.begin() as c:
        await c.execute(V1.tables["chats"].insert().values(
            org_id="org1", chat_id="my-first-chat", seq=1, user_id=ANN.user_id, user_email=ANN.email,
            user_groups_json='["all_users"]', title="How many customers?", created_at=NOW, updated_at=NOW,
            status="done", labels_json='["kept"]', num_messages=2))
        for i, m in enumerate(msgs):
            await c.execute(V1.tables["messages"].insert().values(
                org_id="org1", chat_id="my-first-chat", position=i, role=m["role"], content=m["content"],
                message_json=json.dumps(m), created_at=NOW))
        await c.execute(V1.tables["feedback"].insert().values(
            org_id="org1", chat_id="my-first-chat", position=1, user_id=ANN.user_id, positive=True,
            description="good", created_at=NOW))
        await c.execute(V1.tables["assets"].insert().values(
            org_id="org1", chat_id="my-first-chat", key="df_1_1", kind="dataframe", content_type="text/csv",
            content=b"n\n42\n"))
    await store.dispose()


async def test_existing_chats_keep_working_after_the_owner_migration(url: str) -> None:
    await _write_v1(url)
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        d = ConversationDomain(store, None, None, None)  # type: ignore[arg-type]  # reads need only the store
        messages, status = await d.get_chat(ANN, "my-first-chat")
        assert [m["content"] for m in messages] == ["How many customers?", "42."] and status == "done"
        content_type, chunks = await d.asset(ANN, "my-first-chat", "df_1_1")
        assert (content_type, b"".join([c async for c in chunks])) == ("text/csv", b"n\n42\n")
        assert (await d.chat_history(ANN))[0]["labels"] == ["kept"]
        with pytest.raises(NotFound):
            await d.get_chat(BOB, "my-first-chat")
        async with store.engine.begin() as c:  # Bob can now have a chat of the same id
            await c.execute(tables.chats.insert().values(
                org_id="org1", user_id=BOB.user_id, chat_id="my-first-chat", seq=2, user_email=BOB.email,
                created_at=NOW, updated_at=NOW, status="done"))
            fb = (await c.execute(sa.select(tables.feedback.c.owner_id, tables.feedback.c.user_id))).all()
        assert fb == [(ANN.user_id, ANN.user_id)]
        assert (await d.get_chat(BOB, "my-first-chat"))[0] == []
        assert len((await d.get_chat(ANN, "my-first-chat"))[0]) == 2
    finally:
        await store.dispose()
    store = await open_store(url, tables.metadata, history="conversation")  # a second start: nothing to do
    try:
        async with store.engine.connect() as c:
            assert (await c.execute(sa.text("SELECT version_num FROM alembic_version_conversation"))).scalar() == \
                head("conversation")
            assert (await c.execute(sa.select(sa.func.count()).select_from(tables.chats))).scalar() == 2
    finally:
        await store.dispose()


async def test_a_new_store_gets_the_owner_key_directly(url: str) -> None:
    store = await open_store(url, tables.metadata, history="conversation")
    try:
        async with store.engine.connect() as c:
            pk = await c.run_sync(lambda conn: sa.inspect(conn).get_pk_constraint("messages")["constrained_columns"])
        assert pk == ["org_id", "chat_id", "owner_id", "position"]
    finally:
        await store.dispose()
