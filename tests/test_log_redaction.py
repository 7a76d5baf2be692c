"""Credentials never reach the logs, even at INFO with access logs on."""

from __future__ import annotations

import logging

from gateway.logs import RedactSecrets, redact


def test_redacts_query_tokens_headers_and_dot_tokens() -> None:
    line = ('127.0.0.1 - "POST /api/sync/postgres/x?user_id=a%40b.c&api_token=dot-eyJhbGciOi.abc.def HTTP/1.1" 200 '
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig API-KEY: dot-eyJabcdefghijklmnop")
    out = redact(line)
    assert "eyJ" not in out and "user_id=a%40b.c" in out
    assert redact("/cli-auth?port=4000&state=abc&access_token=eyJ1234567890abcdef") .endswith("access_token=[redacted]")


def test_filter_rewrites_records_with_args() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s "%s %s"', (
        "127.0.0.1", "GET", "/api/export_history?api_token=dot-secretsecretsecret123&user_id=x"), None)
    assert RedactSecrets().filter(record)
    assert "secretsecret" not in record.getMessage()


def test_redacts_capability_urls() -> None:
    assert redact('"GET /api/asset/abcDEF_123-xyz.png HTTP/1.1" 200') == '"GET /api/asset/[redacted].png HTTP/1.1" 200'
