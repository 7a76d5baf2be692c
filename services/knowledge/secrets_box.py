"""Connection secrets encrypted at rest with Fernet (AES-128-CBC + HMAC, from ``cryptography``)."""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from services.common.errors import Unavailable
from services.common.identity import derive_key

SECRET_FIELDS = frozenset({
    "password", "private_key", "private_key_passphrase", "credentials_json", "token", "client_secret",
    "api_key", "access_token", "secret",
})


class SecretBox:
    def __init__(self, secret_key: str) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret_key, "dot-connection-secrets-v1")))

    def seal(self, params: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(params).encode()).decode()

    def open(self, sealed: str) -> dict[str, Any]:
        try:
            return json.loads(self._fernet.decrypt(sealed.encode()))
        except InvalidToken:
            raise Unavailable("connection secrets cannot be decrypted: DOT_SECRET_KEY changed?") from None


def public_params(params: dict[str, Any]) -> dict[str, Any]:
    """Params safe to show: secret fields replaced by a marker."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if k in SECRET_FIELDS or "password" in k or "secret" in k or "token" in k:
            out[k] = "********" if v else v
        elif isinstance(v, dict):
            out[k] = public_params(v)
        else:
            out[k] = v
    return out
