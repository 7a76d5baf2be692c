"""Verified queries: review 👍-proposed question/SQL pairs; approved ones are reused by the analyst."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from dot.v1 import verified_pb2
from gateway.deps import Caller, State

router = APIRouter(tags=["Verified queries"])
RPC_TIMEOUT = 30.0
Id = Annotated[str, Path(max_length=60)]
Status = Literal["proposed", "approved", "rejected"]


class VerifiedIn(BaseModel):
    connection_id: str = Field(min_length=1, max_length=120)
    question: str = Field(min_length=1, max_length=2000)
    sql: str = Field(min_length=1, max_length=20_000)


class VerifiedEditIn(BaseModel):
    question: str | None = Field(None, min_length=1, max_length=2000)
    sql: str | None = Field(None, min_length=1, max_length=20_000)


class VerifiedOut(BaseModel):
    id: str
    connection_id: str
    question: str
    sql: str
    status: Status
    proposed_by: str
    reviewed_by: str | None
    reviewed_at: str | None
    source_chat_id: str | None
    uses: int
    created_at: str
    updated_at: str


def _out(v: verified_pb2.VerifiedQuery) -> VerifiedOut:
    return VerifiedOut(id=v.id, connection_id=v.connection_id, question=v.question, sql=v.sql,
                       status=v.status,  # type: ignore[arg-type]
                       proposed_by=v.proposed_by, reviewed_by=v.reviewed_by or None, reviewed_at=v.reviewed_at or None,
                       source_chat_id=v.source_chat_id or None, uses=v.uses, created_at=v.created_at,
                       updated_at=v.updated_at)


async def _review(gw: Any, who: Any, vid: str, status: str = "", question: str = "", sql: str = "") -> VerifiedOut:
    r = await gw.clients.verified.ReviewVerifiedQuery(verified_pb2.ReviewVerifiedQueryRequest(
        id=vid, status=status, question=question, sql=sql), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _out(r.query)


@router.get("/api/verified_queries")
async def list_verified_queries(gw: State, who: Caller, status: Status | None = None,
                                connection_id: Annotated[str, Query(max_length=120)] = "") -> list[VerifiedOut]:
    """Proposals and reviewed queries (admins and modelers); filter by status and connection."""
    r = await gw.clients.verified.ListVerifiedQueries(verified_pb2.ListVerifiedQueriesRequest(
        status=status or "", connection_id=connection_id), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [_out(v) for v in r.queries]


@router.post("/api/verified_queries", status_code=201)
async def add_verified_query(gw: State, who: Caller, body: VerifiedIn) -> VerifiedOut:
    """Add an approved query directly (admins and modelers)."""
    r = await gw.clients.verified.AddVerifiedQuery(verified_pb2.AddVerifiedQueryRequest(
        connection_id=body.connection_id, question=body.question, sql=body.sql), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return _out(r.query)


@router.get("/api/verified_queries/{query_id}")
async def get_verified_query(gw: State, who: Caller, query_id: Id) -> VerifiedOut:
    r = await gw.clients.verified.GetVerifiedQuery(verified_pb2.GetVerifiedQueryRequest(id=query_id),
                                                   metadata=who.metadata, timeout=RPC_TIMEOUT)
    return _out(r.query)


@router.put("/api/verified_queries/{query_id}")
async def edit_verified_query(gw: State, who: Caller, query_id: Id, body: VerifiedEditIn) -> VerifiedOut:
    """Edit the question and/or SQL; the status stays."""
    return await _review(gw, who, query_id, question=body.question or "", sql=body.sql or "")


@router.post("/api/verified_queries/{query_id}/approve")
async def approve_verified_query(gw: State, who: Caller, query_id: Id, body: VerifiedEditIn | None = None) -> VerifiedOut:
    """Approve (optionally with an edited question or SQL): the analyst reuses it from now on."""
    edit = body or VerifiedEditIn()
    return await _review(gw, who, query_id, "approved", edit.question or "", edit.sql or "")


@router.post("/api/verified_queries/{query_id}/reject")
async def reject_verified_query(gw: State, who: Caller, query_id: Id) -> VerifiedOut:
    return await _review(gw, who, query_id, "rejected")


@router.delete("/api/verified_queries/{query_id}")
async def delete_verified_query(gw: State, who: Caller, query_id: Id) -> dict[str, Any]:
    await gw.clients.verified.DeleteVerifiedQuery(verified_pb2.DeleteVerifiedQueryRequest(id=query_id),
                                                  metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"id": query_id, "deleted": True}
