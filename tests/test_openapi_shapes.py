"""/openapi.json documents the real response shapes of the main routes (built from the gateway's
Pydantic models), not an untyped object; and those models are what the routes answer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from gateway.app import create_app
from services.common.config import Settings


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as d:
        return create_app(Settings(data_dir=Path(d), secret_key="openapi-only")).openapi()


def _schema(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]


def _resolve(spec: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in s:
        s = spec["components"]["schemas"][s["$ref"].rsplit("/", 1)[-1]]
    return s


def _props(spec: dict[str, Any], s: dict[str, Any]) -> set[str]:
    return set(_resolve(spec, s).get("properties", {}))


@pytest.mark.parametrize(("method", "path", "fields"), [
    ("get", "/api/auth/me", {"email", "role", "groups", "org_id", "user_id", "token_type"}),
    ("get", "/api/tables/{table_id}", {"id", "schema", "columns", "primary_key", "relationships", "dbt", "lookml"}),
    ("post", "/api/save_table_doc", {"id", "columns", "row_filter"}),
    ("get", "/api/cli/catalog", {"org_id", "connections", "tables", "total_tables", "external_assets"}),
    ("post", "/api/sync/{connection_type}/{connection_id}", {"sync_id", "tables", "columns", "duration_s"}),
    ("post", "/api/import_and_overwrite_external_asset", {"id", "subtype", "url", "dot_description"}),
    ("get", "/api/c2/{chat_id}", {"chat_id", "status", "messages"}),
    ("post", "/api/ask", {"chat_id", "status"}),
    ("post", "/api/feedback", {"chat_id", "message_position", "feedback"}),
])
def test_main_routes_document_their_response_object(spec: dict[str, Any], method: str, path: str,
                                                    fields: set[str]) -> None:
    assert fields <= _props(spec, _schema(spec, method, path))


@pytest.mark.parametrize(("path", "fields"), [
    ("/api/connections", {"connection_id", "type", "params", "status"}),
    ("/api/external_assets", {"id", "subtype", "active"}),
    ("/api/chat_history", {"chat_id", "title", "labels", "mode"}),
])
def test_listings_document_their_items(spec: dict[str, Any], path: str, fields: set[str]) -> None:
    s = _schema(spec, "get", path)
    assert s["type"] == "array" and fields <= _props(spec, s["items"])


def test_answers_document_messages_parts_and_assets(spec: dict[str, Any]) -> None:
    s = _schema(spec, "post", "/api/agentic")
    assert s["type"] == "array"
    msg = _resolve(spec, s["items"])
    assert {"role", "content", "additional_data", "suggested_follow_ups"} <= set(msg["properties"])
    data = _resolve(spec, next(x for x in msg["properties"]["additional_data"]["anyOf"] if "$ref" in x))
    assert {"formatted_result", "assets", "dot_url", "chat_id", "connection_id"} <= set(data["properties"])
    kinds = [set(_props(spec, x)) for x in data["properties"]["assets"]["additionalProperties"]["anyOf"]]
    assert {"sql_query", "shape", "csv_download_url"} in [k & {"sql_query", "shape", "csv_download_url"} for k in kinds]
    assert any({"vega_lite", "chart_download_url"} <= k for k in kinds)


def test_search_and_tables_document_both_shapes(spec: dict[str, Any]) -> None:
    hits = _schema(spec, "get", "/api/search")["items"]["anyOf"]
    assert [_resolve(spec, h)["properties"]["kind"].get("const") for h in hits] == ["table", "external_asset"]
    variants = _schema(spec, "get", "/api/tables")["anyOf"]
    assert [("columns" in _props(spec, v["items"])) for v in variants] == [True, False]  # detailed, lite
