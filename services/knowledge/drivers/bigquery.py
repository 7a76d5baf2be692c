"""BigQuery: project URL (one dataset as the default, location in the query), service-account
credentials as engine options; SQLAlchemy reflection for the catalog."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import Driver, Params, network_options

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    datasets = params.get("datasets") or []
    if isinstance(datasets, str):
        datasets = [d.strip() for d in datasets.split(",") if d.strip()]
    query = {"location": str(params["location"])} if params.get("location") else {}
    return URL.create(
        "bigquery",
        host=str(params["project_id"]),
        database=str(datasets[0]) if len(datasets) == 1 else None,
        query=query,
    )


def engine_options(params: Params) -> dict[str, Any]:
    options = network_options(params)
    raw = params.get("credentials_json")
    if raw:
        try:
            options["credentials_info"] = json.loads(raw) if isinstance(raw, str) else dict(raw)
        except (ValueError, TypeError):
            raise InvalidArgument("bigquery credentials_json is not valid JSON") from None
    return options  # location travels in the URL


DRIVER = Driver(
    "bigquery", ("project_id", "location", "credentials_json"), dialect="bigquery",
    url_fields=("project_id",), extra="bigquery", url=url, engine_options=engine_options, limit_pushdown=True,
)
