"""Keep credentials out of logs: access-log lines carry query strings (``?api_token=...``)."""

from __future__ import annotations

import logging
import re

SECRET_PARAMS = re.compile(r"((?:api_token|access_token|token|password)=)[^&\s\"']+", re.IGNORECASE)
BEARER = re.compile(r"((?:bearer|api-key:?|x-api-key:?)\s+)(dot-)?[A-Za-z0-9._\-]{16,}", re.IGNORECASE)
DOT_TOKEN = re.compile(r"dot-[A-Za-z0-9._\-]{16,}")
ASSET_PATH = re.compile(r"(/api/asset/)[A-Za-z0-9_\-]+")


def redact(text: str) -> str:
    text = SECRET_PARAMS.sub(r"\1[redacted]", text)
    text = BEARER.sub(r"\1[redacted]", text)
    text = ASSET_PATH.sub(r"\1[redacted]", text)
    return DOT_TOKEN.sub("dot-[redacted]", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (and its args) with credentials replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is still logged as is
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(*logger_names: str) -> None:
    for name in logger_names or ("uvicorn.access", "uvicorn.error", "uvicorn", ""):
        logging.getLogger(name).addFilter(RedactSecrets())
    for handler in logging.getLogger().handlers:  # records propagated from any logger pass these
        handler.addFilter(RedactSecrets())
