"""Connections, sync, tables and access, external assets, catalog (contract §3.2, §3.3, §3.8, §3.10)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import BaseModel, Field

from dot.v1 import common_pb2, knowledge_pb2
from gateway.deps import Caller, QueryCaller, State
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


def conn_dict(c: knowledge_pb2.Connection) -> dict[str, Any]:
    return {"connection_id": c.connection_id, "id": c.connection_id, "type": c.type, "created_at": c.created_at,
            "last_synced_at": c.last_synced_at or None, "table_count": c.table_count, "status": c.status,
            "params": json.loads(c.params_json or "{}")}


def sync_dict(r: knowledge_pb2.SyncResult) -> dict[str, Any]:
    return {
        "sync_id": r.sync_id, "connection_id": r.connection_id, "status": r.status,
        "tables": {"added": r.tables_added, "changed": r.tables_changed, "removed": r.tables_removed},
        "columns": {"added": r.columns_added, "changed": r.columns_changed, "removed": r.columns_removed},
        "docs_attached": r.docs_attached, "duration_s": round(r.duration_s, 3),
    }


@router.post("/api/connect_{connection_type}")
async def connect(gw: State, who: Caller, connection_type: str, body: dict[str, Any]) -> dict[str, Any]:
    """Create or replace a connection. Fields per type follow Dot's ``connect_*`` endpoints."""
    if connection_type not in CONNECTION_TYPES:
        raise InvalidArgument(f"unknown connection type '{connection_type}': use one of {', '.join(CONNECTION_TYPES)}")
    cid = body.pop("connection_id", "") or ""
    if not isinstance(cid, str):
        raise InvalidArgument("connection_id must be a string")
    c = await gw.clients.knowledge.Connect(
        knowledge_pb2.ConnectRequest(type=connection_type, connection_id=cid, params_json=json.dumps(body)),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"connection_id": c.connection_id, "type": c.type}


@router.get("/api/connections")
async def list_connections(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.knowledge.ListConnections(common_pb2.Empty(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [conn_dict(c) for c in r.connections]


@router.post("/api/test_connection")
async def test_connection(gw: State, who: Caller, body: ConnectionIdIn) -> dict[str, Any]:
    r = await gw.clients.knowledge.TestConnection(knowledge_pb2.ConnectionRef(connection_id=body.connection_id),
                                                  metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"ok": r.ok, "detail": r.detail}


@router.post("/api/remove_connection")
async def remove_connection(gw: State, who: Caller, body: RemoveConnectionIn) -> dict[str, Any]:
    await gw.clients.knowledge.RemoveConnection(
        knowledge_pb2.RemoveConnectionRequest(connection_id=body.connection_id,
                                              delete_table_setup=body.delete_table_setup),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return {"connection_id": body.connection_id, "removed": True}


@router.post("/api/sync/{connection_type}/{connection_id}")
async def sync_connection(gw: State, who: QueryCaller, connection_type: str, connection_id: str) -> dict[str, Any]:
    """Sync connection with an API token (header, or ``?user_id=&api_token=`` for webhooks)."""
    r = await gw.clients.knowledge.Sync(
        knowledge_pb2.SyncRequest(connection_type=connection_type, connection_id=connection_id),
        metadata=who.metadata, timeout=SYNC_TIMEOUT)
    return sync_dict(r)


@router.post("/api/dbt/artifacts")
async def upload_dbt_artifacts(
    gw: State,
    who: Caller,
    connection_id: Annotated[str, Form(max_length=120)],
    manifest: Annotated[UploadFile, File()],
    catalog: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    """Upload dbt ``manifest.json`` (+ optional ``catalog.json``) for a dbt connection, then apply it."""
    m = await manifest.read(MAX_ARTIFACT_BYTES + 1)
    c = await catalog.read(MAX_ARTIFACT_BYTES + 1) if catalog is not None else b""
    if len(m) > MAX_ARTIFACT_BYTES or len(c) > MAX_ARTIFACT_BYTES:
        raise InvalidArgument(f"dbt artifacts must be at most {MAX_ARTIFACT_BYTES} bytes each")
    r = await gw.clients.knowledge.UploadDbtArtifacts(
        knowledge_pb2.DbtArtifacts(connection_id=connection_id, manifest=m, catalog=c),
        metadata=who.metadata, timeout=SYNC_TIMEOUT)
    return sync_dict(r)


@router.get("/api/tables", tags=["Tables"])
async def list_tables(gw: State, who: Caller, lite: bool = False, include_archived: bool = False) -> list[dict[str, Any]]:
    r = await gw.clients.knowledge.ListTables(
        knowledge_pb2.ListTablesRequest(lite=lite, include_archived=include_archived),
        metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [json.loads(x) for x in r.items]


@router.get("/api/tables/{table_id:path}", tags=["Tables"])
async def get_table(gw: State, who: Caller, table_id: str) -> dict[str, Any]:
    r = await gw.clients.knowledge.GetTable(knowledge_pb2.TableRef(table_id=table_id), metadata=who.metadata,
                                            timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/save_table_doc", tags=["Tables"])
async def save_table_doc(gw: State, who: Caller, body: TableDocIn) -> dict[str, Any]:
    """Save human docs for a table: ``{"table": {"id", "description"?, "columns"?: [{name, description}]}}``."""
    r = await gw.clients.knowledge.SaveTableDoc(common_pb2.JsonDoc(json=json.dumps(body.table)),
                                                metadata=who.metadata, timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/set_column_role", tags=["Tables"])
async def set_column_role(gw: State, who: Caller, body: ColumnRoleIn) -> dict[str, Any]:
    """Extension: correct a column's semantic role (identifier, label, measure, time, flag, category, text) for the
    offline analyst; ``null`` returns to the derived role. Returns the table."""
    doc = {"id": body.table_id, "semantics": {body.column: {"role": body.role}}}
    r = await gw.clients.knowledge.SaveTableDoc(common_pb2.JsonDoc(json=json.dumps(doc)), metadata=who.metadata,
                                                timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/add_synonym", tags=["Tables"])
async def add_synonym(gw: State, who: Caller, body: SynonymIn) -> dict[str, Any]:
    """Extension: another word for a column ('turnover' for revenue) that questions may use. Returns the table."""
    doc = {"id": body.table_id, "semantics": {body.column: {"add_synonyms": [body.synonym]}}}
    r = await gw.clients.knowledge.SaveTableDoc(common_pb2.JsonDoc(json=json.dumps(doc)), metadata=who.metadata,
                                                timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/add_doc_to_group", tags=["Tables"])
async def add_doc_to_group(gw: State, who: Caller, body: DocGroupIn) -> dict[str, Any]:
    r = await gw.clients.knowledge.AddDocToGroup(knowledge_pb2.DocGroupRequest(doc_id=body.doc_id, group=body.group),
                                                 metadata=who.metadata, timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/remove_doc_from_group", tags=["Tables"])
async def remove_doc_from_group(gw: State, who: Caller, body: DocGroupIn) -> dict[str, Any]:
    r = await gw.clients.knowledge.RemoveDocFromGroup(
        knowledge_pb2.DocGroupRequest(doc_id=body.doc_id, group=body.group), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/set_row_filter", tags=["Tables"])
async def set_row_filter(gw: State, who: Caller, body: RowFilterIn) -> dict[str, Any]:
    """Row-level permissions: a WHERE template with ``${groupname}`` / ``${all_groupnames}``; empty disables."""
    r = await gw.clients.knowledge.SetRowFilter(
        knowledge_pb2.RowFilterRequest(table_id=body.table_id, template=body.template), metadata=who.metadata,
        timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.post("/api/import_and_overwrite_external_asset", tags=["External assets"])
async def import_external_asset(gw: State, who: QueryCaller, body: ExternalAssetIn) -> dict[str, Any]:
    """Upsert an external asset by ``id`` (header or ``?user_id=&api_token=`` auth)."""
    r = await gw.clients.knowledge.ImportExternalAsset(
        common_pb2.JsonDoc(json=body.external_asset.model_dump_json()), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return json.loads(r.json)


@router.get("/api/external_assets", tags=["External assets"])
async def list_external_assets(gw: State, who: Caller) -> list[dict[str, Any]]:
    r = await gw.clients.knowledge.ListExternalAssets(common_pb2.Empty(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return [json.loads(x) for x in r.items]


@router.post("/api/delete_external_asset", tags=["External assets"])
async def delete_external_asset(gw: State, who: Caller,
                                asset_id: Annotated[str, Query(max_length=500)]) -> dict[str, Any]:
    await gw.clients.knowledge.DeleteExternalAsset(knowledge_pb2.AssetRef(asset_id=asset_id), metadata=who.metadata,
                                                   timeout=RPC_TIMEOUT)
    return {"id": asset_id, "deleted": True}


@router.get("/api/search", tags=["Tables"])
async def search(gw: State, who: Caller, q: Annotated[str, Query(max_length=500)],
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """Full-text search over visible tables and external assets."""
    r = await gw.clients.knowledge.Search(knowledge_pb2.SearchRequest(query=q, limit=limit), metadata=who.metadata,
                                          timeout=RPC_TIMEOUT)
    return [json.loads(x) for x in r.items]


@router.get("/api/cli/catalog", tags=["CLI"])
async def cli_catalog(gw: State, who: Caller) -> dict[str, Any]:
    """Instant data overview for ``dot catalog`` (no LLM call)."""
    r = await gw.clients.knowledge.GetCliCatalog(common_pb2.Empty(), metadata=who.metadata, timeout=RPC_TIMEOUT)
    return json.loads(r.json)
