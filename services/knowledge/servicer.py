"""KnowledgeService over gRPC: identity, then KnowledgeDomain; domain dicts <-> typed messages here."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import grpc

from dot.v1 import knowledge_pb2, knowledge_pb2_grpc
from services.common import values
from services.common.callctx import current_principal
from services.common.errors import DomainError
from services.knowledge.domain import KnowledgeDomain


def conn_pb(row: Any, table_count: int = 0) -> knowledge_pb2.Connection:
    return knowledge_pb2.Connection(connection_id=row["id"], type=row["type"], created_at=row["created_at"],
                                    last_synced_at=row["last_synced_at"] or "", table_count=table_count,
                                    fields=values.to_fields(json.loads(row["public_json"] or "{}")),
                                    status=row["status"])


def sync_pb(r: dict[str, Any]) -> knowledge_pb2.SyncResult:
    return knowledge_pb2.SyncResult(
        sync_id=r.get("sync_id", ""), connection_id=r.get("connection_id", ""),
        tables_added=r.get("tables_added", 0), tables_changed=r.get("tables_changed", 0),
        tables_removed=r.get("tables_removed", 0), columns_added=r.get("columns_added", 0),
        columns_changed=r.get("columns_changed", 0), columns_removed=r.get("columns_removed", 0),
        duration_s=float(r.get("duration_s", 0.0)), status=r.get("status", "ok"),
        docs_attached=r.get("docs_attached", 0))


def table_pb(d: dict[str, Any]) -> knowledge_pb2.Table:
    """A table dict of the domain (Dot's table shape) as a ``Table``."""
    t = knowledge_pb2.Table(
        id=d["id"], name=d["name"], table_name=d["table_name"], schema=d["schema"], connection_id=d["connection_id"],
        kind=d["kind"], description=d["description"] or "", column_count=d["column_count"], groups=d["groups"],
        archived=d["archived"], updated_at=d["updated_at"] or "")
    if d.get("num_rows") is not None:
        t.num_rows = int(d["num_rows"])
    if d.get("row_filter") is not None:
        t.row_filter = d["row_filter"]
    if "columns" in d:
        t.detailed = True
        t.columns.extend(knowledge_pb2.TableColumn(
            name=c["name"], type=c["type"] or "", nullable=bool(c["nullable"]), comment=c["comment"] or "",
            user_comment=c["user_comment"] or "", dbt_description=c["dbt_description"] or "",
            lookml_description=c["lookml_description"] or "", description=c["description"] or "",
            sample_values=[values.to_value(v) for v in c["sample_values"]], values_complete=c["values_complete"],
            distinct_count=c["distinct_count"], role=c["role"], role_source=c["role_source"],
            synonyms=c["synonyms"]) for c in d["columns"])
        t.primary_key.extend(d["primary_key"])
        t.relationships.extend(knowledge_pb2.Relationship(type=r["type"], own_columns=r["own_columns"] or [],
                                                          table=r["table"], columns=r["columns"])
                               for r in d["relationships"])
        t.dbt_json = json.dumps(d["dbt"]) if d.get("dbt") is not None else ""
        t.lookml_json = json.dumps(d["lookml"]) if d.get("lookml") is not None else ""
        t.warehouse_comment = d.get("warehouse_comment") or ""
    return t


ASSET_FIELDS = ("folder", "name", "description", "url", "view_count", "last_accessed_at", "dot_description")


def asset_pb(a: dict[str, Any]) -> knowledge_pb2.ExternalAsset:
    out = knowledge_pb2.ExternalAsset(id=str(a.get("id", "")), subtype=str(a.get("subtype", "")),
                                      active=bool(a.get("active", True)))
    for k in ASSET_FIELDS:
        if a.get(k) is not None:
            setattr(out, k, a[k])
    return out


def asset_dict(a: knowledge_pb2.ExternalAsset) -> dict[str, Any]:
    """The domain's asset dict (every field, null when unset)."""
    return asset_json(a)


def asset_json(a: knowledge_pb2.ExternalAsset) -> dict[str, Any]:
    """Dot's external_asset object: every field, null when unset, in the documented order."""
    def opt(k: str) -> Any:
        return getattr(a, k) if a.HasField(k) else None

    return {"id": a.id, "subtype": a.subtype, "folder": opt("folder"), "name": opt("name"),
            "description": opt("description"), "url": opt("url"), "active": a.active, "view_count": opt("view_count"),
            "last_accessed_at": opt("last_accessed_at"), "dot_description": opt("dot_description")}


def table_doc(r: knowledge_pb2.SaveTableDocRequest) -> dict[str, Any]:
    """The domain's table-doc change from its typed request."""
    doc: dict[str, Any] = {"id": r.table_id}
    if r.HasField("description"):
        doc["description"] = r.description
    if r.columns:
        doc["columns"] = [{"name": c.name, "description": c.description} for c in r.columns]
    if r.semantics:
        sem: dict[str, dict[str, Any]] = {}
        for c in r.semantics:
            change = sem.setdefault(c.column, {})
            if c.HasField("role"):
                change["role"] = c.role or None
            if c.add_synonyms:
                change["add_synonyms"] = [*change.get("add_synonyms", []), *c.add_synonyms]
        doc["semantics"] = sem
    return doc


def search_hit_pb(x: dict[str, Any]) -> knowledge_pb2.SearchHit:
    if x.get("kind") == "table":
        return knowledge_pb2.SearchHit(table=table_pb(x), score=float(x["score"]), demo=bool(x.get("demo")),
                                       matched_names=x.get("matched_names", []),
                                       matched_columns=x.get("matched_columns", []))
    return knowledge_pb2.SearchHit(asset=asset_pb(x), score=float(x["score"]))


def schema_pb(d: dict[str, Any]) -> knowledge_pb2.GetSchemaResponse:
    return knowledge_pb2.GetSchemaResponse(connection_id=d["connection_id"], dialect=d["dialect"], tables=[
        knowledge_pb2.SchemaTable(
            name=t["name"], description=t["description"] or "", row_count=t.get("row_count"), tags=t["tags"],
            columns=[knowledge_pb2.SchemaColumn(
                name=c["name"], type=c["type"] or "", description=c["description"] or "",
                is_primary_key=c["is_primary_key"], sample_values=[values.to_value(v) for v in c["sample_values"]],
                values_complete=bool(c["values_complete"]), distinct_count=c.get("distinct_count"),
                role=c["role"] or "", synonyms=c["synonyms"]) for c in t["columns"]],
            foreign_keys=[knowledge_pb2.ForeignKey(**f) for f in t["foreign_keys"]])
        for t in d["tables"]])


def cli_catalog_pb(d: dict[str, Any]) -> knowledge_pb2.GetCliCatalogResponse:
    return knowledge_pb2.GetCliCatalogResponse(
        org_id=d["org_id"], capabilities=d["capabilities"], custom_skills=d["custom_skills"],
        connections=[knowledge_pb2.CatalogConnection(**c) for c in d["connections"]],
        tables=[table_pb(t) for t in d["tables"]], total_tables=d["total_tables"],
        external_assets=d["external_assets"])


class KnowledgeServicer(knowledge_pb2_grpc.KnowledgeServiceServicer):
    def __init__(self, domain: KnowledgeDomain) -> None:
        self.d = domain

    async def Connect(self, request: knowledge_pb2.ConnectRequest,
                      context: grpc.aio.ServicerContext) -> knowledge_pb2.ConnectResponse:
        p = current_principal()
        row = await self.d.connect(p, request.type, request.connection_id, values.from_fields(request.fields))
        return knowledge_pb2.ConnectResponse(connection=conn_pb(row))

    async def ListConnections(self, request: knowledge_pb2.ListConnectionsRequest,
                              context: grpc.aio.ServicerContext) -> knowledge_pb2.ListConnectionsResponse:
        p = current_principal()
        return knowledge_pb2.ListConnectionsResponse(
            connections=[conn_pb(r, n) for r, n in await self.d.list_connections(p)])

    async def TestConnection(self, request: knowledge_pb2.TestConnectionRequest,
                             context: grpc.aio.ServicerContext) -> knowledge_pb2.TestConnectionResponse:
        p = current_principal()
        ok, detail = await self.d.test_connection(p, request.connection_id)
        return knowledge_pb2.TestConnectionResponse(ok=ok, detail=detail)

    async def RemoveConnection(self, request: knowledge_pb2.RemoveConnectionRequest,
                               context: grpc.aio.ServicerContext) -> knowledge_pb2.RemoveConnectionResponse:
        p = current_principal()
        await self.d.remove_connection(p, request.connection_id, request.delete_table_setup)
        return knowledge_pb2.RemoveConnectionResponse()

    async def Sync(self, request: knowledge_pb2.SyncRequest,
                   context: grpc.aio.ServicerContext) -> knowledge_pb2.SyncResponse:
        p = current_principal()
        return knowledge_pb2.SyncResponse(result=sync_pb(await self.d.sync(p, request.connection_type,
                                                                           request.connection_id)))

    async def UploadDbtArtifacts(self, request: knowledge_pb2.UploadDbtArtifactsRequest,
                                 context: grpc.aio.ServicerContext) -> knowledge_pb2.UploadDbtArtifactsResponse:
        p = current_principal()
        r = await self.d.upload_dbt(p, request.connection_id, request.manifest, request.catalog or None)
        return knowledge_pb2.UploadDbtArtifactsResponse(result=sync_pb(r))

    async def ListTables(self, request: knowledge_pb2.ListTablesRequest,
                         context: grpc.aio.ServicerContext) -> knowledge_pb2.ListTablesResponse:
        p = current_principal()
        rows = await self.d.list_tables(p, request.lite, request.include_archived)
        return knowledge_pb2.ListTablesResponse(tables=[table_pb(x) for x in rows])

    async def GetTable(self, request: knowledge_pb2.GetTableRequest,
                       context: grpc.aio.ServicerContext) -> knowledge_pb2.GetTableResponse:
        p = current_principal()
        return knowledge_pb2.GetTableResponse(table=table_pb(await self.d.get_table(p, request.table_id)))

    async def SaveTableDoc(self, request: knowledge_pb2.SaveTableDocRequest,
                           context: grpc.aio.ServicerContext) -> knowledge_pb2.SaveTableDocResponse:
        p = current_principal()
        return knowledge_pb2.SaveTableDocResponse(table=table_pb(await self.d.save_table_doc(p, table_doc(request))))

    async def AddDocToGroup(self, request: knowledge_pb2.AddDocToGroupRequest,
                            context: grpc.aio.ServicerContext) -> knowledge_pb2.AddDocToGroupResponse:
        p = current_principal()
        t = await self.d.set_table_group(p, request.doc_id, request.group, True)
        return knowledge_pb2.AddDocToGroupResponse(table=table_pb(t))

    async def RemoveDocFromGroup(self, request: knowledge_pb2.RemoveDocFromGroupRequest,
                                 context: grpc.aio.ServicerContext) -> knowledge_pb2.RemoveDocFromGroupResponse:
        p = current_principal()
        t = await self.d.set_table_group(p, request.doc_id, request.group, False)
        return knowledge_pb2.RemoveDocFromGroupResponse(table=table_pb(t))

    async def SetRowFilter(self, request: knowledge_pb2.SetRowFilterRequest,
                           context: grpc.aio.ServicerContext) -> knowledge_pb2.SetRowFilterResponse:
        p = current_principal()
        t = await self.d.set_row_filter(p, request.table_id, request.template)
        return knowledge_pb2.SetRowFilterResponse(table=table_pb(t))

    async def ImportExternalAsset(self, request: knowledge_pb2.ImportExternalAssetRequest,
                                  context: grpc.aio.ServicerContext) -> knowledge_pb2.ImportExternalAssetResponse:
        p = current_principal()
        a = await self.d.import_asset(p, asset_dict(request.asset))
        return knowledge_pb2.ImportExternalAssetResponse(asset=asset_pb(a))

    async def ListExternalAssets(self, request: knowledge_pb2.ListExternalAssetsRequest,
                                 context: grpc.aio.ServicerContext) -> knowledge_pb2.ListExternalAssetsResponse:
        p = current_principal()
        return knowledge_pb2.ListExternalAssetsResponse(assets=[asset_pb(a) for a in await self.d.list_assets(p)])

    async def DeleteExternalAsset(self, request: knowledge_pb2.DeleteExternalAssetRequest,
                                  context: grpc.aio.ServicerContext) -> knowledge_pb2.DeleteExternalAssetResponse:
        p = current_principal()
        await self.d.delete_asset(p, request.asset_id)
        return knowledge_pb2.DeleteExternalAssetResponse()

    async def Search(self, request: knowledge_pb2.SearchRequest,
                     context: grpc.aio.ServicerContext) -> knowledge_pb2.SearchResponse:
        p = current_principal()
        if not request.with_visible_connections:
            hits = await self.d.search(p, request.query, request.limit)
            return knowledge_pb2.SearchResponse(hits=[search_hit_pb(x) for x in hits])
        # routing reads both: the listing runs beside the search, and its failure only leaves it out
        listing = asyncio.ensure_future(self.d.visible_connections(p))
        try:
            hits = await self.d.search(p, request.query, request.limit)
        except BaseException:
            listing.cancel()
            with contextlib.suppress(BaseException):
                await listing
            raise
        r = knowledge_pb2.SearchResponse(hits=[search_hit_pb(x) for x in hits])
        try:
            r.visible_connections.extend(knowledge_pb2.VisibleConnection(**x) for x in await listing)
            r.visible_connections_listed = True
        except DomainError:
            del r.visible_connections[:]
        return r

    async def GetCliCatalog(self, request: knowledge_pb2.GetCliCatalogRequest,
                            context: grpc.aio.ServicerContext) -> knowledge_pb2.GetCliCatalogResponse:
        p = current_principal()
        return cli_catalog_pb(await self.d.cli_catalog(p))

    async def GetSchema(self, request: knowledge_pb2.GetSchemaRequest,
                        context: grpc.aio.ServicerContext) -> knowledge_pb2.GetSchemaResponse:
        p = current_principal()
        return schema_pb(await self.d.schema(p, request.connection_id, request.question))

    async def ListVisibleConnections(self, request: knowledge_pb2.ListVisibleConnectionsRequest,
                                     context: grpc.aio.ServicerContext) -> knowledge_pb2.ListVisibleConnectionsResponse:
        p = current_principal()
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(**x) for x in await self.d.visible_connections(p)])

    async def ExecuteQuery(self, request: knowledge_pb2.ExecuteQueryRequest,
                           context: grpc.aio.ServicerContext) -> knowledge_pb2.ExecuteQueryResponse:
        p = current_principal()
        r = await self.d.execute(p, request.connection_id, request.sql, request.max_rows, request.timeout_s,
                                 request.catalog_version)
        return knowledge_pb2.ExecuteQueryResponse(
            sql=r["sql"], columns=values.encode_columns(r["columns"], r["rows"]), row_count=len(r["rows"]),
            truncated=r["truncated"], tables=r["tables"], dialect=r["dialect"])
