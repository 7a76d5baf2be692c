"""Connections, sync, tables and access, external assets, catalog (contract §3.2, §3.3, §3.8, §3.10)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from dot.v1 import knowledge_pb2
from gateway.credentials import Verified
from gateway.deps import Caller, GatewayState, QueryCaller, State
from gateway.models import (
    AssetHit, CliCatalogOut, ConnectedOut, ConnectionOut, ExternalAssetOut, SyncOut, TableDetail, TableHit,
    TableSummary, asset_out, cli_catalog_out, connection_out, hit_out, respond, sync_out, table_out,
)
from services.common import values
from services.common.column_roles import ROLES
from services.common.errors import InvalidArgument
from services.knowledge import drivers

router = APIRouter(tags=["Connections"])
RPC_TIMEOUT = 30.0
SYNC_TIMEOUT = 1800.0
MAX_ARTIFACT_BYTES = 60 * 1024 * 1024
CONNECTION_TYPES = drivers.CONNECTION_TYPES


class ConnectionIdIn(BaseModel):
    connection_id: str = Field(max_length=120)


class RemoveConnectionIn(BaseModel):
    connection_id: str = Field(max_length=120)
    delete_table_setup: bool = False


class DocGroupIn(BaseModel):
    doc_id: str = Field(max_length=500)
    group: str = Field(max_length=120)


class RowFilterIn(BaseModel):
    table_id: str = Field(max_length=500)
    template: str = Field("", max_length=4000)


class TableDocIn(BaseModel):
    table: dict[str, Any]


class ColumnRoleIn(BaseModel):
    table_id: str = Field(max_length=500)
    column: str = Field(max_length=300)
    role: str | None = Field(None, max_length=40)  # null goes back to the derived role


class SynonymIn(BaseModel):
    table_id: str = Field(max_length=500)
    column: str = Field(max_length=300)
    synonym: str = Field(min_length=1, max_length=60)


class ExternalAssetModel(BaseModel):
    id: str = Field(max_length=500)
    subtype: str = Field(max_length=100)
    folder: str | None = Field(None, max_length=1000)
    name: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=100_000)
    url: str | None = Field(None, max_length=4000)
    active: bool = True
    view_count: int | None = Field(0, ge=0, le=2**62)
    last_accessed_at: str | None = Field(None, max_length=100)
    dot_description: str | None = Field(None, max_length=1_000_000)


class ExternalAssetIn(BaseModel):
    external_asset: ExternalAssetModel


def asset_pb(a: ExternalAssetModel) -> knowledge_pb2.ExternalAsset:
    out = knowledge_pb2.ExternalAsset(id=a.id, subtype=a.subtype, active=a.active)
    for k in ("folder", "name", "description", "url", "view_count", "last_accessed_at", "dot_description"):
        if getattr(a, k) is not None:
            setattr(out, k, getattr(a, k))
    return out


def table_doc_request(doc: dict[str, Any]) -> knowledge_pb2.SaveTableDocRequest:
    """Dot's free-form ``table`` doc as a typed request; shape errors are the caller's (422)."""
    tid = doc.get("id") or doc.get("table_id")
    if not isinstance(tid, str) or not tid:
        raise InvalidArgument("table.id is required")
    r = knowledge_pb2.SaveTableDocRequest(table_id=tid)
    if "description" in doc:
        if not isinstance(doc["description"], (str, type(None))):
            raise InvalidArgument("table.description must be a string")
        r.description = doc["description"] or ""
    if "columns" in doc:
        cols = doc["columns"]
        if not isinstance(cols, list):
            raise InvalidArgument("table.columns must be a list of {name, description}")
        for c in cols:
            if not isinstance(c, dict):
                raise InvalidArgument("each column doc must be an object {name, description}")
            name = c.get("name") or c.get("column_name")
            desc = c.get("description", c.get("user_comment"))
            if not isinstance(name, str):
                raise InvalidArgument(f"table {tid} has no column '{name}'")
            if not isinstance(desc, (str, type(None))):
                raise InvalidArgument(f"description of column '{name}' must be a string")
            r.columns.add(name=name, description=desc or "")
    if "semantics" in doc:
        sem = doc["semantics"]
        if not isinstance(sem, dict):
            raise InvalidArgument("semantics must be an object {column: {role, add_synonyms}}")
        for name, change in sem.items():
            if not isinstance(change, dict) or set(change) - {"role", "add_synonyms"}:
                raise InvalidArgument(f"semantics of column '{name}' must be an object with role and/or add_synonyms")
            c = r.semantics.add(column=name)
            if "role" in change:
                role = change["role"]
                if role is not None and role not in ROLES:
                    raise InvalidArgument(f"role must be one of {', '.join(ROLES)}")
                c.role = role or ""
            syns = change.get("add_synonyms") or []
            if not isinstance(syns, list) or not all(isinstance(x, str) for x in syns):
                raise InvalidArgument("a synonym is a word or short phrase: letters, digits, spaces "
                                      "(at most 60 characters)")
            c.add_synonyms.extend(syns)
    return r


@router.post("/api/connect_{connection_type}", response_model=ConnectedOut)
async def connect(gw: State, who: Caller, connection_type: str, body: dict[str, Any]) -> JSONResponse:
    """Create or replace a connection. Fields per type follow Dot's ``connect_*`` endpoints."""
    if connection_type not in CONNECTION_TYPES:
        raise InvalidArgument(f"unknown connection type '{connection_type}': use one of {', '.join(CONNECTION_TYPES)}")
    cid = body.pop("connection_id", "") or ""
    if not isinstance(cid, str):
        raise InvalidArgument("connection_id must be a string")
    r = await gw.clients.knowledge.Connect(
        knowledge_pb2.ConnectRequest(type=connection_type, connection_id=cid, fields=values.to_fields(body)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(ConnectedOut(connection_id=r.connection.connection_id, type=r.connection.type))


@router.get("/api/connections", response_model=list[ConnectionOut])
async def list_connections(gw: State, who: Caller) -> JSONResponse:
    r = await gw.clients.knowledge.ListConnections(knowledge_pb2.ListConnectionsRequest(), metadata=who.metadata,
                                                   timeout=RPC_TIMEOUT)
    return respond([connection_out(c) for c in r.connections])


class TestConnectionOut(BaseModel):
    ok: bool
    detail: str


@router.post("/api/test_connection", response_model=TestConnectionOut)
async def test_connection(gw: State, who: Caller, body: ConnectionIdIn) -> JSONResponse:
    r = await gw.clients.knowledge.TestConnection(
        knowledge_pb2.TestConnectionRequest(connection_id=body.connection_id), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return respond(TestConnectionOut(ok=r.ok, detail=r.detail))


@router.post("/api/remove_connection")
async def remove_connection(gw: State, who: Caller, body: RemoveConnectionIn) -> dict[str, Any]:
    await gw.clients.knowledge.RemoveConnection(
        knowledge_pb2.RemoveConnectionRequest(connection_id=body.connection_id,
                                              delete_table_setup=body.delete_table_setup),
        # deleting a big catalog's rows and search index (20,000 tables: ~3 M rows) is a sync's
        # work, not a page's: on a deadline it would roll back and leave the connection in place
        metadata=who.metadata, timeout=SYNC_TIMEOUT if body.delete_table_setup else RPC_TIMEOUT)
    return {"connection_id": body.connection_id, "removed": True}


@router.post("/api/sync/{connection_type}/{connection_id}", response_model=SyncOut)
async def sync_connection(gw: State, who: QueryCaller, connection_type: str, connection_id: str) -> JSONResponse:
    """Sync connection with an API token (header, or ``?user_id=&api_token=`` for webhooks)."""
    r = await gw.clients.knowledge.Sync(
        knowledge_pb2.SyncRequest(connection_type=connection_type, connection_id=connection_id),
        metadata=who.metadata, timeout=SYNC_TIMEOUT)
    return respond(sync_out(r.result))


@router.post("/api/dbt/artifacts", response_model=SyncOut)
async def upload_dbt_artifacts(
    gw: State,
    who: Caller,
    connection_id: Annotated[str, Form(max_length=120)],
    manifest: Annotated[UploadFile, File()],
    catalog: Annotated[UploadFile | None, File()] = None,
) -> JSONResponse:
    """Upload dbt ``manifest.json`` (+ optional ``catalog.json``) for a dbt connection, then apply it."""
    m = await manifest.read(MAX_ARTIFACT_BYTES + 1)
    c = await catalog.read(MAX_ARTIFACT_BYTES + 1) if catalog is not None else b""
    if len(m) > MAX_ARTIFACT_BYTES or len(c) > MAX_ARTIFACT_BYTES:
        raise InvalidArgument(f"dbt artifacts must be at most {MAX_ARTIFACT_BYTES} bytes each")
    r = await gw.clients.knowledge.UploadDbtArtifacts(
        knowledge_pb2.UploadDbtArtifactsRequest(connection_id=connection_id, manifest=m, catalog=c),
        metadata=who.metadata, timeout=SYNC_TIMEOUT)
    return respond(sync_out(r.result))


@router.get("/api/tables", tags=["Tables"], response_model=list[TableDetail] | list[TableSummary])
async def list_tables(gw: State, who: Caller, lite: bool = False, include_archived: bool = False) -> JSONResponse:
    """Tables the caller may see: detailed (columns, keys, docs) unless ``lite``."""
    r = await gw.clients.knowledge.ListTables(
        knowledge_pb2.ListTablesRequest(lite=lite, include_archived=include_archived),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond([table_out(t) for t in r.tables])


@router.get("/api/tables/{table_id:path}", tags=["Tables"], response_model=TableDetail)
async def get_table(gw: State, who: Caller, table_id: str) -> JSONResponse:
    r = await gw.clients.knowledge.GetTable(knowledge_pb2.GetTableRequest(table_id=table_id), metadata=who.metadata,
                                            timeout=RPC_TIMEOUT)
    return respond(table_out(r.table))


async def _save_doc(gw: GatewayState, who: Verified, req: knowledge_pb2.SaveTableDocRequest) -> JSONResponse:
    r = await gw.clients.knowledge.SaveTableDoc(req, metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond(table_out(r.table))


@router.post("/api/save_table_doc", tags=["Tables"], response_model=TableDetail)
async def save_table_doc(gw: State, who: Caller, body: TableDocIn) -> JSONResponse:
    """Save human docs for a table: ``{"table": {"id", "description"?, "columns"?: [{name, description}]}}``."""
    return await _save_doc(gw, who, table_doc_request(body.table))


@router.post("/api/set_column_role", tags=["Tables"], response_model=TableDetail)
async def set_column_role(gw: State, who: Caller, body: ColumnRoleIn) -> JSONResponse:
    """Extension: correct a column's semantic role (identifier, label, measure, time, flag, category, text) for the
    offline analyst; ``null`` returns to the derived role. Returns the table."""
    return await _save_doc(gw, who, table_doc_request({"id": body.table_id,
                                                       "semantics": {body.column: {"role": body.role}}}))


@router.post("/api/add_synonym", tags=["Tables"], response_model=TableDetail)
async def add_synonym(gw: State, who: Caller, body: SynonymIn) -> JSONResponse:
    """Extension: another word for a column ('turnover' for revenue) that questions may use. Returns the table."""
    return await _save_doc(gw, who, table_doc_request({"id": body.table_id,
                                                       "semantics": {body.column: {"add_synonyms": [body.synonym]}}}))


@router.post("/api/add_doc_to_group", tags=["Tables"], response_model=TableDetail)
async def add_doc_to_group(gw: State, who: Caller, body: DocGroupIn) -> JSONResponse:
    r = await gw.clients.knowledge.AddDocToGroup(
        knowledge_pb2.AddDocToGroupRequest(doc_id=body.doc_id, group=body.group), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return respond(table_out(r.table))


@router.post("/api/remove_doc_from_group", tags=["Tables"], response_model=TableDetail)
async def remove_doc_from_group(gw: State, who: Caller, body: DocGroupIn) -> JSONResponse:
    r = await gw.clients.knowledge.RemoveDocFromGroup(
        knowledge_pb2.RemoveDocFromGroupRequest(doc_id=body.doc_id, group=body.group), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return respond(table_out(r.table))


@router.post("/api/set_row_filter", tags=["Tables"], response_model=TableDetail)
async def set_row_filter(gw: State, who: Caller, body: RowFilterIn) -> JSONResponse:
    """Row-level permissions: a WHERE template with ``${groupname}`` / ``${all_groupnames}``; empty disables."""
    r = await gw.clients.knowledge.SetRowFilter(
        knowledge_pb2.SetRowFilterRequest(table_id=body.table_id, template=body.template), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return respond(table_out(r.table))


@router.post("/api/import_and_overwrite_external_asset", tags=["External assets"], response_model=ExternalAssetOut)
async def import_external_asset(gw: State, who: QueryCaller, body: ExternalAssetIn) -> JSONResponse:
    """Upsert an external asset by ``id`` (header or ``?user_id=&api_token=`` auth)."""
    r = await gw.clients.knowledge.ImportExternalAsset(
        knowledge_pb2.ImportExternalAssetRequest(asset=asset_pb(body.external_asset)), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return respond(asset_out(r.asset))


@router.get("/api/external_assets", tags=["External assets"], response_model=list[ExternalAssetOut])
async def list_external_assets(gw: State, who: Caller) -> JSONResponse:
    r = await gw.clients.knowledge.ListExternalAssets(knowledge_pb2.ListExternalAssetsRequest(),
                                                      metadata=who.metadata, timeout=RPC_TIMEOUT)
    return respond([asset_out(a) for a in r.assets])


@router.post("/api/delete_external_asset", tags=["External assets"])
async def delete_external_asset(gw: State, who: Caller,
                                asset_id: Annotated[str, Query(max_length=500)]) -> dict[str, Any]:
    await gw.clients.knowledge.DeleteExternalAsset(knowledge_pb2.DeleteExternalAssetRequest(asset_id=asset_id),
                                                   metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"id": asset_id, "deleted": True}


@router.get("/api/search", tags=["Tables"], response_model=list[TableHit | AssetHit])
async def search(gw: State, who: Caller, q: Annotated[str, Query(max_length=500)],
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> JSONResponse:
    """Full-text search over visible tables and external assets."""
    r = await gw.clients.knowledge.Search(knowledge_pb2.SearchRequest(query=q, limit=limit), metadata=who.metadata,
                                          timeout=RPC_TIMEOUT)
    return respond([hit_out(h) for h in r.hits])


@router.get("/api/cli/catalog", tags=["CLI"], response_model=CliCatalogOut)
async def cli_catalog(gw: State, who: Caller) -> JSONResponse:
    """Instant data overview for ``dot catalog`` (no LLM call)."""
    r = await gw.clients.knowledge.GetCliCatalog(knowledge_pb2.GetCliCatalogRequest(), metadata=who.metadata,
                                                 timeout=RPC_TIMEOUT)
    return respond(cli_catalog_out(r))
