"""Evaluations: named question sets with expected SQL or rows, and runs that score the analyst on them.

A run asks every question of an evaluation through the same engine and guarded query path as
a chat, under the identity of whoever started it (so it honours their groups and row filters),
on the evaluation's connection, and scores each answer by execution match
(``services.conversation.scoring``). Runs are background work; one run per evaluation is active
at a time. A run that cannot complete (the connection is gone, the service restarted) ends with
verdict ``error``, never a misleading 0%.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.common.clients import Clients
from services.common.errors import Conflict, DomainError, InvalidArgument, NotFound
from services.common.identity import InternalTokens, require_role
from services.common.jobs import Job, Jobs, LeaseLost
from services.common.principal import Principal
from services.common.remote_identity import ForwardedIdentity, as_metadata
from services.common.store import Store, write_error
from services.conversation import tables as t
from services.conversation.engine.types import Analyst, QueryResult
from services.conversation.scoring import is_ordered, results_match
from services.conversation.toolbox import KnowledgeToolbox

log = logging.getLogger(__name__)
MAX_QUESTIONS = 500
MAX_QUESTION_CHARS = 2_000
MAX_SQL_CHARS = 20_000
MAX_EXPECTED_ROWS = 10_000
MAX_NAME_CHARS = 200
TRIGGERS = ("api", "ci", "schedule", "ui")
INTERRUPTED = "the run was interrupted (the service restarted) before it finished"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Question:
    """One evaluation question: expected SQL, or expected rows (``expected_rows`` not None)."""

    question: str
    expected_sql: str = ""
    expected_rows: list[list[Any]] | None = None

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"question": self.question}
        if self.expected_rows is not None:
            doc["expected_rows"] = self.expected_rows
        else:
            doc["expected_sql"] = self.expected_sql
        return doc


def validate_questions(questions: list[Question]) -> list[Question]:
    if not questions:
        raise InvalidArgument("an evaluation needs at least one question")
    if len(questions) > MAX_QUESTIONS:
        raise InvalidArgument(f"an evaluation has at most {MAX_QUESTIONS} questions")
    out = []
    for i, q in enumerate(questions):
        text = q.question.strip()
        if not text or len(text) > MAX_QUESTION_CHARS:
            raise InvalidArgument(f"questions[{i}].question must be 1-{MAX_QUESTION_CHARS} characters")
        if q.expected_rows is None:
            if not q.expected_sql.strip() or len(q.expected_sql) > MAX_SQL_CHARS:
                raise InvalidArgument(f"questions[{i}] needs expected_sql (1-{MAX_SQL_CHARS} characters) or "
                                      "expected_rows")
        else:
            rows = q.expected_rows
            if q.expected_sql.strip():
                raise InvalidArgument(f"questions[{i}] gives both expected_sql and expected_rows: give one")
            if len(rows) > MAX_EXPECTED_ROWS or not all(isinstance(r, list) for r in rows):
                raise InvalidArgument(f"questions[{i}].expected_rows must be a list of at most "
                                      f"{MAX_EXPECTED_ROWS} rows, each a list of values")
            if any(isinstance(v, (dict, list)) for r in rows for v in r):
                raise InvalidArgument(f"questions[{i}].expected_rows values must be numbers, text, booleans or null")
        out.append(Question(text, q.expected_sql.strip(), q.expected_rows))
    return out


@dataclass(frozen=True)
class Evaluation:
    id: str
    name: str
    connection_id: str
    questions: list[Question]
    created_by: str
    created_at: str
    updated_at: str
    last_run_id: str = ""


@dataclass(frozen=True)
class RunResult:
    question: str
    verdict: str  # pass | fail | error | pending
    reason: str = ""
    sql: str = ""


@dataclass(frozen=True)
class Run:
    id: str
    evaluation_id: str
    status: str  # running | finished | error
    trigger: str
    started_by: str
    results: list[RunResult]
    error: str
    created_at: str
    finished_at: str

    @property
    def finished(self) -> bool:
        return self.status != "running"

    def summary(self) -> dict[str, int]:
        counts = {"total": len(self.results), "pass": 0, "fail": 0, "error": 0, "pending": 0}
        for r in self.results:
            counts[r.verdict] += 1
        return counts

    @property
    def verdict(self) -> str:
        if self.status == "error":
            return "error"
        if self.status == "running":
            return "pending"
        return "pass" if all(r.verdict == "pass" for r in self.results) else "fail"


def _evaluation(row: sa.RowMapping, last_run_id: str = "") -> Evaluation:
    qs = [Question(q["question"], q.get("expected_sql", ""), q.get("expected_rows"))
          for q in json.loads(row["questions_json"])]
    return Evaluation(row["id"], row["name"], row["connection_id"], qs, row["created_by"], row["created_at"],
                      row["updated_at"], last_run_id)


def _run(row: sa.RowMapping) -> Run:
    results = [RunResult(**r) for r in json.loads(row["results_json"])]
    return Run(row["id"], row["evaluation_id"], row["status"], row["trigger"], row["started_by"], results,
               row["error"], row["created_at"], row["finished_at"] or "")


class EvaluationDomain:
    """Evaluations and their runs (admins and modelers)."""

    def __init__(self, store: Store, clients: Clients, tokens: InternalTokens, engine: Analyst,
                 jobs: Jobs | None = None) -> None:
        self.store = store
        self.jobs = jobs or Jobs(store, t.leased_jobs)  # runs under leases: another replica finishes a dead one's
        self.clients = clients
        self.tokens = tokens
        self.engine = engine
        self.tasks: set[asyncio.Task[None]] = set()

    async def recover(self) -> int:
        """Runs left running by a dead process end as errors (they can be started again), except
        runs held by a job: a JobRunner finishes those (resume_run)."""
        held = sa.select(t.leased_jobs.c.id).where(t.leased_jobs.c.kind == "evaluation_run", t.leased_jobs.c.status == "running")
        stale_runs = sa.and_(t.evaluation_runs.c.status == "running", t.evaluation_runs.c.id.not_in(held))
        async with self.store.engine.connect() as c:  # read first: a read-only store must still start
            stale = (await c.execute(sa.select(sa.func.count()).select_from(t.evaluation_runs).where(
                stale_runs))).scalar_one()
        if not stale:
            return 0
        async with self.store.engine.begin() as c:
            await c.execute(t.evaluation_runs.update().where(stale_runs).values(
                status="error", error=INTERRUPTED, finished_at=now_iso()))
        return int(stale)

    async def resume_run(self, job: Job) -> None:
        """Run again, from its first question, a run whose replica died (JobRunner)."""
        p = Principal.decode(base64.b64decode(job.payload["principal"]))
        async with self.store.engine.connect() as c:
            status = (await c.execute(sa.select(t.evaluation_runs.c.status).where(
                t.evaluation_runs.c.id == job.id))).scalar()
        if status != "running":
            return
        try:
            evaluation = await self.get(p, job.payload["evaluation_id"])
        except NotFound:
            await self._save(p.org_id, job.id, [], "error", "the evaluation was deleted while it ran")
            return
        await self._execute(p, job.id, evaluation)

    async def abandon_run(self, job: Job) -> None:
        p = Principal.decode(base64.b64decode(job.payload["principal"]))
        async with self.store.engine.begin() as c:
            await c.execute(t.evaluation_runs.update().where(
                t.evaluation_runs.c.id == job.id, t.evaluation_runs.c.org_id == p.org_id,
                t.evaluation_runs.c.status == "running").values(status="error", error=INTERRUPTED,
                                                                finished_at=now_iso()))

    # ---- evaluations -------------------------------------------------------------------
    async def create(self, p: Principal, name: str, connection_id: str,
                     questions: list[Question]) -> Evaluation:
        require_role(p, "admin", "modeler")
        name, connection_id, questions = self._checked(name, connection_id, questions)
        now = now_iso()
        eid = "evl_" + secrets.token_hex(8)
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.evaluations.insert().values(
                    org_id=p.org_id, id=eid, name=name, connection_id=connection_id,
                    questions_json=json.dumps([q.to_json() for q in questions]), created_by=p.email,
                    created_at=now, updated_at=now))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc
        return Evaluation(eid, name, connection_id, questions, p.email, now, now)

    @staticmethod
    def _checked(name: str, connection_id: str, questions: list[Question]) -> tuple[str, str, list[Question]]:
        name, connection_id = name.strip(), connection_id.strip()
        if not name or len(name) > MAX_NAME_CHARS:
            raise InvalidArgument(f"name must be 1-{MAX_NAME_CHARS} characters")
        if not connection_id or len(connection_id) > 120:
            raise InvalidArgument("connection_id is required (at most 120 characters)")
        return name, connection_id, validate_questions(questions)

    async def list(self, p: Principal) -> list[Evaluation]:
        require_role(p, "admin", "modeler")
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.evaluations).where(t.evaluations.c.org_id == p.org_id)
                                    .order_by(t.evaluations.c.created_at, t.evaluations.c.id))).mappings().all()
            last = await self._last_runs(c, p.org_id)
        return [_evaluation(r, last.get(r["id"], "")) for r in rows]

    async def get(self, p: Principal, evaluation_id: str) -> Evaluation:
        require_role(p, "admin", "modeler")
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.evaluations).where(
                t.evaluations.c.org_id == p.org_id, t.evaluations.c.id == evaluation_id))).mappings().first()
            if row is None:
                raise NotFound(f"evaluation '{evaluation_id[:60]}' not found")
            last = await self._last_runs(c, p.org_id, evaluation_id)
        return _evaluation(row, last.get(evaluation_id, ""))

    @staticmethod
    async def _last_runs(c: Any, org: str, evaluation_id: str | None = None) -> dict[str, str]:
        q = sa.select(t.evaluation_runs.c.evaluation_id, t.evaluation_runs.c.id).where(
            t.evaluation_runs.c.org_id == org).order_by(t.evaluation_runs.c.created_at, t.evaluation_runs.c.id)
        if evaluation_id is not None:
            q = q.where(t.evaluation_runs.c.evaluation_id == evaluation_id)
        return {e: r for e, r in (await c.execute(q)).all()}

    async def update(self, p: Principal, evaluation_id: str, name: str, connection_id: str,
                     questions: list[Question]) -> Evaluation:
        current = await self.get(p, evaluation_id)
        name, connection_id, questions = self._checked(name, connection_id, questions)
        now = now_iso()
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.evaluations.update().where(
                    t.evaluations.c.org_id == p.org_id, t.evaluations.c.id == evaluation_id).values(
                    name=name, connection_id=connection_id,
                    questions_json=json.dumps([q.to_json() for q in questions]), updated_at=now))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc
        return Evaluation(evaluation_id, name, connection_id, questions, current.created_by, current.created_at, now,
                          current.last_run_id)

    async def delete(self, p: Principal, evaluation_id: str) -> None:
        await self.get(p, evaluation_id)
        if await self._active_run(p.org_id, evaluation_id):
            raise Conflict("the evaluation has a run in progress; delete it when the run has finished")
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.evaluation_runs.delete().where(
                    t.evaluation_runs.c.org_id == p.org_id, t.evaluation_runs.c.evaluation_id == evaluation_id))
                await c.execute(t.evaluations.delete().where(
                    t.evaluations.c.org_id == p.org_id, t.evaluations.c.id == evaluation_id))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc

    # ---- runs ----------------------------------------------------------------------------
    async def _active_run(self, org: str, evaluation_id: str) -> str:
        async with self.store.engine.connect() as c:
            return str((await c.execute(sa.select(t.evaluation_runs.c.id).where(
                t.evaluation_runs.c.org_id == org, t.evaluation_runs.c.evaluation_id == evaluation_id,
                t.evaluation_runs.c.status == "running"))).scalar() or "")

    async def start_run(self, p: Principal, evaluation_id: str, trigger: str) -> Run:
        evaluation = await self.get(p, evaluation_id)
        trigger = trigger or "api"
        if trigger not in TRIGGERS:
            raise InvalidArgument(f"trigger must be one of {', '.join(TRIGGERS)}")
        rid = "evr_" + secrets.token_hex(8)
        pending = [RunResult(q.question, "pending") for q in evaluation.questions]
        now = now_iso()
        try:
            async with self.store.engine.begin() as c:
                active = (await c.execute(sa.select(t.evaluation_runs.c.id).where(
                    t.evaluation_runs.c.org_id == p.org_id, t.evaluation_runs.c.evaluation_id == evaluation_id,
                    t.evaluation_runs.c.status == "running"))).scalar()
                if active:
                    raise Conflict({"message": "a run of this evaluation is already in progress",
                                    "active_run_id": active})
                await c.execute(t.evaluation_runs.insert().values(
                    org_id=p.org_id, id=rid, evaluation_id=evaluation_id, status="running", trigger=trigger,
                    started_by=p.email, results_json=json.dumps([r.__dict__ for r in pending]), created_at=now))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc
        job = await self.jobs.start("evaluation_run", f"{p.org_id}/{evaluation_id}", {
            "principal": base64.b64encode(p.encode()).decode(), "evaluation_id": evaluation_id},
            job_id=rid)
        task = asyncio.create_task(self._execute_held(job, p, rid, evaluation))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return Run(rid, evaluation_id, "running", trigger, p.email, pending, "", now, "")

    async def get_run(self, p: Principal, run_id: str) -> Run:
        require_role(p, "admin", "modeler")
        async with self.store.engine.connect() as c:
            row = (await c.execute(sa.select(t.evaluation_runs).where(
                t.evaluation_runs.c.org_id == p.org_id, t.evaluation_runs.c.id == run_id))).mappings().first()
        if row is None:
            raise NotFound(f"evaluation run '{run_id[:60]}' not found")
        return _run(row)

    async def list_runs(self, p: Principal, evaluation_id: str) -> list[Run]:
        await self.get(p, evaluation_id)
        async with self.store.engine.connect() as c:
            rows = (await c.execute(sa.select(t.evaluation_runs).where(
                t.evaluation_runs.c.org_id == p.org_id, t.evaluation_runs.c.evaluation_id == evaluation_id)
                .order_by(t.evaluation_runs.c.created_at.desc(), t.evaluation_runs.c.id))).mappings().all()
        return [_run(r) for r in rows]

    async def _execute_held(self, job: Job, p: Principal, run_id: str, evaluation: Evaluation) -> None:
        try:
            async with self.jobs.holding(job):
                await self._execute(p, run_id, evaluation)
        except LeaseLost:
            pass  # another replica took the run over

    async def _execute(self, p: Principal, run_id: str, evaluation: Evaluation) -> None:
        """Score each question in turn, saving progress after each; never leave the run 'running'."""
        results = [RunResult(q.question, "pending") for q in evaluation.questions]
        status, error = "finished", ""
        asker = ForwardedIdentity(self.tokens, self.clients, p)  # a run may outlive the principal's lifetime
        fresh = asyncio.create_task(asker.keep_fresh())
        try:
            for i, q in enumerate(evaluation.questions):
                results[i] = await self._score(p, evaluation.connection_id, q, asker)
                await self._save(p.org_id, run_id, results, "running")
        except DomainError as exc:
            status, error = "error", f"the run could not complete: {exc.detail}"
        except asyncio.CancelledError:
            status, error = "error", INTERRUPTED
            await asyncio.shield(self._save(p.org_id, run_id, results, status, error))
            raise
        except Exception:  # noqa: BLE001 - a run must never stay 'running'
            log.exception("evaluation run %s crashed", run_id)
            status, error = "error", "the run failed unexpectedly"
        finally:
            fresh.cancel()
        try:
            await self._save(p.org_id, run_id, results, status, error)
        except DomainError:
            log.error("could not record the end of evaluation run %s", run_id)

    async def _save(self, org: str, run_id: str, results: list[RunResult], status: str, error: str = "") -> None:
        values: dict[str, Any] = {"results_json": json.dumps([r.__dict__ for r in results]), "status": status,
                                  "error": error}
        if status != "running":
            values["finished_at"] = now_iso()
        try:
            async with self.store.engine.begin() as c:
                await c.execute(t.evaluation_runs.update().where(
                    t.evaluation_runs.c.org_id == org, t.evaluation_runs.c.id == run_id).values(**values))
        except sa.exc.OperationalError as exc:
            raise write_error(exc) from exc

    async def _score(self, p: Principal, connection_id: str, q: Question,
                     asker: ForwardedIdentity | None = None) -> RunResult:
        """One question: the expected rows (guarded, as the asker), the analyst's answer, execution match.

        A connection that is gone or hidden from the asker stops the whole run (NotFound and
        PermissionDenied propagate); a broken expected SQL is that question's ``error``.
        """
        md = asker.metadata if asker is not None else as_metadata(self.tokens, p)
        toolbox = KnowledgeToolbox(self.clients, md, connection_id, org_id=p.org_id, question=q.question)  # one per question: schema once
        schema = await toolbox.schema()
        if q.expected_rows is not None:
            expected, ordered = q.expected_rows, False
        else:
            try:
                expected = list((await toolbox.run_sql(q.expected_sql)).rows)
            except DomainError as exc:
                if exc.code in ("not_found", "unavailable", "permission_denied"):
                    raise
                return RunResult(q.question, "error", f"the expected SQL failed: {exc.detail}")
            ordered = is_ordered(q.expected_sql, schema.dialect)
        try:
            answer = await self.engine.answer(q.question, toolbox=toolbox, history=[], state={}, mode="balanced",
                                              deep=False)
        except DomainError as exc:
            if exc.code in ("unavailable",):
                raise
            return RunResult(q.question, "fail", f"the analyst could not answer: {exc.detail}")
        result = _first_result(answer.parts)
        if result is None:
            why = "the analyst answered without a table" if answer.understood else "the analyst did not understand"
            return RunResult(q.question, "fail", why)
        if results_match(expected, result.rows, ordered):
            return RunResult(q.question, "pass", "same rows as expected", result.sql)
        return RunResult(q.question, "fail",
                         f"different rows (expected {len(expected)}, got {len(result.rows)})", result.sql)


def _first_result(parts: list[Any]) -> QueryResult | None:
    return next((part.result for part in parts if part.kind == "query" and part.result is not None), None)
