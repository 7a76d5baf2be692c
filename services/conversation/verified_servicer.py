"""VerifiedQueryService over gRPC: identity, then VerifiedQueries."""

from __future__ import annotations

import grpc

from dot.v1 import verified_pb2, verified_pb2_grpc
from services.common.callctx import current_principal
from services.conversation.verified import VerifiedQueries, VerifiedQuery


def verified_pb(v: VerifiedQuery) -> verified_pb2.VerifiedQuery:
    return verified_pb2.VerifiedQuery(**v.to_json())


class VerifiedQueryServicer(verified_pb2_grpc.VerifiedQueryServiceServicer):
    def __init__(self, domain: VerifiedQueries) -> None:
        self.d = domain

    async def ListVerifiedQueries(self, request: verified_pb2.ListVerifiedQueriesRequest,
                                  context: grpc.aio.ServicerContext) -> verified_pb2.ListVerifiedQueriesResponse:
        p = current_principal()
        found = await self.d.list(p, request.status, request.connection_id)
        return verified_pb2.ListVerifiedQueriesResponse(queries=[verified_pb(v) for v in found])

    async def AddVerifiedQuery(self, request: verified_pb2.AddVerifiedQueryRequest,
                               context: grpc.aio.ServicerContext) -> verified_pb2.AddVerifiedQueryResponse:
        p = current_principal()
        v = await self.d.add(p, request.connection_id, request.question, request.sql)
        return verified_pb2.AddVerifiedQueryResponse(query=verified_pb(v))

    async def GetVerifiedQuery(self, request: verified_pb2.GetVerifiedQueryRequest,
                               context: grpc.aio.ServicerContext) -> verified_pb2.GetVerifiedQueryResponse:
        p = current_principal()
        return verified_pb2.GetVerifiedQueryResponse(query=verified_pb(await self.d.get(p, request.id)))

    async def ReviewVerifiedQuery(self, request: verified_pb2.ReviewVerifiedQueryRequest,
                                  context: grpc.aio.ServicerContext) -> verified_pb2.ReviewVerifiedQueryResponse:
        p = current_principal()
        v = await self.d.review(p, request.id, request.status, request.question, request.sql)
        return verified_pb2.ReviewVerifiedQueryResponse(query=verified_pb(v))

    async def DeleteVerifiedQuery(self, request: verified_pb2.DeleteVerifiedQueryRequest,
                                  context: grpc.aio.ServicerContext) -> verified_pb2.DeleteVerifiedQueryResponse:
        p = current_principal()
        await self.d.delete(p, request.id)
        return verified_pb2.DeleteVerifiedQueryResponse()
