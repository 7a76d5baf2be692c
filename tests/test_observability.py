"""Metrics, request ids and traces through the real processes (and in-process, with an in-memory
span exporter, for one trace from the gateway into a service)."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.common.config import SERVICE_NAMES
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack, free_port, start_stack


@pytest.fixture(scope="module")
def obs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, int]]]:
    ports = {name: free_port() for name in SERVICE_NAMES}
    env = {f"DOT_{name.upper()}_METRICS_PORT": str(port) for name, port in ports.items()}
    stack = start_stack(tmp_path_factory.mktemp("obs"), env)
    try:
        yield stack, ports
    finally:
        stack.stop()


def sample(text: str, name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` whose labels include ``labels`` (0 when none)."""
    total = 0.0
    for line in text.splitlines():
        m = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        have = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        if all(have.get(k) == v for k, v in labels.items()):
            total += float(m.group(3))
    return total


def scrape(port: int) -> str:
    r = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return r.text


def test_request_id_is_echoed_or_made(obs: tuple[Stack, dict[str, int]]) -> None:
    stack, _ = obs
    with stack.client(stack.admin_token) as c:
        given = "req-" + uuid.uuid4().hex[:12]
        assert c.get("/api/auth/me", headers={"X-Request-ID": given}).headers["x-request-id"] == given
        made = c.get("/api/auth/me").headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", made)
        refused = c.get("/api/auth/me", headers={"X-Request-ID": "no spaces <script>"})
        assert refused.headers["x-request-id"] != "no spaces <script>"
        missing = c.get("/api/no-such-page", headers={"X-Request-ID": given})  # also on errors
        assert missing.status_code == 404 and missing.headers["x-request-id"] == given


def test_metrics_move_after_a_real_question(obs: tuple[Stack, dict[str, int]]) -> None:
    stack, ports = obs
    before_gw = httpx.get(f"{stack.url}/metrics").text
    before_conv = scrape(ports["conversation"])
    before_kn = scrape(ports["knowledge"])
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many customers are there?"}],
                                         "chat_id": "obs-" + uuid.uuid4().hex[:8]})
        assert r.status_code == 200, r.text
    gw = httpx.get(f"{stack.url}/metrics").text
    conv = scrape(ports["conversation"])
    kn = scrape(ports["knowledge"])
    route = {"method": "POST", "route": "/api/agentic", "status": "200"}
    assert sample(gw, "dot_http_requests_total", **route) == sample(before_gw, "dot_http_requests_total", **route) + 1
    assert sample(gw, "dot_http_request_duration_seconds_count", method="POST", route="/api/agentic") >= 1
    assert sample(conv, "dot_rpc_server_handled_total", service="conversation", code="OK") > \
        sample(before_conv, "dot_rpc_server_handled_total", service="conversation", code="OK"), conv
    assert sample(conv, "dot_answer_engine_seconds_count") == sample(before_conv, "dot_answer_engine_seconds_count") + 1
    assert sample(conv, "dot_answer_engine_seconds_sum") > sample(before_conv, "dot_answer_engine_seconds_sum")
    assert 'dot_job_queue_depth{queue="background_answers"}' in conv
    assert sample(kn, "dot_rpc_server_handled_total", service="knowledge", code="OK") > \
        sample(before_kn, "dot_rpc_server_handled_total", service="knowledge", code="OK")
    for name in ("auth", "admin"):  # every process answers /metrics
        assert "dot_rpc_server_handled_total" in scrape(ports[name])


def test_rpc_errors_and_sync_durations_are_counted(obs: tuple[Stack, dict[str, int]]) -> None:
    stack, ports = obs
    before = scrape(ports["knowledge"])
    with stack.client(stack.admin_token) as c:
        missing = c.post("/api/sync/sqlite/no-such-connection")
        assert missing.status_code == 404 and "detail" in missing.json()
        assert c.post("/api/sync/sqlite/demo").status_code == 200
    after = scrape(ports["knowledge"])
    err = {"service": "knowledge", "method": "Sync", "code": "NOT_FOUND"}
    assert sample(after, "dot_rpc_server_errors_total", **err) == sample(before, "dot_rpc_server_errors_total", **err) + 1
    assert sample(after, "dot_sync_duration_seconds_count", kind="sqlite", outcome="ok") == \
        sample(before, "dot_sync_duration_seconds_count", kind="sqlite", outcome="ok") + 1
    assert 'dot_job_queue_depth{queue="syncs_running"} 0.0' in after


async def test_one_trace_from_the_gateway_into_a_service(tmp_path: Path) -> None:
    """In one process: the gateway app and the auth service, spans to an in-memory exporter; the
    auth service's span is a child of the gateway's (the trace context went in gRPC metadata)."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from gateway.app import create_app
    from services.auth.app import build
    from services.common.config import Settings

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # once per process; no other test sets one
    if trace.get_tracer_provider() is not provider:
        pytest.skip("another tracer provider is installed in this test process")

    settings = Settings(data_dir=tmp_path, secret_key="trace-" + uuid.uuid4().hex, admin_email=ADMIN_EMAIL,
                        admin_password=ADMIN_PASSWORD, tracing=True)
    server, port, store, _ = await build(settings, "127.0.0.1:0")
    settings = dataclasses.replace(settings, addresses={"auth": f"127.0.0.1:{port}"})
    app = create_app(settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                exporter.clear()
                r = await c.post("/api/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                                 headers={"X-Request-ID": "trace-test-1"})
                assert r.status_code == 200, r.text
    finally:
        await server.stop(None)
        await store.dispose()
    spans = exporter.get_finished_spans()
    login = [s for s in spans if s.name == "/dot.v1.AuthService/Login"]
    http = [s for s in spans if s.kind == trace.SpanKind.SERVER and s.name.startswith("POST")]
    assert login and http, [s.name for s in spans]
    assert login[0].context.trace_id == http[0].context.trace_id
    assert login[0].parent is not None and login[0].parent.span_id == http[0].context.span_id


def test_json_log_lines_carry_request_and_trace_ids() -> None:
    from opentelemetry.sdk.trace import TracerProvider

    from services.common import callctx
    from services.common.telemetry import JsonFormatter

    formatter = JsonFormatter("knowledge")

    def line(msg: str) -> dict[str, str]:
        record = logging.LogRecord("services.x", logging.INFO, __file__, 1, msg, (), None)
        return json.loads(formatter.format(record))

    outside = line("idle")
    assert outside["service"] == "knowledge" and "request_id" not in outside and "trace_id" not in outside
    token = callctx.begin(callctx.Call("rid-42"))
    try:
        with TracerProvider().get_tracer("t").start_as_current_span("rpc") as span:
            inside = line("working on %s")
        trace_id = f"{span.get_span_context().trace_id:032x}"
    finally:
        callctx.end(token)
    assert inside["request_id"] == "rid-42" and inside["trace_id"] == trace_id and inside["level"] == "info"
