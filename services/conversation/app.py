"""Assemble the conversation service (``run_service`` serves it; picks the LLM agent when configured)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

import grpc

from dot.v1 import (
    admin_pb2, conversation_pb2, conversation_pb2_grpc, evaluation_pb2, evaluation_pb2_grpc, schedule_pb2,
    schedule_pb2_grpc, verified_pb2, verified_pb2_grpc,
)
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import Unavailable
from services.common.identity import InternalTokens
from services.common.jobs import JobRunner
from services.common.remote_identity import as_metadata, remote_identity
from services.common.metrics import ServiceMetrics
from services.common.principal import Principal
from services.common.server import Service
from services.common.store import Store, open_store
from services.conversation import tables
from services.conversation.domain import ConversationDomain
from services.conversation.evaluation_servicer import EvaluationServicer
from services.conversation.evaluations import EvaluationDomain
from services.conversation.schedule_servicer import ScheduleServicer
from services.conversation.schedules import Clock, ScheduleDomain
from services.conversation.engine.generic import WithGenericIntents
from services.conversation.engine.isolated import IsolatedAnalyst
from services.conversation.engine.llm import LlmAnalyst, LlmConfig
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.lexicon import load_language_data
from services.conversation.engine.timed import TimedAnalyst
from services.conversation.engine.types import Analyst
from services.conversation.servicer import ConversationServicer
from services.conversation.verified import VerifiedQueries, WithVerifiedQueries
from services.conversation.verified_servicer import VerifiedQueryServicer

log = logging.getLogger(__name__)
SERVICE_NAME = conversation_pb2.DESCRIPTOR.services_by_name["ConversationService"].full_name
EVALUATION_SERVICE_NAME = evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"].full_name
SCHEDULE_SERVICE_NAME = schedule_pb2.DESCRIPTOR.services_by_name["ScheduleService"].full_name
VERIFIED_SERVICE_NAME = verified_pb2.DESCRIPTOR.services_by_name["VerifiedQueryService"].full_name


def choose_engine(env: Mapping[str, str], profile_dir: str | None = None) -> Analyst:
    """The LLM agent when DOT_LLM_BASE_URL and DOT_LLM_MODEL are set; else the offline analyst (its workers
    profiled into ``profile_dir``, ``Settings.profile_dir``, when set)."""
    config = LlmConfig.from_env(env)
    if config is not None:
        log.info("analyst: LLM agent (%s)", config.model)
        return LlmAnalyst(config)
    log.info("analyst: offline engine (no DOT_LLM_* configured), in worker processes")
    return IsolatedAnalyst.from_env(offline_engine, env, profile_dir)


def offline_engine() -> Analyst:
    """The offline analyst as each worker process builds it (see engine/isolated.py)."""
    return WithGenericIntents(OfflineAnalyst())


async def assemble(settings: Settings, engine: Analyst | None = None) -> Service:
    store = await open_store(settings.db_url("conversation"), tables.metadata, history="conversation")
    clients = Clients(settings, "conversation")
    tokens = InternalTokens(settings.secret_key, "conversation", settings.internal_ttl_s)
    metrics = ServiceMetrics("conversation")

    async def history_allowed(p: Principal) -> bool:
        """The org's modeler_sees_history; fails closed: an unreadable setting refuses (503)."""
        try:
            r = await clients.admin.GetOrg(admin_pb2.GetOrgRequest(), metadata=as_metadata(tokens, p), timeout=5)
        except grpc.aio.AioRpcError:
            raise Unavailable("cannot confirm that modelers may see history (the admin service is unavailable); "
                              "try again later") from None
        s = r.org.settings
        return s.modeler_sees_history if s.HasField("modeler_sees_history") else True

    verified = VerifiedQueries(store)
    engine = engine or choose_engine(settings.engine_env, settings.profile_dir)
    start = getattr(engine, "start", None)
    # routing reads every candidate schema with the offline analyst's language data (lemmas, country names):
    # loaded here, beside the workers' start, not on the event loop inside the first question (~3 s)
    await asyncio.gather(asyncio.to_thread(load_language_data),
                         *([start()] if start is not None else []))  # workers ready before the service is healthy
    in_flight = getattr(engine, "in_flight", None)
    if in_flight is not None:
        metrics.track_queue("analyst_answers", in_flight)
    engine = WithVerifiedQueries(TimedAnalyst(engine, metrics, type(engine).__name__), verified)
    domain = ConversationDomain(store, clients, tokens, engine, verified, history_allowed=history_allowed)
    evaluations = EvaluationDomain(store, clients, tokens, engine, domain.jobs)
    schedules = ScheduleDomain(store, clients, tokens, engine, smtp_url=settings.smtp_url,
                               public_url=settings.public_url, clock=Clock(settings.clock_file), jobs=domain.jobs)
    metrics.track_queue("background_answers", lambda: len(domain.state.tasks))
    metrics.track_queue("evaluation_runs", lambda: len(evaluations.tasks))
    recovered = await domain.recover()
    if recovered:
        log.warning("marked %d interrupted chat(s) as failed", recovered)
    if runs := await evaluations.recover():
        log.warning("marked %d interrupted evaluation run(s) as errors", runs)
    runner = JobRunner(domain.jobs, {"answer": domain.resume_answer, "evaluation_run": evaluations.resume_run,
                                     "report": schedules.resume_report},
                       {"answer": domain.abandon_answer, "evaluation_run": evaluations.abandon_run})
    runner.start()
    store.on_dispose(runner.stop)

    servicer = ConversationServicer(domain)
    evaluation_servicer = EvaluationServicer(evaluations)
    schedule_servicer = ScheduleServicer(schedules)
    verified_servicer = VerifiedQueryServicer(verified)

    def register(s: grpc.aio.Server) -> None:
        conversation_pb2_grpc.add_ConversationServiceServicer_to_server(servicer, s)
        evaluation_pb2_grpc.add_EvaluationServiceServicer_to_server(evaluation_servicer, s)
        schedule_pb2_grpc.add_ScheduleServiceServicer_to_server(schedule_servicer, s)
        verified_pb2_grpc.add_VerifiedQueryServiceServicer_to_server(verified_servicer, s)

    return Service("conversation", register,
                   [SERVICE_NAME, EVALUATION_SERVICE_NAME, SCHEDULE_SERVICE_NAME, VERIFIED_SERVICE_NAME],
                   remote_identity(tokens, clients), metrics,
                   background=[lambda: schedules.run_forever(settings.scheduler_interval_s)],
                   closers=[clients.close, store.dispose],
                   parts={"store": store, "clients": clients, "schedules": schedules, "domain": domain})


async def build(settings: Settings, address: str | None = None,
                engine: Analyst | None = None) -> tuple[grpc.aio.Server, int, Store, Clients, ScheduleDomain]:
    """In-process (tests): start on ``address`` (port 0 picks one); the scheduler is not started."""
    service = await assemble(settings, engine)
    server, port = await service.start(settings, address)
    return server, port, service.parts["store"], service.parts["clients"], service.parts["schedules"]
