"""Evaluations and their runs (Dot's evaluation API; admins and modelers)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, model_validator

from dot.v1 import evaluation_pb2
from gateway.deps import Caller, State
from services.common import values

router = APIRouter(tags=["Evaluations"])
RPC_TIMEOUT = 30.0
Id = Annotated[str, Path(max_length=60)]
Cell = str | int | float | bool | None


class QuestionIn(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    expected_sql: str | None = Field(None, max_length=20_000)
    expected_rows: list[list[Cell]] | None = Field(None, max_length=10_000)

    @model_validator(mode="after")
    def _one_expectation(self) -> QuestionIn:
        if (self.expected_sql is None) == (self.expected_rows is None):
            raise ValueError("give exactly one of expected_sql or expected_rows")
        return self


class EvaluationIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    connection_id: str = Field(min_length=1, max_length=120)
    questions: list[QuestionIn] = Field(min_length=1, max_length=500)


class RunIn(BaseModel):
    trigger: Literal["api", "ci", "schedule", "ui"] = "api"


class QuestionOut(BaseModel):
    question: str
    expected_sql: str | None = None
    expected_rows: list[list[Cell]] | None = None


class EvaluationOut(BaseModel):
    id: str
    name: str
    connection_id: str
    questions: list[QuestionOut]
    created_by: str
    created_at: str
    updated_at: str
    last_run_id: str | None


class ResultOut(BaseModel):
    question: str
    verdict: Literal["pass", "fail", "error", "pending"]
    reason: str
    sql: str


class RunOut(BaseModel):
    id: str
    evaluation_id: str
    status: Literal["running", "finished", "error"]
    finished: bool
    verdict: Literal["pass", "fail", "error", "pending"]
    summary: dict[str, int]
    results: list[ResultOut]
    trigger: str
    started_by: str
    created_at: str
    finished_at: str | None
    error: str | None


def _question_pb(q: QuestionIn) -> evaluation_pb2.EvaluationQuestion:
    return evaluation_pb2.EvaluationQuestion(question=q.question, expected_sql=q.expected_sql or "",
                                             expected_rows=values.to_rows(q.expected_rows or []),
                                             has_expected_rows=q.expected_rows is not None)


def _evaluation_out(e: evaluation_pb2.Evaluation) -> EvaluationOut:
    questions = [QuestionOut(question=q.question, expected_sql=None if q.has_expected_rows else q.expected_sql,
                             expected_rows=values.from_rows(q.expected_rows) if q.has_expected_rows else None)
                 for q in e.questions]
    return EvaluationOut(id=e.id, name=e.name, connection_id=e.connection_id, questions=questions,
                         created_by=e.created_by, created_at=e.created_at, updated_at=e.updated_at,
                         last_run_id=e.last_run_id or None)


def _run_out(r: evaluation_pb2.EvaluationRun) -> RunOut:
    s = r.summary
    return RunOut(id=r.id, evaluation_id=r.evaluation_id, status=r.status, finished=r.finished,  # type: ignore[arg-type]
                  verdict=r.verdict,  # type: ignore[arg-type]
                  summary={"total": s.total, "pass": s.passed, "fail": s.failed, "error": s.errors,
                           "pending": s.pending},
                  results=[ResultOut(question=x.question, verdict=x.verdict, reason=x.reason, sql=x.sql)  # type: ignore[arg-type]
                           for x in r.results],
                  trigger=r.trigger, started_by=r.started_by, created_at=r.created_at,
                  finished_at=r.finished_at or None, error=r.error or None)


@router.post("/api/evaluations", status_code=201)
async def create_evaluation(gw: State, who: Caller, body: EvaluationIn) -> EvaluationOut:
    """A named set of questions with expected SQL or expected rows, for one connection."""
    r = await gw.clients.evaluation.CreateEvaluation(evaluation_pb2.CreateEvaluationRequest(
        name=body.name, connection_id=body.connection_id, questions=[_question_pb(q) for q in body.questions]),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _evaluation_out(r.evaluation)


@router.get("/api/evaluations")
async def list_evaluations(gw: State, who: Caller) -> list[EvaluationOut]:
    r = await gw.clients.evaluation.ListEvaluations(evaluation_pb2.ListEvaluationsRequest(), metadata=who.metadata,
                                                     timeout=RPC_TIMEOUT)
    return [_evaluation_out(e) for e in r.evaluations]


@router.get("/api/evaluations/{evaluation_id}")
async def get_evaluation(gw: State, who: Caller, evaluation_id: Id) -> EvaluationOut:
    r = await gw.clients.evaluation.GetEvaluation(evaluation_pb2.GetEvaluationRequest(id=evaluation_id),
                                                  metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _evaluation_out(r.evaluation)


@router.put("/api/evaluations/{evaluation_id}")
async def update_evaluation(gw: State, who: Caller, evaluation_id: Id, body: EvaluationIn) -> EvaluationOut:
    """Replace the evaluation's name, connection and questions."""
    r = await gw.clients.evaluation.UpdateEvaluation(evaluation_pb2.UpdateEvaluationRequest(
        id=evaluation_id, name=body.name, connection_id=body.connection_id,
        questions=[_question_pb(q) for q in body.questions]), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _evaluation_out(r.evaluation)


@router.delete("/api/evaluations/{evaluation_id}")
async def delete_evaluation(gw: State, who: Caller, evaluation_id: Id) -> dict[str, Any]:
    await gw.clients.evaluation.DeleteEvaluation(evaluation_pb2.DeleteEvaluationRequest(id=evaluation_id),
                                                 metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"id": evaluation_id, "deleted": True}


@router.post("/api/evaluations/{evaluation_id}/runs", status_code=201)
async def start_evaluation_run(gw: State, who: Caller, evaluation_id: Id, body: RunIn | None = None) -> RunOut:
    """Start a run in the background; 409 ``{"detail": {"active_run_id"}}`` while one is active."""
    r = await gw.clients.evaluation.StartEvaluationRun(evaluation_pb2.StartEvaluationRunRequest(
        evaluation_id=evaluation_id, trigger=(body or RunIn()).trigger), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _run_out(r.run)


@router.get("/api/evaluations/{evaluation_id}/runs")
async def list_evaluation_runs(gw: State, who: Caller, evaluation_id: Id) -> list[RunOut]:
    r = await gw.clients.evaluation.ListEvaluationRuns(evaluation_pb2.ListEvaluationRunsRequest(id=evaluation_id),
                                                       metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [_run_out(x) for x in r.runs]


@router.get("/api/evaluation_runs/{run_id}")
async def get_evaluation_run(gw: State, who: Caller, run_id: Id) -> RunOut:
    r = await gw.clients.evaluation.GetEvaluationRun(evaluation_pb2.GetEvaluationRunRequest(id=run_id),
                                                     metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _run_out(r.run)
