"""Validation of a connection's fields (contract §3.2); the fields per type are in ``drivers``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from services.common.errors import InvalidArgument
from services.knowledge.drivers import DRIVERS, WAREHOUSE_TYPES  # noqa: F401 - re-exported

REQUIRED: dict[str, tuple[str, ...]] = {d.type: d.fields for d in DRIVERS.values()}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,119}$")
# Empty password is legitimate for local trust-auth servers; only presence is required.
MAY_BE_EMPTY = frozenset({"password"})


def validate(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check required fields and types; return the params to store."""
    if kind not in REQUIRED:
        raise InvalidArgument(f"unknown connection type '{kind}'")
    missing = [f for f in REQUIRED[kind] if f not in params or (params[f] in (None, "") and f not in MAY_BE_EMPTY)]
    if missing:
        raise InvalidArgument(f"connect_{kind} needs the field(s): {', '.join(missing)}")
    for k, v in params.items():
        if not isinstance(k, str) or len(k) > 100:
            raise InvalidArgument("connection field names must be short strings")
        if isinstance(v, str) and len(v) > 100_000:
            raise InvalidArgument(f"field '{k}' is too long")
    if "port" in params:
        try:
            port = int(params["port"])
        except (TypeError, ValueError):
            raise InvalidArgument("port must be a number") from None
        if not 0 < port < 65536:
            raise InvalidArgument("port must be between 1 and 65535")
        params["port"] = port
    if kind in ("sqlite", "duckdb"):
        loc = params["database_location"]
        if not isinstance(loc, str):
            raise InvalidArgument("database_location must be a file path")
        if kind == "sqlite" and loc != ":memory:" and not Path(loc).is_file():
            raise InvalidArgument(f"database_location '{loc}' is not an existing SQLite file on the server")
    if kind == "looker":
        if not (params.get("project_dir") or (params.get("url") and params.get("client_id")
                                               and params.get("client_secret"))):
            raise InvalidArgument("connect_looker needs project_dir (a LookML project directory) "
                                  "or url, client_id and client_secret")
        if params.get("project_dir") and not Path(str(params["project_dir"])).is_dir():
            raise InvalidArgument(f"project_dir '{params['project_dir']}' is not a directory on the server")
    if kind == "dbt":
        if params.get("manifest_path"):
            if not Path(str(params["manifest_path"])).is_file():
                raise InvalidArgument(f"manifest_path '{params['manifest_path']}' is not a file on the server")
            if params.get("catalog_path") and not Path(str(params["catalog_path"])).is_file():
                raise InvalidArgument(f"catalog_path '{params['catalog_path']}' is not a file on the server")
        elif not params.get("upload") and not (params.get("environment_id") and params.get("token")):
            raise InvalidArgument("connect_dbt needs manifest_path (+ optional catalog_path), upload: true "
                                  "(then POST /api/dbt/artifacts), or environment_id and token")
    return params


def slug(value: str) -> str:
    v = value.strip().lower()
    if not SLUG_RE.match(v):
        raise InvalidArgument("connection_id must be a slug: lowercase letters, digits, '-' or '_' (max 120)")
    return v
