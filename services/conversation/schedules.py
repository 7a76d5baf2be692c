"""Scheduled reports: a chat's question re-asked on a schedule, mailed with its table (CSV) and chart (PNG).

Each run asks the chat's last question again, as the chat's owner with their current role and
groups (read from auth at run time), on the chat's connection, against fresh data. A job whose
owner is gone or deactivated, or whose connection the owner can no longer see, stops with the
reason recorded; three failed runs in a row stop it too. Jobs are claimed with a conditional
update of ``next_run_at``, so several replicas never run one occurrence twice, and leased in the
same transaction (services/common/jobs.py), so an occurrence whose replica dies is run by another.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import sqlalchemy as sa

from dot.v1 import auth_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import BadRequest, DomainError, InvalidArgument, NotFound, Unavailable
from services.common.identity import InternalTokens
from services.common.jobs import Job as LeasedJob
from services.common.jobs import Jobs, LeaseLost
from services.common.mail import Attachment, send_mail
from services.common.principal import Principal
from services.common.remote_identity import ForwardedIdentity, service_metadata
from services.common.schedule import Schedule
from services.common.store import Store, write_error
from services.conversation import charts
from services.conversation import tables as t
from services.conversation.assets import result_to_csv_bytes
from services.conversation.engine.types import Analyst, AnalystAnswer, QueryResult
from services.conversation.toolbox import KnowledgeToolbox

log = logging.getLogger(__name__)
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")
MAX_RECIPIENTS = 20
MAX_JOBS_PER_CHAT = 10
MAX_FAILURES_IN_A_ROW = 3
MAX_CSV_BYTES = 5_000_000


class Clock:
    """The scheduler's time. ``DOT_CLOCK_FILE`` (an ISO timestamp in a file) sets it from outside,
    so operators can dry-run schedules and tests can move time; unset, it is the system clock."""

    def __init__(self, path: str | None = None) -> None:
        self.path = Path(path) if path else None

    def now(self) -> datetime:
        if self.path is not None:
            try:
                return datetime.fromisoformat(self.path.read_text().strip()).astimezone(UTC)
            except (OSError, ValueError):
                log.warning("DOT_CLOCK_FILE %s is unreadable; using the system clock", self.path)
        return datetime.now(UTC)


def check_recipients(recipients: list[str]) -> list[str]:
    cleaned = [r.strip() for r in recipients if r.strip()]
    if not 1 <= len(cleaned) <= MAX_RECIPIENTS:
        raise InvalidArgument(f"give 1-{MAX_RECIPIENTS} recipients")
    bad = [r for r in cleaned if not EMAIL_RE.match(r)]
    if bad:
        raise InvalidArgument(f"not an e-mail address: {bad[0][:100]}")
    return list(dict.fromkeys(cleaned))


def check_type(kind: str) -> None:
    if (kind or "email") != "email":
        raise InvalidArgument(f"report type '{kind[:40]}' is not supported by this server: use 'email'")


@dataclass(frozen=True)
class Job:
    id: str
    chat_id: str
    recipients: list[str]
    schedule: Schedule
    type: str
    status: str
    stop_reason: str
    next_run_at: str
    created_at: str
    owner_email: str


@dataclass(frozen=True)
class JobRun:
    id: str
    job_id: str
    status: str  # sent | failed | stopped
    detail: str
    started_at: str
    finished_at: str
    recipients: list[str]


class AccessLost(Exception):
    """The owner can no longer run this report (the job stops)."""


def _job(row: sa.RowMapping) -> Job:
    return Job(row["id"], row["chat_id"], json.loads(row["recipients_json"]),
               Schedule.from_json(json.loads(row["schedule_json"])), row["type"], row["status"], row["stop_reason"],
               row["next_run_at"], row["created_at"], row["owner_email"])


def _run(row: sa.RowMapping) -> JobRun:
    return JobRun(row["id"], row["job_id"], row["status"], row["detail"], row["started_at"], row["finished_at"],
                  json.loads(row["recipients_json"]))


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds")


class ScheduleDomain:
    """Jobs and their runs, and the loop that runs due jobs."""

    def __init__(self, store: Store, clients: Clients, tokens: InternalTokens, engine: Analyst, *,
                 smtp_url: str | None, public_url: str | None, clock: Clock, jobs: Jobs | None = None) -> None:
        self.jobs = jobs or Jobs(store, t.leased_jobs)  # a report whose replica dies is sent by another
        self.store = store
        self.clients = clients
        self.tokens = tokens
        self.engine = engine
        self.smtp_url = smtp_url
        self.public_url = (public_url or "").rstrip("/")
        self.clock = clock

    # ---- jobs ------------------------------------------------------------------------------
    async def _own_chat(self, p: Principal, chat_id: str) -> sa.RowMapping:
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.chats).where(t.chats.c.org_id == p.org_id, t.chats.c.chat_id == chat_id,
                                                            t.chats.c.user_id == p.user_id))).mappings().first()
        if row is None:
            raise NotFound(f"chat '{chat_id[:200]}' not found")
        return row

    async def add_job(self, p: Principal, chat_id: str, recipients: list[str], schedule: Schedule,
                      kind: str) -> Job:
        check_type(kind)
        self._require_mail()
        recipients = check_recipients(recipients)
        schedule = schedule.validated()
        await self._own_chat(p, chat_id)
        now = self.clock.now()
        job = Job("job_" + secrets.token_hex(8), chat_id, recipients, schedule, "email", "active", "",
                  iso(schedule.next_after(now)), iso(now), p.email)
        try:
            async with self.store.engine.begin() as c:
                n = (await c.execute(sa.select(sa.func.count()).select_from(t.jobs).where(
                    t.jobs.c.org_id == p.org_id, t.jobs.c.chat_id == chat_id,
                    t.jobs.c.owner_user_id == p.user_id))).scalar_one()
                if n >= MAX_JOBS_PER_CHAT:
                    raise InvalidArgument(f"a chat has at most {MAX_JOBS_PER_CHAT} scheduled reports")
                await c.execute(t.jobs.insert().values(
                    org_id=p.org_id, id=job.id, chat_id=chat_id, owner_user_id=p.user_id, owner_email=p.email,
                    recipients_json=json.dumps(recipients), schedule_json=json.dumps(schedule.to_json()),
                    type="email", status="active", stop_reason="", failures=0, next_run_at=job.next_run_at,
                    created_at=job.created_at))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc
        return job

    def _require_mail(self) -> None:
        if not self.smtp_url:
            raise BadRequest("scheduled reports need mail, and this server has none: set DOT_SMTP_URL")

    async def remove_job(self, p: Principal, chat_id: str, job_id: str) -> None:
        try:
            async with self.store.engine.begin() as c:
                r = await c.execute(t.jobs.delete().where(
                    t.jobs.c.org_id == p.org_id, t.jobs.c.id == job_id, t.jobs.c.chat_id == chat_id,
                    t.jobs.c.owner_user_id == p.user_id))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc
        if not r.rowcount:
            raise NotFound(f"job '{job_id[:60]}' not found for chat '{chat_id[:200]}'")

    async def list_jobs(self, p: Principal, chat_id: str) -> list[Job]:
        q = sa.select(t.jobs).where(t.jobs.c.org_id == p.org_id, t.jobs.c.owner_user_id == p.user_id)
        if chat_id:
            q = q.where(t.jobs.c.chat_id == chat_id)
        async with self.store.engine.connect() as c:
            return [_job(r) for r in (await c.execute(q.order_by(t.jobs.c.created_at, t.jobs.c.id))).mappings()]

    async def list_runs(self, p: Principal, job_id: str) -> list[JobRun]:
        async with self.store.engine.connect() as c:
            owned = (await c.execute(sa.select(t.jobs.c.id).where(
                t.jobs.c.org_id == p.org_id, t.jobs.c.id == job_id, t.jobs.c.owner_user_id == p.user_id))).first()
            if owned is None:
                raise NotFound(f"job '{job_id[:60]}' not found")
            rows = (await c.execute(sa.select(t.job_runs).where(
                t.job_runs.c.org_id == p.org_id, t.job_runs.c.job_id == job_id).order_by(
                t.job_runs.c.started_at.desc(), t.job_runs.c.id))).mappings().all()
        return [_run(r) for r in rows]

    async def test_job(self, p: Principal, chat_id: str, recipients: list[str], kind: str) -> JobRun:
        """Send the report once, now (as the caller, who must own the chat)."""
        check_type(kind)
        self._require_mail()
        recipients = check_recipients(recipients)
        chat = await self._own_chat(p, chat_id)
        started = self.clock.now()
        try:
            detail = await self._deliver(p, chat, recipients, "a test of this report")
            status = "sent"
        except AccessLost as exc:
            status, detail = "stopped", str(exc)
        except DomainError as exc:
            status, detail = "failed", str(exc.detail)
        run = JobRun("run_" + secrets.token_hex(8), "", status, detail, iso(started), iso(self.clock.now()),
                     recipients)
        await self._record(p.org_id, run)
        return run

    # ---- running ---------------------------------------------------------------------------
    async def run_forever(self, interval_s: float) -> None:
        """The scheduler loop (a task of the conversation service)."""
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the loop must outlive one bad tick
                log.exception("scheduler tick failed")
            await asyncio.sleep(interval_s)

    async def tick(self) -> int:
        """Run every due job once; returns how many ran."""
        now = self.clock.now()
        async with self.store.engine.connect() as c:
            due = (await c.execute(sa.select(t.jobs).where(t.jobs.c.status == "active",
                                                           t.jobs.c.next_run_at <= iso(now))
                                   .order_by(t.jobs.c.next_run_at).limit(100))).mappings().all()
        ran = 0
        for row in due:
            job = _job(row)
            following = iso(job.schedule.next_after(now))
            async with self.store.engine.begin() as c:  # claim: only one replica wins this occurrence
                claimed = await c.execute(t.jobs.update().where(
                    t.jobs.c.org_id == row["org_id"], t.jobs.c.id == job.id, t.jobs.c.status == "active",
                    t.jobs.c.next_run_at == row["next_run_at"]).values(next_run_at=following))
                lease = await self.jobs.start("report", f"{row['org_id']}/{job.id}",
                                              {"org": row["org_id"], "report_id": job.id}, conn=c) \
                    if claimed.rowcount else None
            if lease is not None:
                try:
                    async with self.jobs.holding(lease):
                        await self._run_job(row, job)
                except LeaseLost:
                    pass  # another replica took this occurrence over
                ran += 1
        return ran

    async def resume_report(self, lease: LeasedJob) -> None:
        """Run an occurrence whose replica died before it finished (JobRunner)."""
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.jobs).where(t.jobs.c.org_id == lease.payload["org"],
                                                           t.jobs.c.id == lease.payload["report_id"])
                                   )).mappings().first()
        if row is not None and row["status"] == "active":
            await self._run_job(row, _job(row))

    async def _run_job(self, row: sa.RowMapping, job: Job) -> None:
        org = row["org_id"]
        started = self.clock.now()
        stop_reason = ""
        failures = int(row["failures"])
        try:
            owner = await self._owner(org, row["owner_user_id"])
            async with self.store.engine.connect() as c:
                chat = (await c.execute(sa.select(t.chats).where(
                    t.chats.c.org_id == org, t.chats.c.chat_id == job.chat_id,
                    t.chats.c.user_id == owner.user_id))).mappings().first()
            if chat is None:
                raise AccessLost("the chat no longer exists")
            detail = await self._deliver(owner, chat, job.recipients, job.schedule.describe())
            status, failures = "sent", 0
        except AccessLost as exc:
            status, detail, stop_reason = "stopped", str(exc), str(exc)
        except DomainError as exc:
            status, detail, failures = "failed", str(exc.detail), failures + 1
            if failures >= MAX_FAILURES_IN_A_ROW:
                stop_reason = f"stopped after {failures} failed runs in a row; last: {detail}"
        run = JobRun("run_" + secrets.token_hex(8), job.id, status, detail, iso(started), iso(self.clock.now()),
                     job.recipients)
        await self._record(org, run)
        values: dict[str, Any] = {"failures": failures}
        if stop_reason:
            values |= {"status": "stopped", "stop_reason": stop_reason}
        async with self.store.engine.begin() as c:
            await c.execute(t.jobs.update().where(t.jobs.c.org_id == org, t.jobs.c.id == job.id).values(**values))
        log.info("scheduled report %s: %s", job.id, status)

    async def _owner(self, org: str, user_id: str) -> Principal:
        """The chat owner as they are now (role, groups, status), read from auth."""
        try:
            r = await self.clients.auth.GetUser(auth_pb2.GetUserRequest(email_or_id=user_id),
                                                metadata=service_metadata(self.tokens, "conversation", org), timeout=10)
        except grpc.aio.AioRpcError as exc:
            err = grpc_errors.decode(exc)
            if err.code == "not_found":
                raise AccessLost("the chat's owner no longer exists") from None
            raise err from None
        u = r.user
        if u.status != "active":
            raise AccessLost(f"the chat's owner {u.email} is {u.status or 'not active'}")
        return Principal(user_id=u.id, email=u.email, org_id=u.org_id or org, role=u.role,
                         groups=tuple(u.groups), token_kind="job", realname=u.realname)

    async def _deliver(self, owner: Principal, chat: sa.RowMapping, recipients: list[str],
                       when: str) -> str:
        """Answer the chat's last question afresh as ``owner`` and mail it; returns a delivery note."""
        question = await self._question(chat)
        asker = ForwardedIdentity(self.tokens, self.clients, owner)  # refreshed if the answer runs long
        toolbox = KnowledgeToolbox(self.clients, asker.metadata, chat["connection_id"] or "", org_id=owner.org_id,
                                   question=question)
        fresh = asyncio.create_task(asker.keep_fresh())
        try:
            try:
                await toolbox.schema()
            except DomainError as exc:
                if exc.code in ("not_found", "permission_denied"):
                    raise AccessLost(f"{owner.email} can no longer use the chat's connection: {exc.detail}") from None
                raise
            answer = await self.engine.answer(question, toolbox=toolbox, history=[], state={},
                                              mode=chat["mode"] or "balanced", deep=False)
        finally:
            fresh.cancel()
        text, attachments = await asyncio.to_thread(_render, answer)
        if not answer.understood or not attachments:
            raise Unavailable("the question no longer gives a table on this data: " + (text[:300] or "no answer"))
        link = f"{self.public_url}/?c={chat['chat_id']}" if self.public_url else ""
        body = (f"{question}\n\n{text}\n\n" + (f"Open the chat: {link}\n\n" if link else "") +
                f"This report runs {when}; {owner.email} scheduled it in Dot.\n")
        await send_mail(self.smtp_url or "", recipients, f"Dot report: {chat['title'] or question}"[:200], body,
                        attachments)
        return f"sent to {len(recipients)} recipient(s) with " + ", ".join(a.filename for a in attachments)

    async def _question(self, chat: sa.RowMapping) -> str:
        async with self.store.engine.connect() as c:
            q = (await c.execute(sa.select(t.messages.c.content).where(
                t.messages.c.org_id == chat["org_id"], t.messages.c.chat_id == chat["chat_id"],
                t.messages.c.owner_id == chat["user_id"], t.messages.c.role == "user")
                .order_by(t.messages.c.position.desc()).limit(1))).scalar()
        if not q:
            raise AccessLost("the chat has no question to re-ask")
        return str(q)

    async def _record(self, org: str, run: JobRun) -> None:
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.job_runs.insert().values(
                    org_id=org, id=run.id, job_id=run.job_id, status=run.status, detail=run.detail[:2000],
                    started_at=run.started_at, finished_at=run.finished_at,
                    recipients_json=json.dumps(run.recipients)))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc


def _render(answer: AnalystAnswer) -> tuple[str, list[Attachment]]:
    """The answer's text, its first table as CSV and that table's chart as PNG (CPU-bound: a thread)."""
    text = "\n\n".join(p.text.strip() for p in answer.parts if p.kind == "text" and p.text.strip())
    part = next((p for p in answer.parts if p.kind == "query" and p.result is not None), None)
    if part is None or part.result is None:
        return text, []
    result: QueryResult = part.result
    attachments = [Attachment("report.csv", "text/csv", result_to_csv_bytes(result.columns, result.rows)[:MAX_CSV_BYTES])]
    spec = charts.choose_chart(result, part.chart)
    if spec is not None:
        attachments.append(Attachment("chart.png", "image/png", charts.render_png(result, spec)))
    return text, attachments
