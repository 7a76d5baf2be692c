"""Verified queries: 👍-approved question/SQL pairs, reviewed by admins or modelers, reused by the analyst.

A positive feedback on an answer proposes its question and SQL for review. Approved queries are
kept per connection. When a new question on that connection means the same after normalisation
(case, punctuation and filler words such as "please" or "show me" do not count), the analyst runs
the approved SQL instead of interpreting the question again, and says so. The approved SQL still
goes through the guard as the asker, so reuse never widens what anyone may see. The LLM agent gets
the closest approved queries as examples.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.common.errors import DomainError, InvalidArgument, NotFound
from services.common.identity import require_role
from services.common.principal import Principal
from services.common.store import AsyncConnection, Store, write_error
from services.conversation import tables as t
from services.conversation.engine.types import AnalystAnswer, AnswerPart, Analyst, Mode, Toolbox, Turn

STATUSES = ("proposed", "approved", "rejected")
FILLER = frozenset(
    "please pls the a an me us show list give tell can could would will you i we like to see display get find "
    "what whats which is are was were do does".split())
MAX_SQL = 20_000
MAX_QUESTION = 2_000
EXAMPLES = 3
EXAMPLES_KEY = "verified_examples"


def question_key(question: str) -> str:
    """Normalised question: lower case, words only, filler words dropped, word order kept."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    return " ".join(w for w in words if w not in FILLER)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class VerifiedQuery:
    id: str
    connection_id: str
    question: str
    sql: str
    status: str
    proposed_by: str
    reviewed_by: str
    reviewed_at: str
    source_chat_id: str
    uses: int
    created_at: str
    updated_at: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _vq(row: sa.RowMapping) -> VerifiedQuery:
    return VerifiedQuery(row["id"], row["connection_id"], row["question"], row["sql"], row["status"],
                         row["proposed_by"], row["reviewed_by"] or "", row["reviewed_at"] or "",
                         row["source_chat_id"] or "", int(row["uses"]), row["created_at"], row["updated_at"])


def _approved_select(org: str | sa.BindParameter[str]) -> sa.Select[Any]:
    """The org's approved verified queries, newest review first (by id among equals): one order for every reader."""
    vq = t.verified_queries
    return sa.select(vq).where(vq.c.org_id == org, vq.c.status == "approved").order_by(vq.c.reviewed_at.desc(), vq.c.id)


# ``_approved_select`` built once, for the read beside every answer's routing (the org bound per read)
_APPROVED_OF_ORG = _approved_select(sa.bindparam("org"))


class VerifiedQueries:
    """Proposals, review and lookup of verified queries (one org's entries never meet another's)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def propose_from_answer(self, p: Principal, chat: sa.RowMapping, position: int) -> str:
        """Propose the question and first SQL of the answer at ``position`` (after a 👍); returns the id or ""."""
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.messages.c.position, t.messages.c.role, t.messages.c.content,
                                              t.messages.c.message_json).where(
                t.messages.c.org_id == chat["org_id"], t.messages.c.chat_id == chat["chat_id"],
                t.messages.c.owner_id == chat["user_id"], t.messages.c.position <= position).order_by(t.messages.c.position))).all()
        answer = next((r for r in rows if r.position == position and r.role == "assistant"), None)
        question = next((r.content for r in reversed(rows) if r.position < position and r.role == "user"), "")
        if answer is None or not question or not chat["connection_id"]:
            return ""
        assets = (json.loads(answer.message_json).get("additional_data") or {}).get("assets") or {}
        sql = next((a["sql_query"] for a in assets.values() if isinstance(a, dict) and a.get("sql_query")), "")
        if not sql:
            return ""
        key = question_key(question)
        async with self.store.engine.begin() as c:
            known = (await c.execute(sa.select(t.verified_queries.c.id).where(
                t.verified_queries.c.org_id == chat["org_id"],
                t.verified_queries.c.connection_id == chat["connection_id"],
                t.verified_queries.c.question_key == key, t.verified_queries.c.sql == sql,
                t.verified_queries.c.status != "rejected"))).scalar()
            if known:
                return str(known)
            vid = "vq_" + secrets.token_hex(8)
            now = now_iso()
            await c.execute(t.verified_queries.insert().values(
                org_id=chat["org_id"], id=vid, connection_id=chat["connection_id"], question=question[:MAX_QUESTION],
                question_key=key, sql=sql[:MAX_SQL], status="proposed", proposed_by=p.email,
                source_chat_id=chat["chat_id"], source_position=position, uses=0, created_at=now, updated_at=now))
        return vid

    async def add(self, p: Principal, connection_id: str, question: str, sql: str) -> VerifiedQuery:
        """A reviewer adds an approved query directly."""
        require_role(p, "admin", "modeler")
        question, sql, connection_id = _checked(question, sql, connection_id)
        vid, now = "vq_" + secrets.token_hex(8), now_iso()
        await self._write(t.verified_queries.insert().values(
            org_id=p.org_id, id=vid, connection_id=connection_id, question=question, question_key=question_key(question),
            sql=sql, status="approved", proposed_by=p.email, reviewed_by=p.email, reviewed_at=now, uses=0,
            created_at=now, updated_at=now))
        return await self.get(p, vid)

    async def list(self, p: Principal, status: str = "", connection_id: str = "") -> list[VerifiedQuery]:
        require_role(p, "admin", "modeler")
        if status and status not in STATUSES:
            raise InvalidArgument(f"status must be one of {', '.join(STATUSES)}")
        q = sa.select(t.verified_queries).where(t.verified_queries.c.org_id == p.org_id)
        if status:
            q = q.where(t.verified_queries.c.status == status)
        if connection_id:
            q = q.where(t.verified_queries.c.connection_id == connection_id)
        async with self.store.engine.connect() as c:
            rows = (await c.execute(q.order_by(t.verified_queries.c.created_at, t.verified_queries.c.id))).mappings()
            return [_vq(r) for r in rows]

    async def get(self, p: Principal, vid: str) -> VerifiedQuery:
        require_role(p, "admin", "modeler")
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.verified_queries).where(
                t.verified_queries.c.org_id == p.org_id, t.verified_queries.c.id == vid))).mappings().first()
        if row is None:
            raise NotFound(f"verified query '{vid[:60]}' not found")
        return _vq(row)

    async def review(self, p: Principal, vid: str, status: str, question: str = "",
                     sql: str = "") -> VerifiedQuery:
        """Approve or reject a query, or edit its question/SQL (``status`` "" keeps the status)."""
        current = await self.get(p, vid)
        if status and status not in STATUSES:
            raise InvalidArgument(f"status must be one of {', '.join(STATUSES)}")
        new_q, new_sql, _ = _checked(question or current.question, sql or current.sql, current.connection_id)
        values: dict[str, Any] = {"question": new_q, "question_key": question_key(new_q), "sql": new_sql,
                                  "updated_at": now_iso()}
        if status and status != current.status:
            values |= {"status": status, "reviewed_by": p.email, "reviewed_at": now_iso()}
        await self._write(t.verified_queries.update().where(
            t.verified_queries.c.org_id == p.org_id, t.verified_queries.c.id == vid).values(**values))
        return await self.get(p, vid)

    async def delete(self, p: Principal, vid: str) -> None:
        await self.get(p, vid)
        await self._write(t.verified_queries.delete().where(
            t.verified_queries.c.org_id == p.org_id, t.verified_queries.c.id == vid))

    async def _write(self, statement: Any) -> None:
        try:
            async with self.store.engine.begin() as c:
                await c.execute(statement)
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc

    # ---- lookup for answers ----------------------------------------------------------------
    async def approved(self, org: str, connection_id: str) -> list[VerifiedQuery]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(_approved_select(org).where(
                t.verified_queries.c.connection_id == connection_id))).mappings()
            return [_vq(r) for r in rows]

    async def approved_by_connection(self, org: str, conn: AsyncConnection | None = None
                                     ) -> dict[str, list[VerifiedQuery]]:
        """The org's approved queries by connection, each list as ``approved`` gives it: read before the
        question's connection is known (so not after it, on the answer's path). ``conn``: a connection of
        this store the caller reads through already (the question's turn), else one of its own."""
        if conn is not None:
            return _by_connection((await conn.execute(_APPROVED_OF_ORG, {"org": org})).mappings())
        async with self.store.engine.connect() as c:
            return _by_connection((await c.execute(_APPROVED_OF_ORG, {"org": org})).mappings())

    @staticmethod
    def approved_step(org: str) -> tuple[sa.Select[Any], dict[str, str]]:
        """``approved_by_connection``'s read as a statement and its values (for a caller's own transaction);
        ``by_connection`` turns its rows into the same lists."""
        return _APPROVED_OF_ORG, {"org": org}

    @staticmethod
    def by_connection(rows: Any) -> dict[str, list[VerifiedQuery]]:
        return _by_connection(rows)

    async def used(self, org: str, vid: str) -> None:
        try:
            await self._write(t.verified_queries.update().where(
                t.verified_queries.c.org_id == org, t.verified_queries.c.id == vid).values(
                uses=t.verified_queries.c.uses + 1))
        except DomainError:
            pass  # counting a use is best effort


def _by_connection(rows: Any) -> dict[str, list[VerifiedQuery]]:
    out: dict[str, list[VerifiedQuery]] = {}
    for r in rows:
        v = _vq(r)
        out.setdefault(v.connection_id, []).append(v)
    return out


async def _schema_quietly(toolbox: Toolbox) -> None:
    with contextlib.suppress(DomainError):
        await toolbox.schema()


def _checked(question: str, sql: str, connection_id: str) -> tuple[str, str, str]:
    question, sql, connection_id = question.strip(), sql.strip(), connection_id.strip()
    if not question or len(question) > MAX_QUESTION:
        raise InvalidArgument(f"question must be 1-{MAX_QUESTION} characters")
    if not sql or len(sql) > MAX_SQL:
        raise InvalidArgument(f"sql must be 1-{MAX_SQL} characters")
    if not question_key(question):
        raise InvalidArgument("question has no words to match on")
    if not connection_id or len(connection_id) > 120:
        raise InvalidArgument("connection_id is required")
    return question, sql, connection_id


def closest(queries: list[VerifiedQuery], question: str, n: int = EXAMPLES) -> list[VerifiedQuery]:
    """The ``n`` approved queries sharing the most words with ``question`` (examples for the LLM agent)."""
    words = set(question_key(question).split())
    scored = [(len(words & set(question_key(v.question).split())), v) for v in queries]
    return [v for score, v in sorted(scored, key=lambda x: -x[0]) if score > 0][:n]


class WithVerifiedQueries:
    """An Analyst that answers with an approved query when one means the same, else asks ``inner``.

    Needs the asker's org and the connection: ``toolbox.org_id`` and ``toolbox.connection_id``
    (a toolbox without an org gets plain ``inner`` answers).
    """

    def __init__(self, inner: Analyst, verified: VerifiedQueries) -> None:
        self.inner = inner
        self.verified = verified

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        org, cid = getattr(toolbox, "org_id", ""), getattr(toolbox, "connection_id", "")
        if org and cid:
            # the schema (which the engine reads first; the toolbox keeps it) is read meanwhile; a failure
            # to read it is left to the engine, which meets it again (a verified query needs no schema)
            approved, _ = await asyncio.gather(self._approved(toolbox, org, cid), _schema_quietly(toolbox))
        else:
            approved = []
        key = question_key(question)
        match = next((v for v in approved if question_key(v.question) == key), None) if not deep else None
        if match is not None:
            try:
                result = await toolbox.run_sql(match.sql)
            except DomainError:
                match = None  # the asker may not run it (groups) or it broke: answer normally
            else:
                await self.verified.used(org, match.id)
                when = match.reviewed_at[:10]
                note = (f"Answered with a verified query approved by {match.reviewed_by} on {when} "
                        f"(\"{match.question}\").")
                lead = f"{len(result.rows)} row(s)." if len(result.rows) != 1 or len(result.columns) != 1 else \
                    f"The answer is {result.rows[0][0]}."
                return AnalystAnswer(parts=[AnswerPart(kind="text", text=f"{lead} {note}"),
                                            AnswerPart(kind="query", result=result, title=match.question[:80])],
                                     understood=True, state=dict(state),
                                     assumptions=["the question matched a verified query of this connection"])
        examples = closest(approved, question)
        inner_state = {**state, EXAMPLES_KEY: [{"question": v.question, "sql": v.sql} for v in examples]} \
            if examples else state
        answer = await self.inner.answer(question, toolbox=toolbox, history=history, state=inner_state, mode=mode,
                                         deep=deep)
        if isinstance(answer.state, dict):
            answer.state.pop(EXAMPLES_KEY, None)
        return answer

    async def _approved(self, toolbox: Toolbox, org: str, cid: str) -> list[VerifiedQuery]:
        """The connection's approved queries: from the org's, when the caller started reading them already
        (``toolbox.approved_queries``, see ``VerifiedQueries.approved_by_connection``), else read now."""
        early = getattr(toolbox, "approved_queries", None)
        if early is not None:
            try:
                return list((await early).get(cid, []))
            except DomainError:
                pass  # read again below: the same error, or the store is back
        return await self.verified.approved(org, cid)
