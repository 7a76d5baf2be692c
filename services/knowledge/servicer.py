"""KnowledgeService over gRPC: identity, then KnowledgeDomain; JSON where Dot's shapes are free-form."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

import grpc

from dot.v1 import common_pb2, knowledge_pb2, knowledge_pb2_grpc
from services.common.errors import InvalidArgument
from services.common.identity import Identity
from services.knowledge.domain import KnowledgeDomain


def _json_default(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 2**53 else float(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return str(v)


def dumps(v: Any) -> str:
    return json.dumps(v, default=_json_default)


def _params(text: str) -> dict[str, Any]:
    try:
        v = json.loads(text or "{}")
    except ValueError:
        raise InvalidArgument("connection fields must be a JSON object") from None
    if not isinstance(v, dict):
        raise InvalidArgument("connection fields must be a JSON object")
    return v


def conn_pb(row: Any, table_count: int = 0) -> knowledge_pb2.Connection:
    return knowledge_pb2.Connection(connection_id=row["id"], type=row["type"], created_at=row["created_at"],
                                    last_synced_at=row["last_synced_at"] or "", table_count=table_count,
                                    params_json=row["public_json"], status=row["status"])


def sync_pb(r: dict[str, Any]) -> knowledge_pb2.SyncResult:
    return knowledge_pb2.SyncResult(
        sync_id=r.get("sync_id", ""), connection_id=r.get("connection_id", ""),
        tables_added=r.get("tables_added", 0), tables_changed=r.get("tables_changed", 0),
        tables_removed=r.get("tables_removed", 0), columns_added=r.get("columns_added", 0),
        columns_changed=r.get("columns_changed", 0), columns_removed=r.get("columns_removed", 0),
        duration_s=float(r.get("duration_s", 0.0)), status=r.get("status", "ok"),
        docs_attached=r.get("docs_attached", 0))


class KnowledgeServicer(knowledge_pb2_grpc.KnowledgeServiceServicer):
    def __init__(self, domain: KnowledgeDomain, identity: Identity) -> None:
        self.d = domain
        self.identity = identity

    async def Connect(self, request: knowledge_pb2.ConnectRequest, context: grpc.aio.ServicerContext) -> knowledge_pb2.Connection:
        p = await self.identity(context)
        return conn_pb(await self.d.connect(p, request.type, request.connection_id, _params(request.params_json)))

    async def ListConnections(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> knowledge_pb2.ConnectionList:
        p = await self.identity(context)
        return knowledge_pb2.ConnectionList(connections=[conn_pb(r, n) for r, n in await self.d.list_connections(p)])

    async def TestConnection(self, request: knowledge_pb2.ConnectionRef, context: grpc.aio.ServicerContext) -> knowledge_pb2.TestConnectionResult:
        p = await self.identity(context)
        ok, detail = await self.d.test_connection(p, request.connection_id)
        return knowledge_pb2.TestConnectionResult(ok=ok, detail=detail)

    async def RemoveConnection(self, request: knowledge_pb2.RemoveConnectionRequest, context: grpc.aio.ServicerContext) -> common_pb2.Empty:
        p = await self.identity(context)
        await self.d.remove_connection(p, request.connection_id, request.delete_table_setup)
        return common_pb2.Empty()

    async def Sync(self, request: knowledge_pb2.SyncRequest, context: grpc.aio.ServicerContext) -> knowledge_pb2.SyncResult:
        p = await self.identity(context)
        return sync_pb(await self.d.sync(p, request.connection_type, request.connection_id))

    async def UploadDbtArtifacts(self, request: knowledge_pb2.DbtArtifacts, context: grpc.aio.ServicerContext) -> knowledge_pb2.SyncResult:
        p = await self.identity(context)
        return sync_pb(await self.d.upload_dbt(p, request.connection_id, request.manifest, request.catalog or None))

    async def ListTables(self, request: knowledge_pb2.ListTablesRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonList:
        p = await self.identity(context)
        return common_pb2.JsonList(items=[dumps(x) for x in await self.d.list_tables(p, request.lite, request.include_archived)])

    async def GetTable(self, request: knowledge_pb2.TableRef, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.get_table(p, request.table_id)))

    async def SaveTableDoc(self, request: common_pb2.JsonDoc, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        doc = _params(request.json)
        return common_pb2.JsonDoc(json=dumps(await self.d.save_table_doc(p, doc)))

    async def AddDocToGroup(self, request: knowledge_pb2.DocGroupRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.set_table_group(p, request.doc_id, request.group, True)))

    async def RemoveDocFromGroup(self, request: knowledge_pb2.DocGroupRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.set_table_group(p, request.doc_id, request.group, False)))

    async def SetRowFilter(self, request: knowledge_pb2.RowFilterRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.set_row_filter(p, request.table_id, request.template)))

    async def ImportExternalAsset(self, request: common_pb2.JsonDoc, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.import_asset(p, _params(request.json))))

    async def ListExternalAssets(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> common_pb2.JsonList:
        p = await self.identity(context)
        return common_pb2.JsonList(items=[dumps(a) for a in await self.d.list_assets(p)])

    async def DeleteExternalAsset(self, request: knowledge_pb2.AssetRef, context: grpc.aio.ServicerContext) -> common_pb2.Empty:
        p = await self.identity(context)
        await self.d.delete_asset(p, request.asset_id)
        return common_pb2.Empty()

    async def Search(self, request: knowledge_pb2.SearchRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonList:
        p = await self.identity(context)
        return common_pb2.JsonList(items=[dumps(x) for x in await self.d.search(p, request.query, request.limit)])

    async def GetCliCatalog(self, request: common_pb2.Empty, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.cli_catalog(p)))

    async def GetSchema(self, request: knowledge_pb2.SchemaRequest, context: grpc.aio.ServicerContext) -> common_pb2.JsonDoc:
        p = await self.identity(context)
        return common_pb2.JsonDoc(json=dumps(await self.d.schema(p, request.connection_id, request.question)))

    async def ExecuteQuery(self, request: knowledge_pb2.QueryRequest, context: grpc.aio.ServicerContext) -> knowledge_pb2.QueryResponse:
        p = await self.identity(context)
        r = await self.d.execute(p, request.connection_id, request.sql, request.max_rows, request.timeout_s)
        return knowledge_pb2.QueryResponse(sql=r["sql"], columns=r["columns"], rows_json=dumps([list(x) for x in r["rows"]]),
                                           truncated=r["truncated"], tables=r["tables"], dialect=r["dialect"])
