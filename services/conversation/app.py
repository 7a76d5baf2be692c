"""Assemble and run the conversation service (picks the LLM agent when configured)."""

from __future__ import annotations

import asyncio
import json
import logging
import os

import grpc

from dot.v1 import (
    common_pb2, conversation_pb2, conversation_pb2_grpc, evaluation_pb2, evaluation_pb2_grpc, schedule_pb2,
    schedule_pb2_grpc, verified_pb2, verified_pb2_grpc,
)
from services.common.clients import Clients
from services.common.config import Settings
from services.common.errors import Unavailable
from services.common.identity import InternalTokens
from services.common.jobs import JobRunner
from services.common.remote_identity import as_metadata, remote_identity
from services.common.server import map_domain_errors, serve_forever, start_server
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
from services.conversation.engine.types import Analyst
from services.conversation.servicer import ConversationServicer
from services.conversation.verified import VerifiedQueries, WithVerifiedQueries
from services.conversation.verified_servicer import VerifiedQueryServicer

log = logging.getLogger(__name__)
SERVICE_NAME = conversation_pb2.DESCRIPTOR.services_by_name["ConversationService"].full_name
EVALUATION_SERVICE_NAME = evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"].full_name
SCHEDULE_SERVICE_NAME = schedule_pb2.DESCRIPTOR.services_by_name["ScheduleService"].full_name
VERIFIED_SERVICE_NAME = verified_pb2.DESCRIPTOR.services_by_name["VerifiedQueryService"].full_name


def choose_engine(env: dict[str, str]) -> Analyst:
    """The LLM agent when DOT_LLM_BASE_URL and DOT_LLM_MODEL are set; else the offline analyst."""
    config = LlmConfig.from_env(env)
    if config is not None:
        log.info("analyst: LLM agent (%s)", config.model)
        return LlmAnalyst(config)
    log.info("analyst: offline engine (no DOT_LLM_* configured), in worker processes")
    return IsolatedAnalyst.from_env(offline_engine, env)


def offline_engine() -> Analyst:
    """The offline analyst as each worker process builds it (see engine/isolated.py)."""
    return WithGenericIntents(OfflineAnalyst())


async def build(settings: Settings, address: str | None = None,
                engine: Analyst | None = None) -> tuple[grpc.aio.Server, int, Store, Clients, ScheduleDomain]:
    store = await open_store(settings.db_url("conversation"), tables.metadata, history="conversation")
    clients = Clients(settings, "conversation")
    tokens = InternalTokens(settings.secret_key, "conversation", settings.internal_ttl_s)

    async def history_allowed(p: common_pb2.Principal) -> bool:
        """The org's modeler_sees_history; fails closed: an unreadable setting refuses (503)."""
        try:
            org = await clients.admin.GetOrg(common_pb2.Empty(), metadata=as_metadata(tokens, p), timeout=5)
        except grpc.aio.AioRpcError:
            raise Unavailable("cannot confirm that modelers may see history (the admin service is unavailable); "
                              "try again later") from None
        return json.loads(org.settings_json or "{}").get("modeler_sees_history", True) is True

    verified = VerifiedQueries(store)
    engine = engine or choose_engine(dict(os.environ))
    start = getattr(engine, "start", None)
    if start is not None:
        await start()  # analyst worker processes ready before the service reports healthy
    engine = WithVerifiedQueries(engine, verified)
    domain = ConversationDomain(store, clients, tokens, engine, verified, history_allowed=history_allowed)
    evaluations = EvaluationDomain(store, clients, tokens, engine, domain.jobs)
    schedules = ScheduleDomain(store, clients, tokens, engine, smtp_url=settings.smtp_url,
                               public_url=settings.public_url, clock=Clock(settings.clock_file))
    recovered = await domain.recover()
    if recovered:
        log.warning("marked %d interrupted chat(s) as failed", recovered)
    if runs := await evaluations.recover():
        log.warning("marked %d interrupted evaluation run(s) as errors", runs)
    runner = JobRunner(domain.jobs, {"answer": domain.resume_answer, "evaluation_run": evaluations.resume_run},
                       {"answer": domain.abandon_answer, "evaluation_run": evaluations.abandon_run})
    runner.start()
    store.on_dispose(runner.stop)

    identity = remote_identity(tokens, clients)
    servicer = map_domain_errors(ConversationServicer(domain, identity))
    evaluation_servicer = map_domain_errors(EvaluationServicer(evaluations, identity))
    schedule_servicer = map_domain_errors(ScheduleServicer(schedules, identity))
    verified_servicer = map_domain_errors(VerifiedQueryServicer(verified, identity))

    def register(s: grpc.aio.Server) -> None:
        conversation_pb2_grpc.add_ConversationServiceServicer_to_server(servicer, s)
        evaluation_pb2_grpc.add_EvaluationServiceServicer_to_server(evaluation_servicer, s)
        schedule_pb2_grpc.add_ScheduleServiceServicer_to_server(schedule_servicer, s)
        verified_pb2_grpc.add_VerifiedQueryServiceServicer_to_server(verified_servicer, s)

    server, port = await start_server(address or settings.bind_address("conversation"), register,
                                      [SERVICE_NAME, EVALUATION_SERVICE_NAME, SCHEDULE_SERVICE_NAME,
                                       VERIFIED_SERVICE_NAME], settings.secret_key,
                                      keepalive_ms=settings.grpc_keepalive_ms)
    return server, port, store, clients, schedules


async def main(settings: Settings) -> None:
    server, _, store, clients, schedules = await build(settings)
    log.info("conversation service listening on %s", settings.bind_address("conversation"))
    scheduler = asyncio.create_task(schedules.run_forever(settings.scheduler_interval_s))

    async def on_stop() -> None:
        scheduler.cancel()
        await clients.close()
        await store.dispose()

    await serve_forever(server, on_stop)
