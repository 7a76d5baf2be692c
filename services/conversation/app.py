"""Assemble and run the conversation service (picks the LLM agent when configured)."""

from __future__ import annotations

import json
import logging
import os

import grpc

from dot.v1 import common_pb2, conversation_pb2, conversation_pb2_grpc
from services.common.clients import Clients
from services.common.config import Settings
from services.common.identity import InternalTokens
from services.common.remote_identity import as_metadata, remote_identity
from services.common.server import map_domain_errors, serve_forever, start_server
from services.common.store import Store, create_all, open_store
from services.conversation import tables
from services.conversation.domain import ConversationDomain
from services.conversation.engine.generic import WithGenericIntents
from services.conversation.engine.llm import LlmAnalyst, LlmConfig
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.types import Analyst
from services.conversation.servicer import ConversationServicer

log = logging.getLogger(__name__)
SERVICE_NAME = conversation_pb2.DESCRIPTOR.services_by_name["ConversationService"].full_name
MIGRATIONS = [create_all(tables.metadata)]


def choose_engine(env: dict[str, str]) -> Analyst:
    """The LLM agent when DOT_LLM_BASE_URL and DOT_LLM_MODEL are set; else the offline analyst."""
    config = LlmConfig.from_env(env)
    if config is not None:
        log.info("analyst: LLM agent (%s)", config.model)
        return LlmAnalyst(config)
    log.info("analyst: offline engine (no DOT_LLM_* configured)")
    return WithGenericIntents(OfflineAnalyst())


async def build(settings: Settings, address: str | None = None,
                engine: Analyst | None = None) -> tuple[grpc.aio.Server, int, Store, Clients, ConversationDomain]:
    store = await open_store(settings.db_url("conversation"), tables.metadata, MIGRATIONS)
    clients = Clients(settings, "conversation")
    tokens = InternalTokens(settings.secret_key, "conversation", settings.internal_ttl_s)
    domain = ConversationDomain(store, clients, tokens, engine or choose_engine(dict(os.environ)))
    recovered = await domain.recover()
    if recovered:
        log.warning("marked %d interrupted chat(s) as failed", recovered)

    async def history_allowed(p: common_pb2.Principal) -> bool:
        try:
            org = await clients.admin.GetOrg(common_pb2.Empty(), metadata=as_metadata(tokens, p), timeout=5)
        except grpc.aio.AioRpcError:
            return True
        return bool(json.loads(org.settings_json or "{}").get("modeler_sees_history", True))

    servicer = map_domain_errors(ConversationServicer(domain, remote_identity(tokens, clients), history_allowed))
    server, port = await start_server(
        address or settings.address("conversation"),
        lambda s: conversation_pb2_grpc.add_ConversationServiceServicer_to_server(servicer, s),
        [SERVICE_NAME],
        settings.secret_key,
        keepalive_ms=settings.grpc_keepalive_ms,
    )
    return server, port, store, clients, domain


async def main(settings: Settings) -> None:
    server, _, store, clients, _ = await build(settings)
    log.info("conversation service listening on %s", settings.address("conversation"))

    async def on_stop() -> None:
        await clients.close()
        await store.dispose()

    await serve_forever(server, on_stop)
