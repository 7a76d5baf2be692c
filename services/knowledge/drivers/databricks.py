"""Databricks: a token URL to a SQL warehouse's HTTP path (catalog and schema in the query);
SQLAlchemy reflection for the catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.knowledge.drivers.base import Driver, Params, port

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    query = {"http_path": str(params["http_path"])}
    if params.get("database"):
        query["catalog"] = str(params["database"])
    if params.get("schema"):
        query["schema"] = str(params["schema"])
    return URL.create(
        "databricks",
        username="token",
        password=str(params["token"]),
        host=str(params["host"]),
        port=port(params, "databricks", None) or 443,
        query=query,
    )


DRIVER = Driver(
    "databricks", ("host", "http_path", "token", "port", "database"), dialect="databricks",
    url_fields=("host", "http_path", "token"), extra="databricks", url=url, limit_pushdown=True,
)
