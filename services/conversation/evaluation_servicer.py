"""EvaluationService over gRPC: identity, protobuf <-> domain types, then EvaluationDomain."""

from __future__ import annotations

import grpc

from dot.v1 import evaluation_pb2, evaluation_pb2_grpc
from services.common import values
from services.common.callctx import current_principal
from services.conversation.evaluations import Evaluation, EvaluationDomain, Question, Run


def question_from_pb(q: evaluation_pb2.EvaluationQuestion) -> Question:
    rows = values.from_rows(q.expected_rows) if q.has_expected_rows else None
    return Question(q.question, q.expected_sql, rows)


def question_pb(q: Question) -> evaluation_pb2.EvaluationQuestion:
    return evaluation_pb2.EvaluationQuestion(question=q.question, expected_sql=q.expected_sql,
                                             expected_rows=values.to_rows(q.expected_rows or []),
                                             has_expected_rows=q.expected_rows is not None)


def evaluation_pb(e: Evaluation) -> evaluation_pb2.Evaluation:
    return evaluation_pb2.Evaluation(id=e.id, name=e.name, connection_id=e.connection_id,
                                     questions=[question_pb(q) for q in e.questions], created_by=e.created_by,
                                     created_at=e.created_at, updated_at=e.updated_at, last_run_id=e.last_run_id)


def run_pb(r: Run) -> evaluation_pb2.EvaluationRun:
    return evaluation_pb2.EvaluationRun(
        id=r.id, evaluation_id=r.evaluation_id, status=r.status, finished=r.finished, verdict=r.verdict,
        summary=_summary_pb(r.summary()),
        results=[evaluation_pb2.EvaluationResult(question=x.question, verdict=x.verdict, reason=x.reason, sql=x.sql)
                 for x in r.results],
        trigger=r.trigger, started_by=r.started_by, created_at=r.created_at, finished_at=r.finished_at, error=r.error)


def _summary_pb(counts: dict[str, int]) -> evaluation_pb2.EvaluationSummary:
    return evaluation_pb2.EvaluationSummary(total=counts["total"], passed=counts["pass"], failed=counts["fail"],
                                            errors=counts["error"], pending=counts["pending"])


class EvaluationServicer(evaluation_pb2_grpc.EvaluationServiceServicer):
    def __init__(self, domain: EvaluationDomain) -> None:
        self.d = domain

    async def CreateEvaluation(self, request: evaluation_pb2.CreateEvaluationRequest,
                               context: grpc.aio.ServicerContext) -> evaluation_pb2.CreateEvaluationResponse:
        p = current_principal()
        e = await self.d.create(p, request.name, request.connection_id, [question_from_pb(q) for q in request.questions])
        return evaluation_pb2.CreateEvaluationResponse(evaluation=evaluation_pb(e))

    async def ListEvaluations(self, request: evaluation_pb2.ListEvaluationsRequest,
                              context: grpc.aio.ServicerContext) -> evaluation_pb2.ListEvaluationsResponse:
        p = current_principal()
        return evaluation_pb2.ListEvaluationsResponse(evaluations=[evaluation_pb(e) for e in await self.d.list(p)])

    async def GetEvaluation(self, request: evaluation_pb2.GetEvaluationRequest,
                            context: grpc.aio.ServicerContext) -> evaluation_pb2.GetEvaluationResponse:
        p = current_principal()
        return evaluation_pb2.GetEvaluationResponse(evaluation=evaluation_pb(await self.d.get(p, request.id)))

    async def UpdateEvaluation(self, request: evaluation_pb2.UpdateEvaluationRequest,
                               context: grpc.aio.ServicerContext) -> evaluation_pb2.UpdateEvaluationResponse:
        p = current_principal()
        e = await self.d.update(p, request.id, request.name, request.connection_id,
                                [question_from_pb(q) for q in request.questions])
        return evaluation_pb2.UpdateEvaluationResponse(evaluation=evaluation_pb(e))

    async def DeleteEvaluation(self, request: evaluation_pb2.DeleteEvaluationRequest,
                               context: grpc.aio.ServicerContext) -> evaluation_pb2.DeleteEvaluationResponse:
        p = current_principal()
        await self.d.delete(p, request.id)
        return evaluation_pb2.DeleteEvaluationResponse()

    async def StartEvaluationRun(self, request: evaluation_pb2.StartEvaluationRunRequest,
                                 context: grpc.aio.ServicerContext) -> evaluation_pb2.StartEvaluationRunResponse:
        p = current_principal()
        run = await self.d.start_run(p, request.evaluation_id, request.trigger)
        return evaluation_pb2.StartEvaluationRunResponse(run=run_pb(run))

    async def GetEvaluationRun(self, request: evaluation_pb2.GetEvaluationRunRequest,
                               context: grpc.aio.ServicerContext) -> evaluation_pb2.GetEvaluationRunResponse:
        p = current_principal()
        return evaluation_pb2.GetEvaluationRunResponse(run=run_pb(await self.d.get_run(p, request.id)))

    async def ListEvaluationRuns(self, request: evaluation_pb2.ListEvaluationRunsRequest,
                                 context: grpc.aio.ServicerContext) -> evaluation_pb2.ListEvaluationRunsResponse:
        p = current_principal()
        return evaluation_pb2.ListEvaluationRunsResponse(runs=[run_pb(r) for r in await self.d.list_runs(p, request.id)])
