"""Dot's HTTP response shapes as Pydantic models, built from the services' typed messages.

The only place Dot's JSON is shaped: routes declare these as ``response_model`` (so ``/openapi.json``
documents them) and answer ``respond(model)``. Field order is the order Dot's JSON has always had.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from dot.v1 import knowledge_pb2
from services.common import values


class Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


def respond(m: BaseModel | list[BaseModel], status_code: int = 200) -> JSONResponse:
    """The model as JSON, without FastAPI validating it a second time against ``response_model``."""
    if isinstance(m, list):
        return JSONResponse([x.model_dump(mode="json", by_alias=True) for x in m], status_code=status_code)
    return JSONResponse(m.model_dump(mode="json", by_alias=True), status_code=status_code)


# ---- knowledge ----------------------------------------------------------------------------

class ConnectionOut(Out):
    connection_id: str
    id: str
    type: str
    created_at: str
    last_synced_at: str | None
    table_count: int
    status: str
    params: dict[str, Any] = Field(description="the connection's fields; secrets are shown as ********")


class ConnectedOut(Out):
    connection_id: str
    type: str


class CountsOut(Out):
    added: int
    changed: int
    removed: int


class SyncOut(Out):
    sync_id: str
    connection_id: str
    status: str
    tables: CountsOut
    columns: CountsOut
    docs_attached: int
    duration_s: float


class TableSummary(Out):
    id: str
    name: str = Field(description="schema.name")
    table_name: str
    schema_: str = Field(alias="schema")
    connection_id: str
    kind: str
    description: str
    column_count: int
    num_rows: int | None
    groups: list[str]
    archived: bool
    row_filter: str | None
    updated_at: str


class ColumnOut(Out):
    role: str
    role_source: str
    synonyms: list[str]
    column_name: str
    name: str
    type: str
    nullable: bool
    comment: str
    user_comment: str
    dbt_description: str
    lookml_description: str
    description: str
    sample_values: list[Any]
    values_complete: bool
    distinct_count: int | None


class RelationshipOut(Out):
    type: str
    own_columns: list[str]
    table: str
    columns: list[str]


class TableDetail(TableSummary):
    columns: list[ColumnOut]
    primary_key: list[str]
    relationships: list[RelationshipOut]
    dbt: dict[str, Any] | None = Field(description="the attached dbt node, in dbt's own shape")
    lookml: dict[str, Any] | None = Field(description="the attached LookML view, in Looker's own shape")
    warehouse_comment: str


class ExternalAssetOut(Out):
    id: str
    subtype: str
    folder: str | None
    name: str | None
    description: str | None
    url: str | None
    active: bool
    view_count: int | None
    last_accessed_at: str | None
    dot_description: str | None


class TableHit(TableSummary):
    kind: Literal["table"] = "table"
    matched_names: list[str]
    matched_columns: list[str]
    demo: bool
    score: float


class AssetHit(ExternalAssetOut):
    kind: Literal["external_asset"] = "external_asset"
    score: float


class CatalogConnectionOut(Out):
    id: str
    type: str
    table_count: int


class CliCatalogOut(Out):
    org_id: str
    capabilities: list[str]
    custom_skills: list[str]
    connections: list[CatalogConnectionOut]
    tables: list[TableSummary]
    total_tables: int
    external_assets: dict[str, int]


def connection_out(c: knowledge_pb2.Connection) -> ConnectionOut:
    return ConnectionOut(connection_id=c.connection_id, id=c.connection_id, type=c.type, created_at=c.created_at,
                         last_synced_at=c.last_synced_at or None, table_count=c.table_count, status=c.status,
                         params=values.from_fields(c.fields))


def sync_out(r: knowledge_pb2.SyncResult) -> SyncOut:
    return SyncOut(sync_id=r.sync_id, connection_id=r.connection_id, status=r.status,
                   tables=CountsOut(added=r.tables_added, changed=r.tables_changed, removed=r.tables_removed),
                   columns=CountsOut(added=r.columns_added, changed=r.columns_changed, removed=r.columns_removed),
                   docs_attached=r.docs_attached, duration_s=round(r.duration_s, 3))


def _summary(t: knowledge_pb2.Table) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "table_name": t.table_name, "schema": t.schema,
            "connection_id": t.connection_id, "kind": t.kind, "description": t.description,
            "column_count": t.column_count, "num_rows": t.num_rows if t.HasField("num_rows") else None,
            "groups": list(t.groups), "archived": t.archived,
            "row_filter": t.row_filter if t.HasField("row_filter") else None, "updated_at": t.updated_at}


def table_out(t: knowledge_pb2.Table) -> TableSummary | TableDetail:
    """A detailed table with its columns and docs, or the listing's summary."""
    if not t.detailed:
        return TableSummary(**_summary(t))
    return TableDetail(
        **_summary(t),
        columns=[ColumnOut(
            role=c.role, role_source=c.role_source, synonyms=list(c.synonyms), column_name=c.name, name=c.name,
            type=c.type, nullable=c.nullable, comment=c.comment, user_comment=c.user_comment,
            dbt_description=c.dbt_description, lookml_description=c.lookml_description, description=c.description,
            sample_values=[values.from_value(v) for v in c.sample_values], values_complete=c.values_complete,
            distinct_count=c.distinct_count if c.HasField("distinct_count") else None) for c in t.columns],
        primary_key=list(t.primary_key),
        relationships=[RelationshipOut(type=r.type, own_columns=list(r.own_columns), table=r.table,
                                       columns=list(r.columns)) for r in t.relationships],
        dbt=json.loads(t.dbt_json) if t.dbt_json else None, lookml=json.loads(t.lookml_json) if t.lookml_json else None,
        warehouse_comment=t.warehouse_comment)


def _asset(a: knowledge_pb2.ExternalAsset) -> dict[str, Any]:
    def opt(k: str) -> Any:
        return getattr(a, k) if a.HasField(k) else None

    return {"id": a.id, "subtype": a.subtype, "folder": opt("folder"), "name": opt("name"),
            "description": opt("description"), "url": opt("url"), "active": a.active, "view_count": opt("view_count"),
            "last_accessed_at": opt("last_accessed_at"), "dot_description": opt("dot_description")}


def asset_out(a: knowledge_pb2.ExternalAsset) -> ExternalAssetOut:
    return ExternalAssetOut(**_asset(a))


def hit_out(h: knowledge_pb2.SearchHit) -> TableHit | AssetHit:
    if h.WhichOneof("item") == "table":
        return TableHit(**_summary(h.table), matched_names=list(h.matched_names),
                        matched_columns=list(h.matched_columns), demo=h.demo, score=h.score)
    return AssetHit(**_asset(h.asset), score=h.score)


def cli_catalog_out(r: knowledge_pb2.GetCliCatalogResponse) -> CliCatalogOut:
    return CliCatalogOut(
        org_id=r.org_id, capabilities=list(r.capabilities), custom_skills=list(r.custom_skills),
        connections=[CatalogConnectionOut(id=c.id, type=c.type, table_count=c.table_count) for c in r.connections],
        tables=[TableSummary(**_summary(t)) for t in r.tables], total_tables=r.total_tables,
        external_assets=dict(r.external_assets))


# ---- conversation -------------------------------------------------------------------------

class AnswerPartOut(Out):
    type: str = Field(description="text | dataframe | chart")
    data: str = Field(description="the text, or the key of an asset in additional_data.assets")


class DataframeAssetOut(Out):
    sql_query: str
    text_preview: str
    text_summary: str
    shape: list[int] = Field(description="[rows, columns]")
    csv_download_url: str


class ChartAssetOut(Out):
    interpretation: str
    chart_download_url: str
    vega_lite: dict[str, Any] = Field(description="a Vega-Lite specification")


class AnswerDataOut(Out):
    formatted_result: list[AnswerPartOut]
    assets: dict[str, DataframeAssetOut | ChartAssetOut]
    dot_url: str
    chat_id: str
    connection_id: str | None = Field(None, description="the connection the answer used")


class MessageOut(Out):
    role: str
    content: str
    additional_data: AnswerDataOut | None = Field(None, description="answers only")
    suggested_follow_ups: list[str] | None = Field(None, description="answers only")


class ChatOut(Out):
    chat_id: str
    status: str
    messages: list[MessageOut]


class AskAcceptedOut(Out):
    chat_id: str
    status: str


class ChatSummaryOut(Out):
    chat_id: str
    title: str
    created_at: str
    updated_at: str
    num_messages: int
    status: str
    labels: list[str]
    mode: str


class LabelsOut(Out):
    chat_id: str
    labels: list[str]


class FeedbackOut(Out):
    chat_id: str
    message_position: int
    feedback: str


def message_json(m: Any) -> dict[str, Any]:
    """Dot's JSON of one ``ChatMessage``: a question is {role, content}; an answer has its parts and assets."""
    if not m.HasField("additional_data"):
        return {"role": m.role, "content": m.content}
    d = m.additional_data
    assets: dict[str, Any] = {}
    for key, a in d.assets.items():
        if a.WhichOneof("kind") == "chart":
            assets[key] = ChartAssetOut(interpretation=a.chart.interpretation,
                                        chart_download_url=a.chart.chart_download_url,
                                        vega_lite=json.loads(a.chart.vega_lite_json or "{}"))
        else:
            f = a.dataframe
            assets[key] = DataframeAssetOut(sql_query=f.sql_query, text_preview=f.text_preview,
                                            text_summary=f.text_summary, shape=[f.rows, f.columns],
                                            csv_download_url=f.csv_download_url)
    data = AnswerDataOut(formatted_result=[AnswerPartOut(type=p.type, data=p.data) for p in d.formatted_result],
                         assets=assets, dot_url=d.dot_url, chat_id=d.chat_id,
                         connection_id=d.connection_id if d.HasField("connection_id") else None)
    extra = data.model_dump(mode="json")
    if data.connection_id is None:  # absent, not null, when the answer used no connection
        del extra["connection_id"]
    return {"role": m.role, "content": m.content, "additional_data": extra,
            "suggested_follow_ups": list(m.suggested_follow_ups)}


def messages_json(messages: Any) -> list[dict[str, Any]]:
    return [message_json(m) for m in messages]


def chat_summary_out(c: Any) -> ChatSummaryOut:
    return ChatSummaryOut(chat_id=c.chat_id, title=c.title, created_at=c.created_at, updated_at=c.updated_at,
                          num_messages=c.num_messages, status=c.status, labels=list(c.labels), mode=c.mode)
