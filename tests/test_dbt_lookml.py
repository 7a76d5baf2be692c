"""dbt artifacts (real v8 asana_source files and a v12 manifest) and LookML projects."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from services.common.errors import InvalidArgument, Unavailable
from services.knowledge.dbt import load_dbt_project, match_nodes_to_tables
from services.knowledge.lookml import (
    LookerApiSource,
    LookerSource,
    LookMLDirectorySource,
    dashboard_asset,
    parse_lookml_project,
)

ASANA = Path(__file__).resolve().parent / "fixtures" / "dbt" / "asana_source"  # kept in the repository
ASSET_FIELDS = {
    "id", "subtype", "folder", "name", "description", "url", "active", "view_count", "last_accessed_at", "dot_description",
}


# --------------------------------------------------------------------------- dbt v8 (real files)


@pytest.fixture(scope="module")
def asana() -> Any:
    return load_dbt_project(ASANA / "manifest.json", ASANA / "catalog.json")


def test_asana_manifest_metadata_and_node_kinds(asana: Any) -> None:
    assert asana.manifest_version == 8
    assert asana.dbt_version == "1.4.6"
    assert asana.adapter_type == "postgres"
    kinds: dict[str, int] = {}
    for n in asana.nodes:
        kinds[n.resource_type] = kinds.get(n.resource_type, 0) + 1
    assert kinds == {"model": 22, "seed": 11, "source": 11}  # the 23 tests are not relations
    assert asana.metrics == [] and asana.semantic_models == []


def test_asana_model_docs_columns_and_lineage(asana: Any) -> None:
    user = asana.node("model.asana_source.stg_asana__user")
    assert user.database == "postgres"
    assert user.schema == "asana_source_integrations_tests_02_stg_asana"
    assert user.name == "stg_asana__user"
    assert user.description == "Table of all accounts in the organization"
    assert user.columns == {
        "user_id": "System generated unique ID for each user",
        "email": "The user's email",
        "user_name": "The name of the user as it appears in the UI",
    }
    assert user.materialized == "table"
    assert user.upstream == ["model.asana_source.stg_asana__user_tmp"]  # duplicates removed
    tmp = asana.node("model.asana_source.stg_asana__user_tmp")
    assert tmp.upstream == ["source.asana_source.asana.user"]
    assert tmp.downstream == ["model.asana_source.stg_asana__user"]
    assert asana.node("source.asana_source.asana.user").downstream == ["model.asana_source.stg_asana__user_tmp"]
    assert asana.node("model.asana_source.stg_asana__task").description == "Table containing all created tasks"
    assert len(asana.node("model.asana_source.stg_asana__task").columns) == 16


def test_asana_source_identifier_and_catalog_types(asana: Any) -> None:
    src = asana.node("source.asana_source.asana.user")
    assert src.resource_type == "source"
    assert src.name == "user_data"  # the identifier, not the dbt name
    assert src.dbt_name == "asana.user"
    assert src.columns["email"] == "Email associated with the user"
    assert src.column_types["id"] == "bigint"
    assert src.column_types["_fivetran_synced"] == "timestamp without time zone"
    assert asana.node("model.asana_source.stg_asana__user").column_types == {
        "user_id": "bigint",
        "email": "text",
        "user_name": "text",
    }


def test_asana_matching_is_case_insensitive_and_prefers_documented(asana: Any) -> None:
    matches = match_nodes_to_tables(
        asana,
        [
            ("ASANA_SOURCE_INTEGRATIONS_TESTS_02_STG_ASANA", "STG_ASANA__USER"),
            ("postgres.asana_source_integrations_tests_02_stg_asana", "stg_asana__task"),
            ("asana_source_integrations_tests_02", "user_data"),  # a seed that is also a source
            ("asana_source_integrations_tests_02", "project_data"),
            ("public", "stg_asana__user"),
            ("otherdb.asana_source_integrations_tests_02_stg_asana", "stg_asana__team"),
        ],
    )
    assert matches[("ASANA_SOURCE_INTEGRATIONS_TESTS_02_STG_ASANA", "STG_ASANA__USER")].unique_id == (
        "model.asana_source.stg_asana__user"
    )
    assert matches[("postgres.asana_source_integrations_tests_02_stg_asana", "stg_asana__task")].unique_id == (
        "model.asana_source.stg_asana__task"
    )
    assert matches[("asana_source_integrations_tests_02", "user_data")].unique_id == "source.asana_source.asana.user"
    assert matches[("asana_source_integrations_tests_02", "project_data")].unique_id == "source.asana_source.asana.project"
    assert ("public", "stg_asana__user") not in matches
    assert matches[("otherdb.asana_source_integrations_tests_02_stg_asana", "stg_asana__team")].name == "stg_asana__team"


def test_asana_loads_from_bytes_and_dicts() -> None:
    raw = (ASANA / "manifest.json").read_bytes()
    from_bytes = load_dbt_project(raw)
    from_dict = load_dbt_project(json.loads(raw))
    assert len(from_bytes.nodes) == len(from_dict.nodes) == 44


# --------------------------------------------------------------------------- dbt v12 (written here)


def _v12_manifest() -> dict[str, Any]:
    def node(rtype: str, name: str, **extra: Any) -> dict[str, Any]:
        base = {
            "database": "analytics_db",
            "schema": "marts",
            "name": name,
            "resource_type": rtype,
            "package_name": "shop",
            "path": f"{name}.sql",
            "original_file_path": f"models/{name}.sql",
            "unique_id": f"{rtype}.shop.{name}",
            "fqn": ["shop", name],
            "alias": name,
            "checksum": {"name": "sha256", "checksum": "0"},
            "config": {"enabled": True, "materialized": "table", "tags": [], "meta": {}},
            "tags": [],
            "description": "",
            "columns": {},
            "meta": {},
            "group": None,
            "docs": {"show": True, "node_color": None},
            "patch_path": None,
            "build_path": None,
            "unrendered_config": {},
            "created_at": 1718000000.0,
            "relation_name": f'"analytics_db"."marts"."{name}"',
            "raw_code": "select 1",
            "language": "sql",
            "refs": [],
            "sources": [],
            "metrics": [],
            "depends_on": {"macros": [], "nodes": []},
            "compiled_path": None,
            "contract": {"enforced": False, "alias_types": True, "checksum": None},
            "access": "protected",
            "constraints": [],
            "version": None,
            "latest_version": None,
            "deprecation_date": None,
        }
        base.update(extra)
        return base

    def col(name: str, description: str) -> dict[str, Any]:
        return {"name": name, "description": description, "meta": {}, "data_type": None, "constraints": [],
                "quote": None, "tags": [], "granularity": None}

    nodes = {
        "model.shop.orders": node(
            "model",
            "orders",
            alias="fct_orders",
            description="One row per order.",
            tags=["finance"],
            meta={"owner": "data-team"},
            columns={
                "order_id": col("order_id", "Primary key."),
                "status": col("status", "Order status."),
                "order_total": col("order_total", "Order value in USD."),
            },
            refs=[{"name": "stg_orders", "package": None, "version": None}],
            depends_on={"macros": [], "nodes": ["model.shop.stg_orders", "seed.shop.country_codes"]},
        ),
        "model.shop.stg_orders": node(
            "model",
            "stg_orders",
            schema="staging",
            config={"enabled": True, "materialized": "view"},
            depends_on={"macros": [], "nodes": ["source.shop.raw.orders"]},
        ),
        "model.shop.disabled_model": node("model", "disabled_model", config={"enabled": False}),
        "seed.shop.country_codes": node("seed", "country_codes", schema="seeds", description="ISO codes."),
        "snapshot.shop.customers_snapshot": node("snapshot", "customers_snapshot", schema="snapshots"),
        "test.shop.accepted_values_orders_status.abc": {
            **node("test", "accepted_values_orders_status"),
            "unique_id": "test.shop.accepted_values_orders_status.abc",
            "attached_node": "model.shop.orders",
            "column_name": "status",
            "test_metadata": {
                "name": "accepted_values",
                "kwargs": {"values": ["placed", "shipped", "returned"], "column_name": "status", "model": "x"},
                "namespace": None,
            },
            "depends_on": {"macros": [], "nodes": ["model.shop.orders"]},
        },
    }
    sources = {
        "source.shop.raw.orders": {
            "database": "raw_db",
            "schema": "shop_raw",
            "name": "orders",
            "resource_type": "source",
            "package_name": "shop",
            "unique_id": "source.shop.raw.orders",
            "fqn": ["shop", "raw", "orders"],
            "source_name": "raw",
            "source_description": "Raw shop data",
            "loader": "fivetran",
            "identifier": "orders_v2",
            "description": "Raw orders as loaded.",
            "columns": {"id": col("id", "Order id.")},
            "meta": {},
            "source_meta": {},
            "tags": ["raw"],
            "config": {"enabled": True},
            "relation_name": '"raw_db"."shop_raw"."orders_v2"',
            "created_at": 1718000000.0,
        }
    }
    semantic_models = {
        "semantic_model.shop.orders": {
            "name": "orders",
            "resource_type": "semantic_model",
            "package_name": "shop",
            "unique_id": "semantic_model.shop.orders",
            "fqn": ["shop", "orders"],
            "model": "ref('orders')",
            "node_relation": {"alias": "fct_orders", "schema_name": "marts", "database": "analytics_db",
                              "relation_name": '"analytics_db"."marts"."fct_orders"'},
            "description": "Orders semantic model.",
            "label": None,
            "defaults": {"agg_time_dimension": "ordered_at"},
            "entities": [{"name": "order", "type": "primary", "description": None, "label": None, "role": None,
                          "expr": "order_id", "config": None}],
            "measures": [
                {"name": "order_total", "agg": "sum", "description": "Sum of order value.", "label": None,
                 "create_metric": False, "expr": "order_total", "agg_params": None,
                 "non_additive_dimension": None, "agg_time_dimension": None, "config": None},
                {"name": "order_count", "agg": "count", "description": None, "label": None, "create_metric": False,
                 "expr": "1", "agg_params": None, "non_additive_dimension": None, "agg_time_dimension": None,
                 "config": None},
                {"name": "customers", "agg": "count_distinct", "description": None, "label": None,
                 "create_metric": False, "expr": "customer_id", "agg_params": None,
                 "non_additive_dimension": None, "agg_time_dimension": None, "config": None},
            ],
            "dimensions": [
                {"name": "ordered_at", "type": "time", "description": None, "label": None, "is_partition": False,
                 "type_params": {"time_granularity": "day", "validity_params": None}, "expr": None,
                 "metadata": None, "config": None},
                {"name": "status", "type": "categorical", "description": "Order status", "label": None,
                 "is_partition": False, "type_params": None, "expr": None, "metadata": None, "config": None},
            ],
            "metadata": None,
            "depends_on": {"macros": [], "nodes": ["model.shop.orders"]},
            "refs": [{"name": "orders", "package": None, "version": None}],
            "created_at": 1718000000.0,
            "config": {"enabled": True, "group": None, "meta": {}},
            "unrendered_config": {},
            "primary_entity": None,
            "group": None,
        }
    }

    def metric(name: str, mtype: str, type_params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        base = {
            "name": name,
            "resource_type": "metric",
            "package_name": "shop",
            "unique_id": f"metric.shop.{name}",
            "fqn": ["shop", name],
            "description": f"{name} description",
            "label": name.replace("_", " ").title(),
            "type": mtype,
            "type_params": {"measure": None, "input_measures": [], "numerator": None, "denominator": None,
                            "expr": None, "window": None, "grain_to_date": None, "metrics": [],
                            "conversion_type_params": None, "cumulative_type_params": None, **type_params},
            "filter": None,
            "metadata": None,
            "time_granularity": None,
            "meta": {},
            "tags": [],
            "config": {"enabled": True, "group": None, "meta": {}},
            "unrendered_config": {},
            "sources": [],
            "depends_on": {"macros": [], "nodes": ["semantic_model.shop.orders"]},
            "refs": [],
            "metrics": [],
            "created_at": 1718000000.0,
            "group": None,
        }
        base.update(extra)
        return base

    metrics = {
        "metric.shop.revenue": metric(
            "revenue",
            "simple",
            {"measure": {"name": "order_total", "filter": None, "alias": None, "join_to_timespine": False,
                         "fill_nulls_with": None}},
            filter={"where_filters": [{"where_sql_template": "{{ Dimension('order__status') }} != 'returned'"}]},
        ),
        "metric.shop.orders": metric("orders", "simple", {"measure": {"name": "order_count"}}),
        "metric.shop.unique_customers": metric("unique_customers", "simple", {"measure": {"name": "customers"}}),
        "metric.shop.average_order_value": metric(
            "average_order_value",
            "ratio",
            {"numerator": {"name": "revenue", "filter": None, "alias": None},
             "denominator": {"name": "orders", "filter": None, "alias": None}},
            depends_on={"macros": [], "nodes": ["metric.shop.revenue", "metric.shop.orders"]},
        ),
        "metric.shop.revenue_per_day": metric(
            "revenue_per_day",
            "derived",
            {"expr": "revenue / 30", "metrics": [{"name": "revenue"}]},
            depends_on={"macros": [], "nodes": ["metric.shop.revenue"]},
        ),
    }
    return {
        "metadata": {
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
            "dbt_version": "1.9.1",
            "generated_at": "2025-01-01T00:00:00Z",
            "invocation_id": "x",
            "env": {},
            "project_name": "shop",
            "project_id": "p",
            "user_id": None,
            "send_anonymous_usage_stats": False,
            "adapter_type": "snowflake",
        },
        "nodes": nodes,
        "sources": sources,
        "macros": {},
        "docs": {},
        "exposures": {},
        "metrics": metrics,
        "groups": {},
        "selectors": {},
        "disabled": {},
        "parent_map": {},
        "child_map": {},
        "group_map": {},
        "saved_queries": {},
        "semantic_models": semantic_models,
        "unit_tests": {},
    }


def test_v12_manifest_nodes(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(_v12_manifest()))
    project = load_dbt_project(path)
    assert project.manifest_version == 12 and project.adapter_type == "snowflake"
    ids = sorted(n.unique_id for n in project.nodes)
    assert ids == [
        "model.shop.orders",
        "model.shop.stg_orders",
        "seed.shop.country_codes",
        "snapshot.shop.customers_snapshot",
        "source.shop.raw.orders",
    ]  # disabled model and the test are not relations
    orders = project.node("model.shop.orders")
    assert (orders.database, orders.schema, orders.name, orders.dbt_name) == ("analytics_db", "marts", "fct_orders", "orders")
    assert orders.description == "One row per order."
    assert orders.columns["order_total"] == "Order value in USD."
    assert orders.tags == ["finance"] and orders.meta == {"owner": "data-team"}
    assert orders.upstream == ["model.shop.stg_orders", "seed.shop.country_codes"]
    assert orders.accepted_values == {"status": ["placed", "shipped", "returned"]}
    assert project.node("model.shop.stg_orders").downstream == ["model.shop.orders"]
    assert project.node("model.shop.stg_orders").materialized == "view"
    src = project.node("source.shop.raw.orders")
    assert (src.database, src.schema, src.name, src.tags) == ("raw_db", "shop_raw", "orders_v2", ["raw"])
    assert src.downstream == ["model.shop.stg_orders"]
    matches = match_nodes_to_tables(project, [("MARTS", "FCT_ORDERS"), ("raw_db.shop_raw", "orders_v2")])
    assert matches[("MARTS", "FCT_ORDERS")].unique_id == "model.shop.orders"
    assert matches[("raw_db.shop_raw", "orders_v2")].unique_id == "source.shop.raw.orders"


def test_v12_semantic_layer() -> None:
    project = load_dbt_project(json.dumps(_v12_manifest()))
    [sm] = project.semantic_models
    assert sm.name == "orders" and sm.model == "model.shop.orders"
    assert [m["name"] for m in sm.measures] == ["order_total", "order_count", "customers"]
    assert sm.dimensions[1] == {"name": "status", "type": "categorical", "expr": "", "description": "Order status", "label": ""}
    metrics = {m.name: m for m in project.metrics}
    revenue = metrics["revenue"]
    assert (revenue.type, revenue.measure, revenue.expression) == ("simple", "order_total", "sum(order_total)")
    assert revenue.label == "Revenue" and revenue.description == "revenue description"
    assert revenue.filter == "{{ Dimension('order__status') }} != 'returned'"
    assert revenue.model_refs == ["model.shop.orders"]
    assert metrics["orders"].expression == "count(1)"
    assert metrics["unique_customers"].expression == "count(distinct customer_id)"
    assert metrics["average_order_value"].expression == "revenue / orders"
    assert metrics["average_order_value"].model_refs == ["model.shop.orders"]  # through revenue and orders
    assert metrics["revenue_per_day"].expression == "revenue / 30"


def test_v8_style_metrics() -> None:
    manifest = json.loads((ASANA / "manifest.json").read_text())
    manifest["metrics"] = {
        "metric.asana_source.tasks_completed": {
            "unique_id": "metric.asana_source.tasks_completed",
            "name": "tasks_completed",
            "label": "Tasks completed",
            "description": "Number of completed tasks",
            "calculation_method": "count_distinct",
            "expression": "task_id",
            "filters": [{"field": "is_completed", "operator": "=", "value": "true"}],
            "time_grains": ["day", "week"],
            "dimensions": ["assignee_user_id"],
            "timestamp": "completed_at",
            "model": "ref('stg_asana__task')",
            "model_unique_id": None,
            "depends_on": {"macros": [], "nodes": ["model.asana_source.stg_asana__task"]},
            "resource_type": "metric",
        }
    }
    [metric] = load_dbt_project(manifest).metrics
    assert metric.expression == "count(distinct task_id)"
    assert metric.filter == "is_completed = true"
    assert metric.model_refs == ["model.asana_source.stg_asana__task"]
    assert metric.time_grains == ["day", "week"] and metric.dimensions == ["assignee_user_id"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "top level"),
        (b'{"nodes": {}}', "missing 'metadata'"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json"}}', "catalog.json"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v3.json"}, "nodes": {}}',
         "v3 is not supported"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}}', "missing 'nodes'"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, "nodes": []}',
         "'nodes' must be an object"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, '
         b'"nodes": {"model.a.b": {"resource_type": "model", "name": "b"}}}', "nodes['model.a.b'].schema is missing"),
        (b'{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, '
         b'"nodes": {"model.a.b": {"resource_type": "model", "name": "b", "schema": 5}}}',
         "nodes['model.a.b'].schema must be a string"),
    ],
)
def test_malformed_manifests_name_the_problem(payload: bytes, message: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        load_dbt_project(payload)
    assert message in str(err.value)


def test_missing_manifest_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="file not found"):
        load_dbt_project(tmp_path / "nope.json")


def test_catalog_must_be_a_catalog() -> None:
    manifest = (ASANA / "manifest.json").read_bytes()
    with pytest.raises(InvalidArgument, match="catalog.json: .*manifest.json"):
        load_dbt_project(manifest, manifest)


# --------------------------------------------------------------------------- LookML

MODEL = """
connection: "warehouse"
include: "/views/*.view.lkml"
include: "/dashboards/*.dashboard"

explore: orders {
  label: "Orders"
  description: "Orders with their customers"
  join: customers {
    type: left_outer
    sql_on: ${orders.customer_id} = ${customers.id} ;;
    relationship: many_to_one
  }
  join: buyer_region {
    from: regions
    sql_on: ${customers.region_id} = ${buyer_region.id} ;;
    relationship: many_to_one
  }
}
"""

ORDERS_VIEW = """
view: orders {
  sql_table_name: analytics.orders ;;
  label: "Orders"

  dimension: id {
    primary_key: yes
    type: number
    sql: ${TABLE}.order_id ;;
  }
  dimension: customer_id {
    type: number
    hidden: yes
    sql: ${TABLE}.customer_id ;;
  }
  dimension: status {
    type: string
    description: "Lifecycle status: placed, shipped or returned"
    sql: ${TABLE}.status ;;
  }
  dimension_group: created {
    type: time
    timeframes: [date, week, month, year]
    sql: ${TABLE}.created_at ;;
  }
  measure: total_revenue {
    type: sum
    label: "Total revenue"
    description: "Sum of order value excluding returns"
    sql: ${TABLE}.amount ;;
    filters: [status: "-returned"]
  }
  measure: count {
    type: count
  }
}

view: +orders {
  dimension: is_big {
    type: yesno
    sql: ${TABLE}.amount > 1000 ;;
  }
}
"""

CUSTOMERS_VIEW = """
view: customers {
  derived_table: {
    sql: SELECT id, name, region_id FROM analytics.customers WHERE NOT deleted ;;
  }
  dimension: id { primary_key: yes type: number sql: ${TABLE}.id ;; }
  dimension: name { type: string sql: ${TABLE}.name ;; }
  dimension: region_id { type: number sql: ${TABLE}.region_id ;; }
}

view: regions {
  sql_table_name: `analytics.regions` ;;
  dimension: id { primary_key: yes sql: ${TABLE}.id ;; }
  dimension: name { sql: ${TABLE}.name ;; }
}
"""

DASHBOARD = """
- dashboard: sales_overview
  title: Sales Overview
  layout: newspaper
  description: Weekly revenue and order status
  filters:
  - name: date
    title: Order date
    type: field_filter
    field: orders.created_date
  elements:
  - title: Revenue by month
    name: revenue_by_month
    model: shop
    explore: orders
    type: looker_line
    fields: [orders.created_month, orders.total_revenue]
    sorts: [orders.created_month desc]
    filters:
      orders.status: "-returned"
  - title: Orders by status
    name: orders_by_status
    model: shop
    explore: orders
    type: looker_pie
    fields: [orders.status, orders.count]
  - name: note
    type: text
    title_text: About
    body_text: Revenue excludes returns.
"""


@pytest.fixture
def lookml_dir(tmp_path: Path) -> Path:
    root = tmp_path / "looker"
    (root / "views").mkdir(parents=True)
    (root / "dashboards").mkdir()
    (root / "shop.model.lkml").write_text(MODEL)
    (root / "views" / "orders.view.lkml").write_text(ORDERS_VIEW)
    (root / "views" / "customers.view.lkml").write_text(CUSTOMERS_VIEW)
    (root / "dashboards" / "sales_overview.dashboard.lookml").write_text(DASHBOARD)
    return root


def test_lookml_views_and_fields(lookml_dir: Path) -> None:
    project = parse_lookml_project(lookml_dir)
    assert project.models == {"shop": "warehouse"}
    assert sorted(v.name for v in project.views) == ["customers", "orders", "regions"]
    orders = project.view("orders")
    assert orders.sql_table_name == "analytics.orders" and orders.table_ref() == ("analytics", "orders")
    assert orders.file == "views/orders.view.lkml"
    fields = {f.name: f for f in orders.fields}
    assert list(fields) == ["id", "customer_id", "status", "created", "total_revenue", "count", "is_big"]
    assert fields["id"].primary_key and fields["id"].sql == "${TABLE}.order_id"
    assert fields["customer_id"].hidden
    assert fields["status"].description == "Lifecycle status: placed, shipped or returned"
    assert (fields["created"].kind, fields["created"].timeframes) == ("dimension_group", ["date", "week", "month", "year"])
    assert (fields["total_revenue"].kind, fields["total_revenue"].type) == ("measure", "sum")
    assert fields["total_revenue"].label == "Total revenue"
    assert fields["is_big"].type == "yesno"  # from the +orders refinement
    customers = project.view("customers")
    assert customers.derived_table_sql.startswith("SELECT id, name, region_id FROM analytics.customers")
    assert customers.table_ref() is None
    assert project.view("regions").table_ref() == ("analytics", "regions")


def test_lookml_explores_and_joins(lookml_dir: Path) -> None:
    [explore] = parse_lookml_project(lookml_dir).explores
    assert (explore.model, explore.name, explore.view_name) == ("shop", "orders", "orders")
    assert explore.description == "Orders with their customers"
    assert [(j.name, j.from_view, j.relationship, j.type) for j in explore.joins] == [
        ("customers", "customers", "many_to_one", "left_outer"),
        ("buyer_region", "regions", "many_to_one", ""),
    ]
    assert explore.joins[0].sql_on == "${orders.customer_id} = ${customers.id}"


def test_lookml_dashboard_assets(lookml_dir: Path) -> None:
    source: LookerSource = LookMLDirectorySource(lookml_dir, base_url="https://looker.example.com/")
    [asset] = source.dashboards()
    assert set(asset) == ASSET_FIELDS
    assert asset["id"] == "shop::sales_overview"
    assert asset["subtype"] == "looker_dashboard"
    assert asset["folder"] == "dashboards"
    assert asset["name"] == "Sales Overview"
    assert asset["description"] == "Weekly revenue and order status"
    assert asset["url"] == "https://looker.example.com/dashboards/shop::sales_overview"
    assert (asset["active"], asset["view_count"], asset["last_accessed_at"]) == (True, 0, None)
    md = asset["dot_description"]
    assert md.startswith("# Sales Overview\n\nWeekly revenue and order status\n")
    assert "Dashboard filters: Order date (orders.created_date)" in md
    assert "## Revenue by month\n- type: looker_line\n- explore: orders (model shop)\n" in md
    assert "- fields: orders.created_month, orders.total_revenue" in md
    assert "- filters: orders.status = -returned" in md
    assert "## Orders by status" in md and "- fields: orders.status, orders.count" in md
    assert "## About\nRevenue excludes returns." in md
    [dash] = parse_lookml_project(lookml_dir).dashboards
    assert dashboard_asset(dash)["url"] is None


def test_lookml_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.view.lkml").write_text("view: x { dimension: y { sql: 1 ;; }")
    with pytest.raises(InvalidArgument, match="broken.view.lkml"):
        parse_lookml_project(tmp_path)
    (tmp_path / "broken.view.lkml").unlink()
    (tmp_path / "bad.dashboard.lookml").write_text("- title: no name\n  elements: []\n")
    with pytest.raises(InvalidArgument, match="bad.dashboard.lookml"):
        parse_lookml_project(tmp_path)
    with pytest.raises(InvalidArgument, match="does not exist"):
        LookMLDirectorySource(tmp_path / "missing")


def test_looker_api_source_needs_the_extra() -> None:
    if importlib.util.find_spec("looker_sdk") is not None:
        pytest.skip("looker-sdk is installed here; the missing-extra path cannot be exercised")
    with pytest.raises(Unavailable, match=r"dot-server\[looker\]"):
        LookerApiSource({"url": "https://looker.example.com", "client_id": "id", "client_secret": "secret"})
