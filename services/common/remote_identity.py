"""Identity for services other than auth: API tokens are verified by an RPC to auth."""

from __future__ import annotations

import grpc

from dot.v1 import auth_pb2, common_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.identity import Identity, InternalTokens, metadata_for


def remote_identity(tokens: InternalTokens, clients: Clients) -> Identity:
    async def verify(credential: str) -> common_pb2.Principal:
        try:
            r = await clients.auth.VerifyCredential(auth_pb2.VerifyCredentialRequest(credential=credential), timeout=5)
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        return r.principal

    return Identity(tokens, verify)


def as_metadata(tokens: InternalTokens, p: common_pb2.Principal) -> tuple[tuple[str, str], ...]:
    """Forward a principal to another service (re-signed, short-lived)."""
    token, _ = tokens.mint(p)
    return metadata_for(token)


def service_metadata(tokens: InternalTokens, service: str, org_id: str = "") -> tuple[tuple[str, str], ...]:
    return as_metadata(tokens, tokens.service_principal(service, org_id))
