"""Looker: a docs source, not a warehouse: a LookML project directory on the server, or the
API (url, client_id, client_secret)."""

from __future__ import annotations

from pathlib import Path

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import Driver, Params


def check(params: Params) -> None:
    if not (params.get("project_dir") or (params.get("url") and params.get("client_id")
                                           and params.get("client_secret"))):
        raise InvalidArgument("connect_looker needs project_dir (a LookML project directory) "
                              "or url, client_id and client_secret")
    if params.get("project_dir") and not Path(str(params["project_dir"])).is_dir():
        raise InvalidArgument(f"project_dir '{params['project_dir']}' is not a directory on the server")


DRIVER = Driver("looker", (), warehouse=False, check=check)
