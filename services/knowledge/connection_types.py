"""Validation of a connection's fields (contract §3.2): the generic rules here, the fields and any
type-specific check in the type's module under ``drivers/``."""

from __future__ import annotations

import re
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
    check = DRIVERS[kind].check
    if check is not None:
        check(params)
    return params


def slug(value: str) -> str:
    v = value.strip().lower()
    if not SLUG_RE.match(v):
        raise InvalidArgument("connection_id must be a slug: lowercase letters, digits, '-' or '_' (max 120)")
    return v
