"""Prometheus metrics of one process, on a registry it owns (several services may share a test process).

Services serve them on their own HTTP port (``serve_metrics``); the gateway at ``/metrics``.
Labels are method names, route templates and status codes only: never ids, emails or tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import start_http_server

log = logging.getLogger(__name__)

# Seconds: an RPC or page is milliseconds; an answer or a sync can take minutes.
FAST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
SLOW_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)


class ServiceMetrics:
    """What a gRPC service reports: RPCs by method and code, their latency, and the service's own work."""

    def __init__(self, service: str, registry: CollectorRegistry | None = None) -> None:
        self.service = service
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.rpcs = Counter("dot_rpc_server_handled", "RPCs completed, by method and gRPC status code",
                            ["service", "method", "code"], registry=r)
        self.rpc_errors = Counter("dot_rpc_server_errors", "RPCs that ended with a status other than OK",
                                  ["service", "method", "code"], registry=r)
        self.rpc_seconds = Histogram("dot_rpc_server_handling_seconds", "Time to answer an RPC",
                                     ["service", "method"], buckets=FAST_BUCKETS, registry=r)
        self.answer_seconds = Histogram("dot_answer_engine_seconds", "Time the analyst engine took for one answer",
                                        ["engine", "outcome"], buckets=SLOW_BUCKETS, registry=r)
        self.sync_seconds = Histogram("dot_sync_duration_seconds", "Duration of a connection sync",
                                      ["kind", "outcome"], buckets=SLOW_BUCKETS, registry=r)
        self.queue_depth = Gauge("dot_job_queue_depth", "Background jobs queued or running, by queue",
                                 ["queue"], registry=r)
        self._children: dict[tuple[str, str], tuple[Any, Any, Any]] = {}

    def rpc_done(self, method: str, code: str, seconds: float) -> None:
        children = self._children.get((method, code))
        if children is None:  # labels() costs microseconds per call: each (method, code) is looked up once
            children = self._children[(method, code)] = (
                self.rpcs.labels(self.service, method, code), self.rpc_seconds.labels(self.service, method),
                self.rpc_errors.labels(self.service, method, code) if code != "OK" else None)
        count, seconds_hist, errors = children
        count.inc()
        seconds_hist.observe(seconds)
        if errors is not None:
            errors.inc()

    def observe_sync(self, kind: str, outcome: str, seconds: float) -> None:
        self.sync_seconds.labels(kind or "unknown", outcome).observe(seconds)

    def track_queue(self, queue: str, depth: Callable[[], float]) -> None:
        """Report ``depth()`` at every scrape (reads live state; nothing to keep in step)."""
        self.queue_depth.labels(queue).set_function(depth)


class HttpMetrics:
    """What the gateway reports per HTTP request (route templates, not raw paths)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.requests = Counter("dot_http_requests", "HTTP requests answered, by route and status",
                                ["method", "route", "status"], registry=r)
        self.seconds = Histogram("dot_http_request_duration_seconds", "Time to answer an HTTP request",
                                 ["method", "route"], buckets=FAST_BUCKETS, registry=r)
        self.in_progress = Gauge("dot_http_requests_in_progress", "HTTP requests being answered", registry=r,
                                 multiprocess_mode="livesum")
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def done(self, method: str, route: str, status: int, seconds: float) -> None:
        children = self._children.get((method, route, status))
        if children is None:
            children = self._children[(method, route, status)] = (
                self.requests.labels(method, route, str(status)), self.seconds.labels(method, route))
        children[0].inc()
        children[1].observe(seconds)


def exposition(registry: CollectorRegistry, multiprocess_dir: str | None = None) -> tuple[bytes, str]:
    """The text format of ``registry``; with ``multiprocess_dir`` (PROMETHEUS_MULTIPROC_DIR, several
    gateway workers), the sum over every worker process."""
    if multiprocess_dir:
        from prometheus_client import multiprocess

        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)
        return generate_latest(merged), CONTENT_TYPE_LATEST
    return generate_latest(registry), CONTENT_TYPE_LATEST


def serve_metrics(registry: CollectorRegistry, host: str, port: int) -> tuple[Any, int]:
    """Serve ``/metrics`` over HTTP on a daemon thread (port 0 picks one); returns (server, port).

    Stop with ``server.shutdown()``.
    """
    server, _thread = start_http_server(port, addr=host, registry=registry)
    return server, int(server.server_port)
