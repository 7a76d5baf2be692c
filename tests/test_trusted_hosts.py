"""Host header injection (security review, issue 10): without DOT_PUBLIC_URL, stored links
(dot_url, csv_download_url) come from the request's base URL, so the gateway answers only
trusted Host names and refuses others with 400 {"detail": ...} before any work is done."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from gateway.hosts import TrustedHosts
from services.common.config import Settings
from tests.support.stack import Stack
from tests.test_conversation_api import dataframes


def test_default_names_and_configured_lists(tmp_path: Path) -> None:
    base = {"DOT_DATA_DIR": str(tmp_path), "DOT_SECRET_KEY": "k"}
    assert Settings.from_env(base).trusted_host_names() == {"127.0.0.1", "localhost"}
    names = Settings.from_env({**base, "DOT_HTTP_HOST": "10.0.0.5", "DOT_PUBLIC_URL": "https://dot.example.com/"}
                              ).trusted_host_names()
    assert names == {"10.0.0.5", "localhost", "127.0.0.1", "dot.example.com"}
    hosts = TrustedHosts(None, Settings.from_env({**base, "DOT_TRUSTED_HOSTS": "Dot.Example.com:443, *.corp.example"}
                                                 ).trusted_host_names())  # type: ignore[arg-type]
    assert hosts.allowed("dot.example.com") and hosts.allowed("DOT.example.com:8000")
    assert hosts.allowed("bi.corp.example") and not hosts.allowed("corp.example.evil.com")
    assert not hosts.allowed("127.0.0.1:8000") and not hosts.allowed("")  # a list replaces the defaults


def test_foreign_host_header_is_refused_before_anything_runs(stack: Stack) -> None:
    chat_id = f"host-{uuid.uuid4().hex[:8]}"
    body = {"messages": [{"role": "user", "content": "How many orders are there per region?"}], "chat_id": chat_id}
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json=body, headers={"Host": "evil.example"})
        assert r.status_code == 400 and "Host" in r.json()["detail"]
        assert c.get("/api/healthcheck", headers={"Host": "evil.example:80"}).status_code == 400
        assert c.get(f"/api/c2/{chat_id}").status_code == 404  # nothing was stored for the refused request
        r = c.post("/api/send_invitations", json={"emails": ["x@example.com"]}, headers={"Host": "evil.example"})
        assert r.status_code == 400


def test_trusted_names_answer_and_links_use_them(stack: Stack) -> None:
    port = stack.settings.http_port
    with httpx.Client(base_url=f"http://localhost:{port}", headers={"API-KEY": stack.admin_token}, timeout=60) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many orders per region?"}],
                                           "chat_id": f"lh-{uuid.uuid4().hex[:8]}", "connection_id": "demo"})
        assert r.status_code == 200, r.text
        data = r.json()[-1]["additional_data"]
    assert data["dot_url"].startswith(f"http://localhost:{port}/")
    assert dataframes(r.json()[-1])[0]["csv_download_url"].startswith(f"http://localhost:{port}/")
