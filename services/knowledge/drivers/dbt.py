"""dbt: a docs source, not a warehouse: artifacts on the server (manifest + optional catalog),
an upload, or dbt Cloud (environment_id + token)."""

from __future__ import annotations

from pathlib import Path

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import Driver, Params


def check(params: Params) -> None:
    if params.get("manifest_path"):
        if not Path(str(params["manifest_path"])).is_file():
            raise InvalidArgument(f"manifest_path '{params['manifest_path']}' is not a file on the server")
        if params.get("catalog_path") and not Path(str(params["catalog_path"])).is_file():
            raise InvalidArgument(f"catalog_path '{params['catalog_path']}' is not a file on the server")
    elif not params.get("upload") and not (params.get("environment_id") and params.get("token")):
        raise InvalidArgument("connect_dbt needs manifest_path (+ optional catalog_path), upload: true "
                              "(then POST /api/dbt/artifacts), or environment_id and token")


DRIVER = Driver("dbt", (), warehouse=False, check=check)
