"""The conversation service's own tables.

Chat ids are the client's and scoped to their owner: a chat is (org_id, chat_id, user_id), and its
messages, feedback and assets carry the owner (``owner_id``), so two users' ``my-first-chat`` are two
chats and nobody can squat or probe another user's id (migration 3 moved older stores to this key).
"""

from __future__ import annotations

import sqlalchemy as sa

from services.common.jobs import jobs_table
from services.common.store import rebuild_table

metadata = sa.MetaData()

chats = sa.Table(
    "chats",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("chat_id", sa.String(200), primary_key=True),
    sa.Column("user_id", sa.String(64), primary_key=True, index=True),  # the owner
    sa.Column("seq", sa.Integer, nullable=False),  # stable export order within created_at
    sa.Column("user_email", sa.String(320), nullable=False),
    sa.Column("user_groups_json", sa.Text, nullable=False, server_default="[]"),
    sa.Column("title", sa.String(300), nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False, index=True),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False, server_default="balanced"),
    sa.Column("status", sa.String(16), nullable=False),  # done | in_progress | failed
    sa.Column("labels_json", sa.Text, nullable=False, server_default="[]"),
    sa.Column("extra", sa.Text),
    sa.Column("connection_id", sa.String(120)),
    sa.Column("engine_state_json", sa.Text, nullable=False, server_default="{}"),
    sa.Column("num_messages", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_chats_seq", "seq"),  # a new chat takes max(seq) + 1: one index seek, not a scan of every chat
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("chat_id", sa.String(200), primary_key=True),
    sa.Column("owner_id", sa.String(64), primary_key=True),  # the chat's owner (chats.user_id)
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("message_json", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("chat_id", sa.String(200), primary_key=True),
    sa.Column("owner_id", sa.String(64), primary_key=True),  # the chat's owner (chats.user_id)
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(64), primary_key=True),  # who gave it: one feedback per person and answer
    sa.Column("positive", sa.Boolean, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
)

assets = sa.Table(
    "assets",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("chat_id", sa.String(200), primary_key=True),
    sa.Column("owner_id", sa.String(64), primary_key=True),  # the chat's owner (chats.user_id)
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("token_hash", sa.String(64), unique=True),  # capability URL (charts)
    sa.Column("expires_at", sa.String(40)),
)

evaluations = sa.Table(
    "evaluations",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),  # evl_...
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("connection_id", sa.String(120), nullable=False),
    sa.Column("questions_json", sa.Text, nullable=False),  # [{question, expected_sql | expected_rows}]
    sa.Column("created_by", sa.String(320), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

evaluation_runs = sa.Table(
    "evaluation_runs",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),  # evr_...
    sa.Column("evaluation_id", sa.String(40), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),  # running | finished | error
    sa.Column("trigger", sa.String(32), nullable=False),
    sa.Column("started_by", sa.String(320), nullable=False),
    sa.Column("results_json", sa.Text, nullable=False),  # [{question, verdict, reason, sql}]
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40)),
)

jobs = sa.Table(  # scheduled reports
    "jobs",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),  # job_...
    sa.Column("chat_id", sa.String(200), nullable=False),
    sa.Column("owner_user_id", sa.String(64), nullable=False, index=True),
    sa.Column("owner_email", sa.String(320), nullable=False),
    sa.Column("recipients_json", sa.Text, nullable=False),
    sa.Column("schedule_json", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # active | stopped
    sa.Column("stop_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # failed runs in a row
    sa.Column("next_run_at", sa.String(40), nullable=False, index=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)

job_runs = sa.Table(
    "job_runs",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("job_id", sa.String(40), nullable=False, index=True),  # "" for a test send
    sa.Column("status", sa.String(16), nullable=False),  # sent | failed | stopped
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40), nullable=False),
    sa.Column("recipients_json", sa.Text, nullable=False),
)

verified_queries = sa.Table(  # 👍-proposed, reviewed question/SQL pairs per connection
    "verified_queries",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),  # vq_...
    sa.Column("connection_id", sa.String(120), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("question_key", sa.Text, nullable=False),  # normalised question (verified.question_key)
    sa.Column("sql", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # proposed | approved | rejected
    sa.Column("proposed_by", sa.String(320), nullable=False),
    sa.Column("reviewed_by", sa.String(320)),
    sa.Column("reviewed_at", sa.String(40)),
    sa.Column("source_chat_id", sa.String(200)),
    sa.Column("source_position", sa.Integer),
    sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Index("ix_verified_lookup", "org_id", "connection_id", "status"),
)

leased_jobs = jobs_table(metadata)  # answers and evaluation runs under leases (migration 4)


def v4_jobs(conn: sa.Connection) -> None:
    """Background work under leases, so another replica finishes what a dead one started."""
    leased_jobs.create(conn, checkfirst=True)


def owner_scoped_chats(conn: sa.Connection) -> None:
    """Migration 3: key chats by (org, chat id, owner) and give messages, feedback and assets the
    owner, so existing chats keep working for their owners (ids were unique per org until now)."""
    if "owner_id" in {c["name"] for c in sa.inspect(conn).get_columns("messages")}:
        return  # migration 1 created this shape already (a new store)
    join = "JOIN chats c ON c.org_id = o.org_id AND c.chat_id = o.chat_id"  # a primary-key lookup
    for table in (messages, feedback, assets):
        rebuild_table(conn, table, f"{table.name} o {join}", {"owner_id": "c.user_id"})
    rebuild_table(conn, chats, "chats o")


def v5_chats_seq_index(conn: sa.Connection) -> None:
    """Index ``chats.seq`` (each new chat reads its maximum)."""
    next(i for i in chats.indexes if i.name == "ix_chats_seq").create(conn, checkfirst=True)
