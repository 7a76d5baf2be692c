"""Snowflake: account URL with database/schema path, key-pair auth, a session statement timeout;
upper-case identifiers; SQLAlchemy reflection for the catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.common.errors import InvalidArgument
from services.knowledge.drivers.base import Driver, Params, Session, network_options

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def url(params: Params) -> URL:
    from sqlalchemy.engine import URL

    database = params.get("database") or None
    schema = params.get("schema") or None
    path = "/".join(str(p) for p in (database, schema) if p) or None
    query = {k: str(params[k]) for k in ("warehouse", "role") if params.get(k)}
    return URL.create(
        "snowflake",
        username=str(params["username"]),
        password=params.get("password") or None,
        host=str(params["account"]),
        database=path,
        query=query,
    )


def engine_options(params: Params) -> dict[str, Any]:
    options = network_options(params)
    connect_args: dict[str, Any] = {"login_timeout": 20}
    if params.get("private_key"):
        connect_args["private_key"] = _private_key(str(params["private_key"]), params.get("private_key_passphrase"))
    options["connect_args"] = connect_args
    return options


def _private_key(pem: str, passphrase: str | None) -> bytes:
    """Snowflake's connector wants the key as unencrypted DER bytes."""
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(
            pem.encode(), password=passphrase.encode() if passphrase else None
        )
    except (ValueError, TypeError):
        raise InvalidArgument("snowflake private_key is not a valid PEM key (or wrong passphrase)") from None
    return key.private_bytes(
        encoding=serialization.Encoding.DER,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


class SnowflakeSession(Session):
    def begin(self, timeout_s: float) -> None:
        seconds = max(int(timeout_s + 0.999), 1)
        self.conn.exec_driver_sql(f"ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = {seconds}")


DRIVER = Driver(
    "snowflake", ("account", "username", "role", "warehouse"), dialect="snowflake",
    url_fields=("account", "username"), identifier_case="upper", extra="snowflake",
    url=url, engine_options=engine_options, session=SnowflakeSession, limit_pushdown=True,
)
