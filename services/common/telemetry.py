"""Traces and logs of one process: OpenTelemetry spans (exported over OTLP when configured) and
one log line per record, as JSON, carrying the request id and the trace id."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from opentelemetry import propagate, trace

from services.common import callctx

log = logging.getLogger(__name__)


def setup_tracing(service: str, otlp_endpoint: str | None, exporter: Any = None) -> Any:
    """Install an SDK tracer provider for this process, exporting to ``otlp_endpoint`` (OTLP/gRPC)
    or to ``exporter`` (tests); returns it. Called once per process, before any span starts."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"dot-{service}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
        log.info("tracing: exporting spans over OTLP to %s", otlp_endpoint)
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return provider


def inject_trace(metadata: list[tuple[str, str]]) -> None:
    """Add the current span's ``traceparent`` (W3C) to outgoing gRPC metadata; nothing when no span."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    metadata.extend(carrier.items())


def trace_ids() -> tuple[str, str]:
    """(trace id, span id) of the current span as hex, or empty strings outside a recorded span."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return "", ""
    return f"{ctx.trace_id:032x}", f"{ctx.span_id:016x}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, service, logger, message, request and trace ids."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or callctx.current_request_id()
        if request_id:
            line["request_id"] = request_id
        trace_id, span_id = trace_ids()
        if trace_id:
            line["trace_id"], line["span_id"] = trace_id, span_id
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human format of ``make run``, with the request id when there is one."""

    def __init__(self, service: str) -> None:
        super().__init__(f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        request_id = callctx.current_request_id()
        return f"{text} [request {request_id}]" if request_id else text


def configure_logging(service: str, fmt: str = "text", level: str = "info") -> None:
    """Root logging for a process: ``fmt`` "json" (one object per line) or "text"."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else TextFormatter(service))
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    quiet_http_client_logs()


def quiet_http_client_logs() -> None:
    """httpx logs every request's full URL at INFO (an LLM endpoint's URL can carry a tenant or key):
    only its warnings and errors reach the service logs."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
