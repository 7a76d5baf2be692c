"""Conversation rules: chats, answering with an engine, assets, history and export."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import csv
import hashlib
import io
import json
import logging
import re
import secrets
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import grpc
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from dot.v1 import knowledge_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.csv_safe import neutralise_cell
from services.common.errors import (
    Conflict, DomainError, InvalidArgument, NotFound, PermissionDenied, Unauthenticated,
)
from services.common.identity import InternalTokens, data_groups, require_role
from services.common.jobs import Job, Jobs, LeaseLost
from services.common.limits import (
    ASSET_KEY_MAX, BASE_URL_MAX, EXTRA_MAX, FEEDBACK_DESCRIPTION_MAX, LABELS_PER_CHAT, MESSAGE_POSITION_MAX,
    OWNER_MAX, check_chat_id, check_labels, check_length, check_messages,
)
from services.common.lru import Lru
from services.common.principal import Principal
from services.common.remote_identity import ForwardedIdentity, as_metadata
from services.common.sqlite_driver import OneTripWrites
from services.common.store import AsyncConnection, Store, write_error
from services.conversation import tables as t
from services.conversation.assets import (
    CHART_PAYLOAD_CONTENT_TYPE, PNG_CONTENT_TYPE, assistant_message, render_chart_payload,
)
from services.conversation.engine.types import AnalystAnswer, AnswerPart, Analyst, Turn
from services.conversation.routing import Choice, ConnectionChooser, pinned, search_request, split_pin
from services.conversation.toolbox import KnowledgeToolbox
from services.conversation.verified import VerifiedQueries

log = logging.getLogger(__name__)
CHART_TTL = timedelta(days=30)
RELATED_MIN_SCORE = 4.0  # an asset's name must share at least two words with the question
RELATED_HITS = 10  # the search hits an answer's related assets are picked from
# An answer with at most this many result rows is rendered on the event loop (well under a millisecond);
# a bigger one (its CSV and chart data grow with the rows) in a thread, so the loop stays free.
INLINE_RENDER_ROWS = 1_000
EXPORT_PAGE = 500
CHUNK_BYTES = 64 * 1024
ASSET_CHUNK_BYTES = 256 * 1024  # one store read per chunk of an asset download
MODES = ("economy", "balanced", "frontier")
MAX_QUESTION_CHARS = 10_000  # analysts' work grows with length; longer questions are refused (422)
INTERRUPTED = ("This answer was interrupted (the server restarted or could not save it) before it finished. "
               "Ask again (same chat) to retry.")
CANCELLED = ("This answer was cancelled (it ran out of time or the request was abandoned) before it finished. "
             "Ask again (same chat) to retry.")
HistoryAllowed = Callable[[Principal], Awaitable[bool]]
T = TypeVar("T")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read_blob_slice(path: str, rowid: int, start: int, size: int) -> bytes:
    """``size`` bytes of one asset's content from ``start``, without reading the rest of it."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with con.blobopen("assets", "content", rowid, readonly=True) as blob:
            blob.seek(start)
            return blob.read(size)
    except sqlite3.Error:
        raise NotFound("the asset was removed while it was being read") from None
    finally:
        con.close()


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


def _job_key(org: str, owner: str, chat_id: str) -> str:
    """What an answer job works on: one chat of one owner."""
    return f"{org}/{owner}/{chat_id}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class ConversationState:
    """Per-process: one lock per chat (answers in a chat are sequential) and background tasks."""

    locks: dict[tuple[str, str, str], asyncio.Lock] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class ConversationDomain:
    def __init__(self, store: Store, clients: Clients, tokens: InternalTokens, engine: Analyst,
                 verified: VerifiedQueries | None = None, history_allowed: HistoryAllowed | None = None) -> None:
        self.store = store
        self.clients = clients
        self.tokens = tokens
        self.engine = engine
        self.verified = verified  # a 👍 proposes the answer's SQL for review
        # async (principal) -> may modelers read other users' chats (org setting); raises when unknown
        self.history_allowed = history_allowed
        self.state = ConversationState()
        self.jobs = Jobs(store, t.leased_jobs)  # every answer under a lease: another replica finishes it if this one dies
        self.chooser = ConnectionChooser(clients)
        # a SQLite store writes an answer's transaction in one trip to its driver thread (None: PostgreSQL)
        self._one_trip = OneTripWrites.for_store(store.engine)
        # the turn's first read, built once (its values are bound per turn, see ``_key_params``): the chat's
        # live answer job, if any, and the chat's row (all NULL when it is new)
        self._turn_read = sa.select(self.jobs.live_id(sa.bindparam("j_kind"), sa.bindparam("j_key")).label("live_job"),
                                    t.chats).select_from(sa.select(sa.literal(1).label("one")).subquery().outerjoin(
                                        t.chats, sa.and_(*_KEY_WHERE)))

    # ---- startup -----------------------------------------------------------------
    async def recover(self) -> int:
        """Chats left 'in progress' by a crash get a clear failed answer (nothing stays stuck); those
        whose answer is held by a job are left to the JobRunner (resume_answer), which finishes them."""
        held = sa.select(t.leased_jobs.c.key).where(t.leased_jobs.c.kind == "answer", t.leased_jobs.c.status == "running")
        async with self.store.engine.begin() as c:
            rows = (await c.execute(sa.select(t.chats.c.org_id, t.chats.c.user_id, t.chats.c.chat_id,
                                              t.chats.c.num_messages).where(t.chats.c.status == "in_progress"))).all()
            keys = set((await c.execute(held)).scalars().all())
            rows = [r for r in rows if _job_key(r[0], r[1], r[2]) not in keys]
            for org, owner, cid, n in rows:
                msg = _failure_message(cid, INTERRUPTED)
                await c.execute(t.messages.insert().values(org_id=org, owner_id=owner, chat_id=cid, position=n,
                                                           role="assistant", content=msg["content"],
                                                           message_json=json.dumps(msg), created_at=now_iso()))
                await c.execute(t.chats.update().where(*_key(org, owner, cid)).values(
                    status="failed", num_messages=n + 1, updated_at=now_iso()))
        return len(rows)

    # ---- chats ---------------------------------------------------------------------
    def _lock(self, org: str, owner: str, chat_id: str) -> asyncio.Lock:
        key = (org, owner, chat_id)
        lock = self.state.locks.get(key)
        if lock is None:
            if len(self.state.locks) > 10_000:
                self.state.locks = {k: v for k, v in self.state.locks.items() if v.locked()}
            lock = self.state.locks[key] = asyncio.Lock()
        return lock

    async def _readable(self, p: Principal, chat_id: str, owner: str = "") -> sa.RowMapping:
        """The one rule for every read of a chat (messages, CSVs, labels, feedback).

        Chat ids are scoped to their owner: without ``owner`` (or with the caller's own id or e-mail)
        this is the caller's own chat. Another user's chat (``owner`` = user id or e-mail, as in the
        export) only for admins and modelers, and for modelers only while the org lets them see
        history; fails closed (setting unknown -> refused). Missing and not-visible chats answer the
        same 404, so nobody learns whether another user's id exists."""
        check_chat_id(chat_id)
        check_length(owner, OWNER_MAX, "owner")
        own = not owner or owner in (p.user_id, p.email)
        if own and p.role == "service":
            raise InvalidArgument("a service caller must name the chat's owner")
        if not own:
            await self._check_may_read_others(p, chat_id)
        q = sa.select(t.chats).where(t.chats.c.org_id == p.org_id, t.chats.c.chat_id == chat_id)
        q = q.where(t.chats.c.user_id == p.user_id) if own else \
            q.where(sa.or_(t.chats.c.user_id == owner, t.chats.c.user_email == owner))
        async with self.store.engine.connect() as c:
            row = (await c.execute(q.order_by(t.chats.c.updated_at.desc()).limit(1))).mappings().first()
        if row is not None and (own or self._may_see_history(p, row)):
            return row
        raise NotFound(f"chat '{chat_id}' not found")

    async def _check_may_read_others(self, p: Principal, chat_id: str) -> None:
        """Roles that may read other users' chats at all; decided before any lookup (reveals nothing)."""
        if p.role in ("admin", "service"):
            return
        if p.role != "modeler":
            raise NotFound(f"chat '{chat_id}' not found")
        # No setting source, or it cannot be read (admin down: history_allowed raises): refuse.
        if self.history_allowed is None or not await self.history_allowed(p):
            raise PermissionDenied("History is hidden from modelers in this organisation")

    def _may_see_history(self, p: Principal, row: sa.RowMapping) -> bool:
        """Admins see every chat; modelers (and admins narrowed by an embed's active groups) see
        the chats of people who share one of their data groups."""
        if (p.role == "admin" and not p.active_groups) or p.role == "service":
            return True
        if p.role in ("admin", "modeler"):
            return bool(set(json.loads(row["user_groups_json"])) & set(data_groups(p)))
        return False

    async def _start_turn(self, p: Principal, chat_id: str, questions: list[dict[str, Any]], mode: str,
                          extra: str, job: dict[str, Any], approved: dict[str, Any] | None = None
                          ) -> tuple[Mapping[str, Any], int, Job, list[dict[str, Any]]]:
        """Create the chat on first use, append the user message(s) and lease the answer job
        (``job``: its payload without the position), in one transaction; returns the chat, the
        answer's position, the job and the chat's messages so far (read in the same transaction).
        ``approved``: filled with the org's approved verified queries by connection, read in the same
        transaction (no connection of its own: the answer needs them, and the turn holds one already)."""
        if p.role == "service" or not p.user_id:
            raise PermissionDenied("only users can ask questions")
        if mode and mode not in MODES:
            raise InvalidArgument(f"mode must be one of {', '.join(MODES)}")
        now = now_iso()
        jkey = _job_key(p.org_id, p.user_id, chat_id)
        try:
            async with self.store.engine.begin() as c:
                # one statement: the chat's live answer job, if any, and the chat's row (all NULL when it is new)
                got = (await c.execute(self._turn_read, {"j_kind": "answer", "j_key": jkey, **_key_params(
                    p.org_id, p.user_id, chat_id)})).mappings().one()
                if got["live_job"] is not None:  # another replica answers in this chat
                    raise Conflict(f"chat '{chat_id}' is still answering the previous question; try again shortly")
                row = None if got["chat_id"] is None else {col.name: got[col.name] for col in t.chats.c}
                n = 0 if row is None else row["num_messages"]
                rows: list[dict[str, Any]] = []  # the messages to append, in order
                if row is not None and row["status"] == "in_progress":  # interrupted: say so before the new question
                    msg = _failure_message(chat_id, INTERRUPTED)
                    rows.append(dict(position=n, role="assistant", content=msg["content"], message_json=json.dumps(msg)))
                    n += 1
                asked = []
                for q in questions:
                    msg = {"role": "user", "content": q["content"]}
                    rows.append(dict(position=n, role="user", content=q["content"], message_json=json.dumps(msg)))
                    asked.append(msg)
                    n += 1
                values: dict[str, Any] = {"status": "in_progress", "num_messages": n, "updated_at": now}
                if mode:
                    values["mode"] = mode
                steps: list[tuple[Any, Any]] = []  # (statement, values): the rest of the turn, run together
                if row is None:
                    title = questions[-1]["content"].strip().splitlines()[0][:120] if questions else ""
                    values = {"org_id": p.org_id, "chat_id": chat_id, "user_id": p.user_id,
                              "user_email": p.email, "user_groups_json": json.dumps(list(p.groups)), "title": title,
                              "created_at": now, "extra": extra or None, **values, "mode": mode or "balanced"}
                    # the new chat takes max(seq) + 1 inside its own INSERT (one statement, not a read and a write)
                    steps.append((_INSERT_CHAT, values))
                else:
                    steps.append((_UPDATE_CHAT, {**values, **_key_params(p.org_id, p.user_id, chat_id)}))
                steps.append((_INSERT_MESSAGE, [dict(org_id=p.org_id, owner_id=p.user_id, chat_id=chat_id,
                                                     created_at=now, **m) for m in rows]))
                leased, lease = self.jobs.start_step("answer", jkey, {**job, "position": n})
                steps.append(lease)
                if row is not None:
                    steps.append((_HISTORY, _key_params(p.org_id, p.user_id, chat_id)))
                if approved is not None and self.verified is not None:
                    steps.append(self.verified.approved_step(p.org_id))
                done = await self._run_steps(c, steps)
                if row is None:
                    chat: dict[str, Any] = {**{col.name: None for col in t.chats.c}, **values, "seq": done[0][0]["seq"]}
                    history = asked
                else:
                    chat = {**row, **values}
                    history = [json.loads(m["message_json"]) for m in done[3]]
                if approved is not None and self.verified is not None:
                    approved.update(self.verified.by_connection(done[-1]))
        except IntegrityError as exc:
            raise Conflict(f"chat '{chat_id}' changed concurrently; try again") from exc
        except OperationalError as exc:
            raise write_error(exc) from exc
        return chat, n, leased, history

    async def _run_steps(self, c: AsyncConnection, steps: list[tuple[Any, Any]]) -> list[Any]:
        """Run (statement, values) steps in ``c``'s transaction: per step its rows (dicts by column name) when it
        returns rows, else its row count. On SQLite in one trip to the driver's thread (``OneTripWrites.run_in``),
        else statement by statement."""
        if self._one_trip is not None:
            return await self._one_trip.run_in(c, steps)
        out: list[Any] = []
        for stmt, values in steps:
            if isinstance(values, list) and not values:
                out.append(0)
                continue
            r = await c.execute(stmt, values)
            out.append([dict(m) for m in r.mappings().all()] if r.returns_rows else r.rowcount)
        return out

    async def _history(self, org: str, owner: str, chat_id: str,
                       conn: AsyncConnection | None = None) -> list[dict[str, Any]]:
        q = sa.select(t.messages.c.message_json).where(*_key(org, owner, chat_id, t.messages)).order_by(
            t.messages.c.position)
        if conn is not None:
            rows = (await conn.execute(q)).scalars().all()
        else:
            async with self.store.engine.connect() as c:
                rows = (await c.execute(q)).scalars().all()
        return [json.loads(x) for x in rows]

    # ---- answering ---------------------------------------------------------------
    async def ask(self, p: Principal, chat_id: str, messages: list[dict[str, Any]], mode: str,
                  base_url: str, deep: bool, extra: str, background: bool,
                  connection_id: str = "") -> tuple[list[dict[str, Any]], str]:
        check_chat_id(chat_id)
        check_messages(messages)
        check_length(extra, EXTRA_MAX, "extra")
        check_length(base_url, BASE_URL_MAX, "base_url")
        questions = [m for m in messages if m.get("role", "user") == "user" and m["content"].strip()]
        if not questions:
            raise InvalidArgument("messages must contain at least one non-empty user message")
        if any(len(str(q["content"])) > MAX_QUESTION_CHARS for q in questions):
            raise InvalidArgument(f"a question may have at most {MAX_QUESTION_CHARS:,} characters")
        if connection_id:  # checked before anything is written: an unknown connection leaves no chat behind
            await self._check_connection(p, connection_id)
        lock = self._lock(p.org_id, p.user_id, chat_id)
        if lock.locked():
            raise Conflict(f"chat '{chat_id}' is still answering the previous question; try again shortly")
        # The lock is held from the user's message until the answer is stored, so a chat found
        # "in progress" while nobody holds its lock was interrupted (crash, store failure).
        await lock.acquire()
        # every answer reads the search for its question (routing's candidates, related assets): it runs
        # while the question is written
        search = self._search_early(p, questions[-1]["content"], connection_id)
        # the org's verified queries are read in the turn's transaction when they live in its store
        approved: dict[str, Any] | None = {} if self.verified is not None and self.verified.store is self.store \
            else None
        try:
            # the chat, the question and the answer's lease are written in one transaction
            chat, position, job, history = await self._start_turn(p, chat_id, questions, mode, extra, {
                "principal": base64.b64encode(p.encode()).decode(), "chat_id": chat_id,
                "base_url": base_url, "deep": deep, "connection_id": connection_id}, approved)
        except BaseException:
            search.cancel()
            lock.release()
            raise
        if background:
            task = asyncio.create_task(self._answer_then_release(lock, job, p, chat, position, base_url, deep,
                                                                 connection_id, history, search, approved))
            self.state.tasks.add(task)
            task.add_done_callback(self.state.tasks.discard)
            return [], "in_progress"
        try:
            async with self.jobs.holding(job):
                status, message = await self._answer(p, chat, position, base_url, deep, connection_id, job, history,
                                                     search, approved)
        finally:
            lock.release()
        # the chat as stored: what was read when the question was written, then the answer (as stored)
        return [*history, message], status

    def _search_early(self, p: Principal, question: str, connection_id: str = "") -> _EarlySearch:
        """Start the knowledge search for ``question`` (as routing asks it) as ``p`` and, unless a connection
        is named, the listing of the connections ``p`` can see: both run while the question is written."""
        question = split_pin(question)[0]
        md = as_metadata(self.tokens, p)
        request = search_request(question)
        request.with_visible_connections = not connection_id  # one round trip for both when routing reads both
        task = asyncio.ensure_future(self.clients.knowledge.Search(request, metadata=md, timeout=10))
        task.add_done_callback(_retrieved)
        listing = None
        if not connection_id:
            listing = asyncio.ensure_future(self._listed_with(task, md))
            listing.add_done_callback(_retrieved)
        return _EarlySearch(question, task, listing)

    async def _listed_with(self, search: Awaitable[knowledge_pb2.SearchResponse],
                           md: tuple[tuple[str, str], ...]) -> knowledge_pb2.ListVisibleConnectionsResponse:
        """The connections the asker can see, as the search listed them; asked separately when it did not
        (they could not be listed then, or a knowledge service that predates the field)."""
        r = await search
        if r.visible_connections_listed:
            return knowledge_pb2.ListVisibleConnectionsResponse(connections=r.visible_connections)
        return await self.clients.knowledge.ListVisibleConnections(knowledge_pb2.ListVisibleConnectionsRequest(),
                                                                    metadata=md, timeout=10)

    async def _check_connection(self, p: Principal, connection_id: str) -> None:
        """An explicitly requested connection must exist and show the asker at least one table."""
        md = await ForwardedIdentity(self.tokens, self.clients, p).metadata()
        try:
            r = await self.clients.knowledge.GetSchema(knowledge_pb2.GetSchemaRequest(connection_id=connection_id),
                                                       metadata=md, timeout=30)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        if not r.tables:
            raise NotFound(f"connection '{connection_id}' not found (or none of its tables is shared with you)")

    async def _visible(self, p: Principal, cid: str) -> str:
        """``cid`` when the asker may use that connection, else '' (a pin in the text is a hint, not an order)."""
        if not cid:
            return ""
        try:
            await self._check_connection(p, cid)
        except DomainError:
            return ""
        return cid

    async def _answer_then_release(self, lock: asyncio.Lock, job: Job, p: Principal,
                                   chat: Mapping[str, Any], position: int, base_url: str, deep: bool,
                                   connection_id: str = "", history: list[dict[str, Any]] | None = None,
                                   search: _EarlySearch | None = None,
                                   approved: dict[str, Any] | None = None) -> None:
        try:
            async with self.jobs.holding(job):
                await self._answer(p, chat, position, base_url, deep, connection_id, job, history, search, approved)
        except LeaseLost:
            pass  # another replica took the answer over and stores it
        finally:
            lock.release()

    async def _pending_turn(self, job: Job) -> tuple[Principal, Mapping[str, Any] | None]:
        """The asker and the chat of an answer job, the chat only while that answer is still missing."""
        p = Principal.decode(base64.b64decode(job.payload["principal"]))
        async with self.store.engine.connect() as c:
            chat = (await c.execute(sa.select(t.chats).where(*_key(p.org_id, p.user_id, job.payload["chat_id"]))
                                    )).mappings().first()
        if chat is None or chat["status"] != "in_progress" or chat["num_messages"] != job.payload["position"]:
            return p, None
        return p, chat

    async def resume_answer(self, job: Job) -> None:
        """Answer a question whose replica died mid-answer (JobRunner); stored once (the message's key)."""
        p, chat = await self._pending_turn(job)
        if chat is not None:
            await self._answer(p, chat, job.payload["position"], job.payload["base_url"], job.payload["deep"],
                               job.payload["connection_id"], job)

    async def abandon_answer(self, job: Job) -> None:
        p, chat = await self._pending_turn(job)
        if chat is not None:
            await self._store_answer(p.org_id, p.user_id, chat["chat_id"], job.payload["position"],
                                     _failure_message(chat["chat_id"], INTERRUPTED, job.payload["base_url"]), [],
                                     json.loads(chat["engine_state_json"] or "{}"), chat["connection_id"], "failed")

    async def _answer(self, p: Principal, chat: Mapping[str, Any], position: int, base_url: str,
                      deep: bool, connection_id: str = "", job: Job | None = None,
                      history: list[dict[str, Any]] | None = None,
                      search: _EarlySearch | None = None,
                      read_approved: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
        """Run the engine, then store the answer and its assets atomically (closing ``job`` in the
        same transaction); never leave 'in progress'. Returns the status and the stored message.
        ``history``: the chat's messages, when the caller has just read them; ``search``: the
        search for the question, started early (used when the question stays the one searched);
        ``read_approved``: the org's approved verified queries by connection, when the turn read them."""
        if history is None:
            history = await self._history(p.org_id, chat["user_id"], chat["chat_id"])
        question = history[-1]["content"]
        turns = [Turn(role=m["role"], content=m.get("content", "")) for m in history[:-1]
                 if m.get("role") in ("user", "assistant")]
        state = json.loads(chat["engine_state_json"] or "{}")
        asker = ForwardedIdentity(self.tokens, self.clients, p)  # outlives the principal's lifetime if needed
        fresh = asyncio.create_task(asker.keep_fresh())
        # the org's verified queries: as the turn read them, else read while the question is routed (not after it)
        approved: asyncio.Future[Any] | None = None
        if read_approved is not None:
            approved = asyncio.get_running_loop().create_future()
            approved.set_result(read_approved)
        elif self.verified is not None:
            approved = asyncio.ensure_future(self.verified.approved_by_connection(p.org_id))
            approved.add_done_callback(_retrieved)
        status = "done"
        try:
            # an explicit connection wins, then one the question pins ('... (connection shop)', as the
            # follow-ups of a clarification do), then the chat's own, then the one that fits the question best
            question, pin = split_pin(question)
            if not (connection_id or pin or chat["connection_id"]):
                earlier, reply = _reply_to_which(history)
                if reply and await self._visible(p, reply):
                    question, pin = earlier, reply  # 'east' after "which one do you mean?": the question before, there
            cid = connection_id or await self._visible(p, pin) or chat["connection_id"] or ""
            early = search.task if search is not None and search.question == question else None
            listing = search.listing if search is not None else None
            choice = Choice(cid, catalog_version=_listed_version(listing, cid)) if cid else \
                await self.chooser.choose(asker.metadata, question, early, listing)
            if choice.tied:
                answer, cid = _which_connection(question, choice, state), ""
            else:
                toolbox = KnowledgeToolbox(self.clients, asker.metadata, choice.connection_id, org_id=p.org_id,
                                           owner=f"{p.org_id}/{p.user_id or p.email}", question=question,
                                           schema=choice.schema, schema_key=choice.schema_key,
                                           catalog_version=choice.catalog_version, approved_queries=approved)
                answer = await self.engine.answer(question, toolbox=toolbox, history=turns, state=state,
                                                  mode=chat["mode"] or "balanced", deep=deep)
                cid = toolbox.connection_id or choice.connection_id
            if answer.understood:
                hits = choice.hits
                if hits is None and early is not None:
                    try:
                        hits = tuple((await early).hits)
                    except grpc.aio.AioRpcError:
                        hits = ()  # related assets are best effort
                answer.parts.extend(await self._related_assets(await asker.metadata(), question, hits))
            if cid:  # every answer says where its data came from: the connection and the tables its SQL read
                used = tables_used(answer, toolbox.dialect)
                answer.parts.append(AnswerPart(kind="text", text=f"Data source: connection '{cid}'" + (
                    f", {'table' if len(used) == 1 else 'tables'} {', '.join(used)}" if used else "") + "."))
            if _result_rows(answer) <= INLINE_RENDER_ROWS:  # no thread hop for a small answer
                message, stored = self._render(answer, p, chat["chat_id"], base_url, position)
            else:
                message, stored = await asyncio.to_thread(self._render, answer, p, chat["chat_id"], base_url, position)
            if cid:
                message["additional_data"]["connection_id"] = cid
            new_state = answer.state
        except DomainError as exc:
            log.info("answer failed: %s", exc.code)
            message, stored, new_state, cid = _failure_message(chat["chat_id"], _explain(exc), base_url), [], state, \
                chat["connection_id"]
            status = "failed" if exc.code in ("unavailable", "timeout") else "done"
        except asyncio.CancelledError:  # a deadline or an abandoned request: say so, then let it propagate
            log.warning("answer cancelled before it finished; chat marked failed")
            with contextlib.suppress(asyncio.CancelledError, DomainError, LeaseLost):
                await self._shielded(self._store_answer(
                    p.org_id, chat["user_id"], chat["chat_id"], position,
                    _failure_message(chat["chat_id"], CANCELLED, base_url), [], state, chat["connection_id"],
                    "failed", job))
            raise
        except Exception:  # noqa: BLE001 - the chat must never stay in progress
            log.exception("engine crashed")
            message, stored, new_state, cid = _failure_message(
                chat["chat_id"], "Something went wrong while answering; please try again.", base_url), [], state, \
                chat["connection_id"]
            status = "failed"
        finally:
            fresh.cancel()
            if approved is not None:
                approved.cancel()  # unread when no engine ran (a clarifying question, a failure before it)
            if search is not None:
                search.cancel()  # not needed after all (a failure before its use, a changed question)
        saved = await self._shielded(self._store_answer(p.org_id, chat["user_id"], chat["chat_id"], position, message,
                                                        stored, new_state, cid, status, job))
        return status, saved

    async def _shielded(self, write: Awaitable[T]) -> T:
        """Await a store write that finishes even if the caller is cancelled meanwhile (a deadline
        arriving during the write must not leave the chat 'in progress')."""
        task = asyncio.ensure_future(write)
        self.state.tasks.add(task)
        task.add_done_callback(_forget(self.state.tasks))
        return await asyncio.shield(task)

    async def _related_assets(self, md: tuple[tuple[str, str], ...], question: str,
                              hits: Sequence[Any] | None = None) -> list[AnswerPart]:
        """Recommend existing dashboards or looks that match the question (best effort). ``hits``:
        the search for this question that routing made (the same ranking, so its first
        RELATED_HITS are what a search limited to them returns)."""
        if hits is None:
            try:
                r = await self.clients.knowledge.Search(knowledge_pb2.SearchRequest(query=question, limit=RELATED_HITS),
                                                        metadata=md, timeout=5)
            except grpc.aio.AioRpcError:
                return []
            hits = r.hits
        assets = [h.asset for h in hits[:RELATED_HITS] if h.WhichOneof("item") == "asset" and h.score >= RELATED_MIN_SCORE]
        parts = []
        for a in assets[:2]:
            where = f" — {a.url}" if a.url else ""
            kind = (a.subtype or "asset").replace("_", " ")
            parts.append(AnswerPart(kind="text", text=f"Related {kind}: {a.name or a.id}{where}"))
        return parts

    def _render(self, answer: AnalystAnswer, p: Principal, chat_id: str, base_url: str,
                position: int) -> tuple[dict[str, Any], list[Any]]:
        tokens: dict[str, str] = {}

        def url(key: str, kind: str) -> str:
            if kind == "chart":
                tokens[key] = secrets.token_urlsafe(24)
                return f"{base_url}/api/asset/{tokens[key]}.png"
            # owner: the URL also works for an admin or modeler reading this chat (ids are per owner)
            return (f"{base_url}/api/download_csv?chat_id={quote(chat_id, safe='')}&df_key={quote(key, safe='')}"
                    f"&owner={quote(p.user_id, safe='')}")

        message, stored = assistant_message(answer, chat_id=chat_id, base_url=base_url, asset_urls=url,
                                            message_position=position)
        return message, [(s, tokens.get(s.key)) for s in stored]

    async def _store_answer(self, org: str, owner: str, chat_id: str, position: int, message: dict[str, Any],
                            stored: list[Any], state: dict[str, Any], connection_id: str | None, status: str,
                            job: Job | None = None) -> dict[str, Any]:
        """Write the answer, its assets and the chat's new state, and close the answer's ``job`` in
        the same transaction: a replica whose lease was taken over writes nothing (LeaseLost), so
        an answer is stored once. Returns the message as stored."""
        now = now_iso()
        expires = (datetime.now(UTC) + CHART_TTL).isoformat(timespec="seconds")
        text = json.dumps(message, default=str)
        steps: list[tuple[Any, Any]] = []  # (statement, values): the job's end first, then the answer
        if job is not None:
            steps.append(self.jobs.finish_step(job))
        steps.append((_INSERT_MESSAGE, dict(org_id=org, owner_id=owner, chat_id=chat_id, position=position,
                                            role="assistant", content=message.get("content", ""),
                                            message_json=text, created_at=now)))
        if stored:  # every asset in one statement (executemany)
            steps.append((_INSERT_ASSET, [dict(
                org_id=org, owner_id=owner, chat_id=chat_id, key=asset.key, kind=asset.kind, content_type=asset.content_type,
                content=asset.content, token_hash=_hash(token) if token else None,
                expires_at=expires if token else None) for asset, token in stored]))
        steps.append((_UPDATE_CHAT, dict(
            status=status, num_messages=position + 1, updated_at=now, engine_state_json=json.dumps(state, default=str),
            connection_id=connection_id or None, **_key_params(org, owner, chat_id))))
        try:
            if self._one_trip is not None:  # SQLite: the whole transaction in one trip to the driver's thread
                if not await self._one_trip.run(steps, first_must_change_one=job is not None):
                    raise LeaseLost(job.id if job is not None else "")
            else:
                async with self.store.engine.begin() as c:
                    for i, (stmt, values) in enumerate(steps):
                        r = await c.execute(stmt, values)
                        if i == 0 and job is not None and r.rowcount != 1:  # no longer ours: write nothing
                            raise LeaseLost(job.id)
        except OperationalError as exc:
            raise write_error(exc) from exc
        if job is not None:
            self.jobs.closed(job)
        return json.loads(text)  # type: ignore[no-any-return]

    # ---- reading -------------------------------------------------------------------
    async def get_chat(self, p: Principal, chat_id: str, owner: str = "") -> tuple[list[dict[str, Any]], str]:
        row = await self._readable(p, chat_id, owner)
        return await self._history(p.org_id, row["user_id"], chat_id), row["status"]

    async def chat_history(self, p: Principal) -> list[dict[str, Any]]:
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.chats).where(t.chats.c.org_id == p.org_id,
                                                             t.chats.c.user_id == p.user_id)
                                    .order_by(t.chats.c.updated_at.desc()).limit(1000))).mappings().all()
        return [{"chat_id": r["chat_id"], "title": r["title"], "created_at": r["created_at"],
                 "updated_at": r["updated_at"], "num_messages": r["num_messages"], "status": r["status"],
                 "labels": json.loads(r["labels_json"]), "mode": r["mode"]} for r in rows]

    async def add_labels(self, p: Principal, chat_id: str, labels: list[str],
                         owner: str = "") -> dict[str, Any]:
        clean = [lbl.strip() for lbl in check_labels(labels) if lbl.strip()]
        if not clean:
            raise InvalidArgument("labels must contain at least one non-empty label")
        row = await self._readable(p, chat_id, owner)
        key = _key(p.org_id, row["user_id"], chat_id)
        async with self.store.engine.begin() as c:
            current = (await c.execute(sa.select(t.chats.c.labels_json).where(*key))).scalar()
            merged = list(dict.fromkeys([*json.loads(current or "[]"), *clean]))
            if len(merged) > LABELS_PER_CHAT:
                raise InvalidArgument(f"a chat can carry at most {LABELS_PER_CHAT} labels")
            await c.execute(t.chats.update().where(*key).values(labels_json=json.dumps(merged)))
        return {"chat_id": chat_id, "labels": merged}

    async def feedback(self, p: Principal, chat_id: str, position: int, positive: bool,
                       description: str, owner: str = "") -> dict[str, Any]:
        """One feedback per person and answer: a reviewer's feedback never replaces the owner's."""
        check_length(description, FEEDBACK_DESCRIPTION_MAX, "description")
        if not 0 <= position <= MESSAGE_POSITION_MAX:
            raise InvalidArgument(f"message_position must be between 0 and {MESSAGE_POSITION_MAX}")
        if not p.user_id:
            raise PermissionDenied("only users can give feedback")
        row = await self._readable(p, chat_id, owner)
        msg_key = _key(p.org_id, row["user_id"], chat_id, t.messages)
        fb_key = _key(p.org_id, row["user_id"], chat_id, t.feedback)
        async with self.store.engine.begin() as c:
            role = (await c.execute(sa.select(t.messages.c.role).where(*msg_key, t.messages.c.position == position)
                                    )).scalar()
            if role is None:
                raise NotFound(f"chat '{chat_id}' has no message at position {position}")
            if role != "assistant":
                raise InvalidArgument(f"message {position} is a {role} message; feedback is for assistant answers")
            await c.execute(t.feedback.delete().where(*fb_key, t.feedback.c.position == position,
                                                      t.feedback.c.user_id == p.user_id))
            await c.execute(t.feedback.insert().values(org_id=p.org_id, owner_id=row["user_id"], chat_id=chat_id,
                                                       position=position, user_id=p.user_id, positive=positive,
                                                       description=description or "", created_at=now_iso()))
        if positive and self.verified is not None:
            await self.verified.propose_from_answer(p, row, position)
        return {"chat_id": chat_id, "message_position": position, "feedback": "Success" if positive else "Problem"}

    # ---- assets ------------------------------------------------------------------
    async def asset(self, p: Principal, chat_id: str, key: str,
                    owner: str = "") -> tuple[str, AsyncIterator[bytes]]:
        """The asset's content type and its bytes, read from the store in chunks as the reader takes them."""
        check_length(key, ASSET_KEY_MAX, "key")
        row = await self._readable(p, chat_id, owner)
        where = (*_key(p.org_id, row["user_id"], chat_id, t.assets), t.assets.c.key == key)
        async with self.store.engine.connect() as c:
            a = (await c.execute(sa.select(sa.func.length(t.assets.c.content).label("size"),
                                           t.assets.c.content_type).where(*where))).first()
        if a is None:
            raise NotFound(f"asset '{key}' not found in chat '{chat_id}'")
        return a.content_type, self._asset_chunks(where, int(a.size or 0))

    async def _asset_chunks(self, where: tuple[Any, ...], size: int) -> AsyncIterator[bytes]:
        """Slices of one stored asset: a slow reader holds one chunk, never the whole asset."""
        if size == 0:
            yield b""
        path = self.store.engine.url.database if self.store.is_sqlite else None
        if path and path != ":memory:" and not path.startswith("file:"):
            # SQLite's substr() loads the whole blob for every slice; incremental blob I/O reads just the slice
            async with self.store.engine.connect() as c:
                rowid = (await c.execute(sa.select(sa.literal_column("rowid")).select_from(t.assets)
                                         .where(*where))).scalar()
            if rowid is None:
                raise NotFound("the asset was removed while it was being read")
            for start in range(0, size, ASSET_CHUNK_BYTES):
                yield await asyncio.to_thread(_read_blob_slice, path, int(rowid), start, ASSET_CHUNK_BYTES)
            return
        for start in range(0, size, ASSET_CHUNK_BYTES):
            async with self.store.engine.connect() as c:
                part = (await c.execute(sa.select(sa.func.substr(t.assets.c.content, start + 1, ASSET_CHUNK_BYTES))
                                        .where(*where))).scalar()
            if part is None:
                raise NotFound("the asset was removed while it was being read")
            yield bytes(part)

    async def secret_asset(self, token: str) -> tuple[str, AsyncIterator[bytes]]:
        token = token.removesuffix(".png")
        if not token or len(token) > 200:
            raise NotFound("asset not found")
        where = (t.assets.c.token_hash == _hash(token),)
        async with self.store.engine.connect() as c:
            a = (await c.execute(sa.select(sa.func.length(t.assets.c.content).label("size"), t.assets.c.content_type,
                                           t.assets.c.expires_at).where(*where))).first()
        if a is None:
            raise NotFound("asset not found")
        if a.expires_at and a.expires_at < now_iso():
            raise Unauthenticated("this asset link has expired")
        if a.content_type != CHART_PAYLOAD_CONTENT_TYPE:
            return a.content_type, self._asset_chunks(where, int(a.size or 0))
        async with self.store.engine.connect() as c:  # a chart's payload is small: render it whole
            payload = (await c.execute(sa.select(t.assets.c.content).where(*where))).scalar()
        if payload is None:
            raise NotFound("asset not found")
        png = await asyncio.to_thread(render_chart_payload, bytes(payload))
        try:  # keep the rendering for the next download
            async with self.store.engine.begin() as c:
                await c.execute(t.assets.update().where(t.assets.c.token_hash == _hash(token)).values(
                    content=png, content_type=PNG_CONTENT_TYPE))
        except OperationalError:
            log.warning("could not cache a rendered chart (store not writable)")
        return PNG_CONTENT_TYPE, _one(png)

    # ---- export ------------------------------------------------------------------
    async def export(self, p: Principal, start: str, end: str, fmt: str) -> AsyncIterator[bytes]:
        """Stream chats whose creation falls in [start, end): pages of chats, flat memory. Same rule
        as every other read of other users' chats (``_check_may_read_others``, ``_may_see_history``)."""
        require_role(p, "admin", "modeler")
        await self._check_may_read_others(p, "")
        today = date.today()
        try:
            d0 = date.fromisoformat(start) if start else today - timedelta(days=14)
            d1 = date.fromisoformat(end) if end else today + timedelta(days=1)
        except ValueError:
            raise InvalidArgument("start_date and end_date must be dates as YYYY-MM-DD") from None
        if d1 < d0:
            raise InvalidArgument("end_date must not be before start_date")
        if fmt not in ("json", "csv"):
            raise InvalidArgument("format must be json or csv")
        return self._export_stream(p, d0.isoformat(), d1.isoformat(), fmt)

    async def _export_stream(self, p: Principal, start: str, end: str, fmt: str) -> AsyncIterator[bytes]:
        buf = io.StringIO()
        writer = csv.writer(buf) if fmt == "csv" else None
        if writer is not None:
            writer.writerow(["chat_id", "title", "email", "created_at", "updated_at", "num_messages", "labels",
                             "feedback", "extra", "status", "messages"])
        else:
            buf.write("[")
        first = True
        last: tuple[str, int] = ("", 0)
        while True:
            async with self.store.engine.connect() as c:
                q = sa.select(t.chats).where(t.chats.c.org_id == p.org_id, t.chats.c.created_at >= start,
                                             t.chats.c.created_at < end)
                q = q.where(sa.or_(t.chats.c.created_at > last[0],
                                   sa.and_(t.chats.c.created_at == last[0], t.chats.c.seq > last[1])))
                chats = (await c.execute(q.order_by(t.chats.c.created_at, t.chats.c.seq).limit(EXPORT_PAGE))
                         ).mappings().all()
                if not chats:
                    break
                last = (chats[-1]["created_at"], chats[-1]["seq"])
                # chat_id IN and owner_id IN use the primary key's (org_id, chat_id, owner_id) prefix;
                # the exact (owner, chat) pairs are picked below
                wanted = {(r["user_id"], r["chat_id"]) for r in chats}
                ids, owners = {cid for _, cid in wanted}, {owner for owner, _ in wanted}
                msgs: dict[tuple[str, str], list[dict[str, Any]]] = {}
                for owner, cid, mj in (await c.execute(sa.select(
                        t.messages.c.owner_id, t.messages.c.chat_id, t.messages.c.message_json).where(
                        t.messages.c.org_id == p.org_id, t.messages.c.chat_id.in_(ids), t.messages.c.owner_id.in_(owners))
                        .order_by(t.messages.c.chat_id, t.messages.c.owner_id, t.messages.c.position))).all():
                    if (owner, cid) in wanted:
                        msgs.setdefault((owner, cid), []).append(json.loads(mj))
                fb: dict[tuple[str, str], list[dict[str, Any]]] = {}
                for owner, cid, pos, pos_ok, desc, by in (await c.execute(sa.select(
                        t.feedback.c.owner_id, t.feedback.c.chat_id, t.feedback.c.position, t.feedback.c.positive,
                        t.feedback.c.description, t.feedback.c.user_id
                ).where(t.feedback.c.org_id == p.org_id, t.feedback.c.chat_id.in_(ids),
                        t.feedback.c.owner_id.in_(owners)))).all():
                    if (owner, cid) not in wanted:
                        continue
                    fb.setdefault((owner, cid), []).append({
                        "message_position": pos, "feedback": "Success" if pos_ok else "Problem", "description": desc,
                        "user_id": by})
            for r in chats:
                if not self._may_see_history(p, r):
                    continue
                rec = {"chat_id": r["chat_id"], "title": r["title"], "email": r["user_email"],
                       "created_at": r["created_at"], "updated_at": r["updated_at"], "num_messages": r["num_messages"],
                       "labels": json.loads(r["labels_json"]), "feedback": fb.get((r["user_id"], r["chat_id"]), []),
                       "extra": r["extra"], "status": r["status"], "mode": r["mode"], "user_id": r["user_id"],
                       "messages": msgs.get((r["user_id"], r["chat_id"]), [])}
                if writer is not None:
                    cells = [rec["chat_id"], rec["title"], rec["email"], rec["created_at"], rec["updated_at"],
                             rec["num_messages"], json.dumps(rec["labels"]), json.dumps(rec["feedback"]),
                             rec["extra"] or "", rec["status"], json.dumps(rec["messages"], default=str)]
                    writer.writerow([neutralise_cell(v) if isinstance(v, str) else v for v in cells])
                else:
                    buf.write(("" if first else ",") + json.dumps(rec, default=str))
                first = False
                if buf.tell() >= CHUNK_BYTES:
                    yield buf.getvalue().encode()
                    buf.seek(0)
                    buf.truncate()
            if len(chats) < EXPORT_PAGE:
                break
        if writer is None:
            buf.write("]")
        yield buf.getvalue().encode()


_NEXT_SEQ = sa.select(sa.func.coalesce(sa.func.max(t.chats.c.seq), 0) + 1).scalar_subquery()
# The statements of every answer, built once and executed with their values as parameters: building a
# statement with ``.values(...)`` and its cache key per call cost more CPU than running it on SQLite.
# ``_KEY_WHERE`` is ``_key`` with bound parameters (``_key_params`` gives their values).
_KEY_WHERE = (t.chats.c.org_id == sa.bindparam("k_org"), t.chats.c.user_id == sa.bindparam("k_owner"),
              t.chats.c.chat_id == sa.bindparam("k_chat"))
_INSERT_CHAT = t.chats.insert().values(seq=_NEXT_SEQ).returning(t.chats.c.seq)  # the new chat takes max(seq) + 1
_UPDATE_CHAT = t.chats.update().where(*_KEY_WHERE)  # SET: the columns named by the parameters
_INSERT_MESSAGE = t.messages.insert()
_HISTORY = sa.select(t.messages.c.message_json).where(  # a chat's messages, in order (``_history`` with parameters)
    t.messages.c.org_id == sa.bindparam("k_org"), t.messages.c.owner_id == sa.bindparam("k_owner"),
    t.messages.c.chat_id == sa.bindparam("k_chat")).order_by(t.messages.c.position)
_INSERT_ASSET = t.assets.insert()


def _key_params(org: str, owner: str, chat_id: str) -> dict[str, str]:
    """The values of ``_KEY_WHERE``."""
    return {"k_org": org, "k_owner": owner, "k_chat": chat_id}


def _key(org: str, owner: str, chat_id: str, table: sa.Table = t.chats) -> tuple[Any, ...]:
    """Where-clauses of one chat (or its rows in ``table``): chat ids are scoped to their owner."""
    owner_col = table.c.user_id if table is t.chats else table.c.owner_id
    return table.c.org_id == org, owner_col == owner, table.c.chat_id == chat_id


def _listed_version(listing: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] | None, cid: str) -> int:
    """``cid``'s catalog version in the asker's listing when it has already come (a follow-up in the chat's
    connection does not wait for it); 0 otherwise, and knowledge reads the connection's row."""
    if listing is None or not listing.done() or listing.cancelled() or listing.exception() is not None:
        return 0
    return next((c.catalog_version for c in listing.result().connections if c.connection_id == cid), 0)


@dataclass(frozen=True)
class _EarlySearch:
    question: str  # as searched (without a connection pin)
    task: asyncio.Future[knowledge_pb2.SearchResponse]
    # the connections the asker can see (routing's other input; None: a connection was named)
    listing: asyncio.Future[knowledge_pb2.ListVisibleConnectionsResponse] | None = None

    def cancel(self) -> None:
        self.task.cancel()
        if self.listing is not None:
            self.listing.cancel()


def _retrieved(task: asyncio.Future[Any]) -> None:
    """A search started early may end unused: its failure is read here (not logged as never retrieved)."""
    if not task.cancelled():
        task.exception()


def _forget(tasks: set[asyncio.Task[Any]]) -> Callable[[asyncio.Task[Any]], None]:
    def done(task: asyncio.Task[Any]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("a shielded store write failed: %s", type(task.exception()).__name__)
    return done


def _failure_message(chat_id: str, text: str, base_url: str = "") -> dict[str, Any]:
    return {"role": "assistant", "content": text,
            "additional_data": {"formatted_result": [{"type": "text", "data": text}], "assets": {},
                                "dot_url": f"{base_url}/?c={quote(chat_id, safe='')}", "chat_id": chat_id},
            "suggested_follow_ups": []}


def _explain(exc: DomainError) -> str:
    detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
    if exc.code == "query_refused":
        return f"I could not run the query: it was refused by the query guard ({detail})."
    if exc.code == "not_found":
        return f"I cannot answer yet: {detail}"
    if exc.code in ("unavailable", "timeout"):
        return f"I could not finish the answer: {detail}. Please try again."
    return f"I could not answer that: {detail}"


__all__ = ["ConversationDomain", "AnswerPart"]


def _result_rows(answer: AnalystAnswer) -> int:
    """The rows of every query result in the answer (what rendering it costs grows with)."""
    return sum(len(part.result.rows) for part in answer.parts if part.result is not None)


def tables_used(answer: AnalystAnswer, dialect: str) -> list[str]:
    """The warehouse tables the answer's queries read (CTE names excluded), in order of first use."""
    out: list[str] = []
    for part in answer.parts:
        if part.kind != "query" or part.result is None or not part.result.sql:
            continue
        for name in _tables_of(part.result.sql, dialect):
            if name not in out:
                out.append(name)
    return out


# (dialect, SQL) -> the tables it reads: a pure function of the text, which the same question's answer repeats
# (asked again, by anyone, on the same schema); SQL is parsed on the event loop, so each repeat saved is CPU there
_TABLES_OF: Lru[tuple[str, str], tuple[str, ...]] = Lru(512)
_TABLES_OF_MAX_SQL = 4_000  # longer SQL is parsed each time (bounds the memory the memo holds)


def _tables_of(sql: str, dialect: str) -> tuple[str, ...]:
    """The tables one SQL statement reads (CTE names excluded), in order of first use; () when it does not parse."""
    key = (dialect, sql)
    hit = _TABLES_OF.get(key)
    if hit is not None:
        return hit
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except sqlglot.errors.ParseError:
        names: tuple[str, ...] = ()
    else:
        ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
        names = tuple(dict.fromkeys(t.name for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes))
    if len(sql) <= _TABLES_OF_MAX_SQL:
        _TABLES_OF.put(key, names)
    return names


WHICH_CONNECTION = "More than one connected warehouse could answer this"
# A reply to that question that only names a connection: "east", "the east one", "use connection 'east'".
CONNECTION_REPLY_RE = re.compile(r"^\s*(?:(?:use|in|on|from|the)\s+)?(?:connection\s+)?['\"]?([A-Za-z0-9_.:-]{1,120})['\"]?"
                                 r"(?:\s+(?:one|connection|please))?\s*[.!?]?\s*$", re.IGNORECASE)


def _reply_to_which(history: list[dict[str, Any]]) -> tuple[str, str]:
    """(the question asked before, the connection named) when the last message answers a connection
    clarification with a connection's name alone; ('', '') otherwise."""
    if len(history) < 3 or history[-3].get("role") != "user" or history[-2].get("role") != "assistant":
        return "", ""
    if not str(history[-2].get("content", "")).startswith(WHICH_CONNECTION):
        return "", ""
    m = CONNECTION_REPLY_RE.match(str(history[-1].get("content", "")))
    return (split_pin(str(history[-3].get("content", "")))[0], m.group(1)) if m else ("", "")


def _which_connection(question: str, choice: Choice, state: dict[str, Any]) -> AnalystAnswer:
    """Two or more connections fit the question about equally: ask which one, never guess (a wrong
    warehouse answers with confidence). Each suggested follow-up pins one of them."""
    names = [f"'{cid}'" for cid in choice.tied]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    what = f" ({', '.join(choice.named[:4])})" if choice.named else ""
    text = (f"{WHICH_CONNECTION}: {listed} all have what the question "
            f"names{what}. Which one do you mean?")
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=text)],
                         suggested_follow_ups=[pinned(question, cid) for cid in choice.tied],
                         understood=False, state=state)
