"""Run one gRPC service: health, reflection, the per-call shell (identity, errors, request id,
deadline, metrics), tracing, graceful stop."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common import callctx, grpc_errors
from services.common.clients import server_keepalive_options
from services.common.config import Settings
from services.common.errors import DomainError, Unauthenticated
from services.common.identity import PRINCIPAL_MD, SERVICE_MD, Identity, ServiceKeys
from services.common.metrics import ServiceMetrics, serve_metrics
from services.common.store import store_error
from services.common.telemetry import configure_logging, quiet_http_client_logs, setup_tracing

log = logging.getLogger(__name__)
__all__ = ["Service", "ServiceShell", "configure_logging", "quiet_http_client_logs", "run_service", "start_server"]


def rpc_status(exc: BaseException, method: str) -> tuple[grpc.StatusCode, str]:
    """The status an exception escaping a servicer becomes: the one domain-error mapping point.

    Store failures become UNAVAILABLE; unexpected exceptions INTERNAL with a generic message
    (details stay in the log).
    """
    unavailable = store_error(exc)
    if unavailable is not None:
        log.warning("store failure in %s: %s", method, type(exc).__name__)
        exc = unavailable
    if isinstance(exc, DomainError) and type(exc) is not DomainError:
        return grpc_errors.encode(exc)
    log.exception("unexpected error in %s", method, exc_info=exc)
    return grpc.StatusCode.INTERNAL, '{"code": "internal", "detail": "internal error"}'


UNTRACKED = ("/grpc.health.v1.Health/", "/grpc.reflection.")  # no caller to resolve, errors already statuses


class ServiceShell(grpc.aio.ServerInterceptor):
    """Around every RPC: the call's request id and deadline (``callctx``), its caller resolved once
    (``callctx.current_principal()``), domain errors mapped to statuses, and metrics by method and code."""

    def __init__(self, identity: Identity | None, metrics: ServiceMetrics | None = None) -> None:
        self._identity = identity
        self._metrics = metrics
        self._wrapped: dict[int, tuple[Any, Any]] = {}  # id(handler) -> (handler, its wrapped twin)

    async def intercept_service(self, continuation: Callable[[Any], Awaitable[Any]],
                                details: grpc.HandlerCallDetails) -> Any:
        handler = await continuation(details)
        if handler is None or details.method.startswith(UNTRACKED):
            return handler
        hit = self._wrapped.get(id(handler))
        if hit is not None and hit[0] is handler:  # one handler per method: wrapped once
            return hit[1]
        wrapped = _rewrap(handler, functools.partial(self._wrap, details.method.rsplit("/", 1)[-1]))
        if len(self._wrapped) < 1024:
            self._wrapped[id(handler)] = (handler, wrapped)
        return wrapped

    async def _begin(self, context: grpc.aio.ServicerContext) -> object:
        md = context.invocation_metadata() or ()
        request_id = creds = None
        for k, v in md:
            if k == callctx.REQUEST_ID_MD:
                request_id = v
            elif k in (PRINCIPAL_MD, "authorization"):
                creds = True
        remaining = context.time_remaining()
        call = callctx.Call(callctx.request_id_or_new(request_id),
                            None if remaining is None else time.monotonic() + remaining)
        token = callctx.begin(call)
        if creds and self._identity is not None:
            try:
                call.principal = await self._identity.resolve(md)
            except Exception as exc:  # noqa: BLE001 - raised where the servicer asks for the caller
                call.refused = exc
        return token

    def _done(self, method: str, code: str) -> None:
        call = callctx.current()
        if self._metrics is not None and call is not None:
            self._metrics.rpc_done(method, code, time.perf_counter() - call.started)

    @contextlib.asynccontextmanager
    async def _accounted(self, method: str, context: grpc.aio.ServicerContext) -> AsyncIterator[None]:
        """One call's frame, unary or streaming alike: caller and request id in, the domain error
        mapped once to a status, the outcome counted."""
        token = await self._begin(context)
        code = "OK"
        try:
            yield
        except asyncio.CancelledError:
            code = "CANCELLED"
            raise
        except grpc.aio.AbortError:
            code = _code_name(context)
            raise
        except Exception as exc:  # noqa: BLE001 - mapped once, here
            status, text = rpc_status(exc, method)
            code = status.name
            await context.abort(status, text)
        finally:
            self._done(method, code)
            callctx.end(token)

    def _wrap(self, method: str, behavior: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.isasyncgenfunction(behavior):
            async def streaming(request: Any, context: grpc.aio.ServicerContext) -> Any:
                async with self._accounted(method, context):
                    async for item in behavior(request, context):
                        yield item
            return streaming

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            async with self._accounted(method, context):
                return await behavior(request, context)
        return unary


def _code_name(context: grpc.aio.ServicerContext) -> str:
    code = context.code()
    return code.name if isinstance(code, grpc.StatusCode) else "UNKNOWN"


def _rewrap(handler: Any, wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Any:
    """A handler like ``handler`` whose behaviour is ``wrap(behaviour)``."""
    kw = {"request_deserializer": handler.request_deserializer, "response_serializer": handler.response_serializer}
    if handler.request_streaming and handler.response_streaming:
        return grpc.stream_stream_rpc_method_handler(wrap(handler.stream_stream), **kw)
    if handler.request_streaming:
        return grpc.stream_unary_rpc_method_handler(wrap(handler.stream_unary), **kw)
    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(wrap(handler.unary_stream), **kw)
    return grpc.unary_unary_rpc_method_handler(wrap(handler.unary_unary), **kw)


class ServiceCredentialCheck(grpc.aio.ServerInterceptor):
    """Only our own services may present an internal principal or call service-only methods.

    A call carrying ``x-dot-principal``, or calling one of ``service_only`` (full method names),
    must carry a valid ``x-dot-service`` credential; anything else (API tokens in
    ``authorization``, health, reflection, Ping, Login) passes on to the servicer's own checks.
    """

    def __init__(self, keys: ServiceKeys, service_only: frozenset[str] = frozenset()) -> None:
        self._keys = keys
        self._service_only = service_only

    async def intercept_service(self, continuation: Callable[[Any], Awaitable[Any]],
                                details: grpc.HandlerCallDetails) -> Any:
        md = details.invocation_metadata or ()
        principal = service = None
        for key, value in md:
            if key == PRINCIPAL_MD:
                principal = value
            elif key == SERVICE_MD:
                service = value
        handler = await continuation(details)
        if principal is None and details.method not in self._service_only:
            return handler
        if self._keys.caller(service) is not None or handler is None:
            return handler
        why = ("internal identities are accepted only from this server's services" if principal is not None
               else "this method is for this server's services only")
        return _refusal(handler, why)


def _refusal(handler: Any, why: str) -> Any:
    """A handler of the same shape as ``handler`` that answers UNAUTHENTICATED."""
    code, details = grpc_errors.encode(Unauthenticated(why))

    async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(code, details)

    async def streaming(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(code, details)
        yield  # pragma: no cover - makes this an async generator

    kw = {"request_deserializer": handler.request_deserializer, "response_serializer": handler.response_serializer}
    if handler.request_streaming and handler.response_streaming:
        return grpc.stream_stream_rpc_method_handler(streaming, **kw)
    if handler.request_streaming:
        return grpc.stream_unary_rpc_method_handler(unary, **kw)
    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(streaming, **kw)
    return grpc.unary_unary_rpc_method_handler(unary, **kw)


async def start_server(
    address: str,
    register: Callable[[grpc.aio.Server], None],
    service_full_names: list[str],
    secret_key: str,
    service_only: frozenset[str] = frozenset(),
    keepalive_ms: int | None = None,
    *,
    identity: Identity | None = None,
    metrics: ServiceMetrics | None = None,
    tracing: bool = False,
) -> tuple[grpc.aio.Server, int]:
    """Start a grpc.aio server on ``address`` (port 0 picks one); returns (server, port).

    Every call passes, outermost first: the OpenTelemetry server span (with ``tracing``; its parent
    comes from the caller's ``traceparent``), ``ServiceCredentialCheck``, then ``ServiceShell``.
    The keepalive policy matches the clients' (clients.py).
    """
    interceptors: list[grpc.aio.ServerInterceptor] = []
    if tracing:
        from opentelemetry.instrumentation.grpc import aio_server_interceptor, filters

        # Health and reflection are not traced: Health/Watch (a coroutine that writes its stream, which
        # the channels' health checking keeps open) is not a shape the OTel interceptor can wrap.
        untraced = filters.any_of(filters.service_prefix("grpc.health"), filters.service_prefix("grpc.reflection"))
        interceptors.append(aio_server_interceptor(filter_=filters.negate(untraced)))
    interceptors += [ServiceCredentialCheck(ServiceKeys(secret_key), service_only), ServiceShell(identity, metrics)]
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
            ("grpc.so_reuseport", 0),
            *server_keepalive_options(keepalive_ms),
        ],
        interceptors=interceptors,
    )
    register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in [*service_full_names, ""]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection([*service_full_names, reflection.SERVICE_NAME, health.SERVICE_NAME], server)
    port = server.add_insecure_port(address)
    if port == 0:
        raise RuntimeError(f"could not bind gRPC server to {address}")
    await server.start()
    return server, port


@dataclass
class Service:
    """One assembled service, ready to serve: what ``run_service`` (and tests, via ``start``) need."""

    name: str
    register: Callable[[grpc.aio.Server], None]
    full_names: list[str]
    identity: Identity
    metrics: ServiceMetrics
    service_only: frozenset[str] = frozenset()
    background: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)  # run while serving
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)  # after the server stops
    parts: dict[str, Any] = field(default_factory=dict)  # its store, clients, domain: for in-process tests

    async def start(self, settings: Settings, address: str | None = None) -> tuple[grpc.aio.Server, int]:
        return await start_server(address or settings.bind_address(self.name), self.register, self.full_names,
                                  settings.secret_key, self.service_only, settings.grpc_keepalive_ms,
                                  identity=self.identity, metrics=self.metrics, tracing=settings.tracing)

    async def close(self) -> None:
        for close in self.closers:
            await close()


def run_service(name: str, assemble: Callable[[Settings], Awaitable[Service]]) -> None:
    """``python -m services.<name>``: settings, logging, tracing, /metrics, serve until SIGTERM, stop cleanly.

    The one entry point of all four services; ``assemble`` builds the service's parts.
    """
    settings = Settings.from_env()
    configure_logging(name, settings.log_format, settings.log_level or "info")
    if settings.tracing:
        setup_tracing(name, settings.otlp_endpoint)
    with profiled(settings.profile_dir, name):
        asyncio.run(_serve(name, settings, assemble))


@contextlib.contextmanager
def profiled(directory: str | None, name: str) -> Iterator[None]:
    """cProfile the calling thread into ``directory``/<name>-<pid>.prof when ``directory`` is set
    (DOT_PROFILE_DIR: where an answer's time goes, measured in the running services). With
    DOT_PROFILE_CLOCK=cpu the profile counts the thread's CPU time instead of wall time, so waits for
    the pipe, the network or a CPU on a loaded machine do not show as cost."""
    if not directory:
        yield
        return
    import cProfile
    import os
    import time
    cpu = os.environ.get("DOT_PROFILE_CLOCK", "").strip().lower() == "cpu"
    prof = cProfile.Profile(time.thread_time) if cpu else cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        prof.dump_stats(os.path.join(directory, f"{name}-{os.getpid()}.prof"))


async def _serve(name: str, settings: Settings, assemble: Callable[[Settings], Awaitable[Service]]) -> None:
    service = await assemble(settings)
    server, port = await service.start(settings)
    log.info("%s service listening on %s (port %d)", name, settings.bind_address(name), port)
    metrics_server = None
    if settings.metrics_port_of(name) >= 0:
        try:
            metrics_server, mport = serve_metrics(service.metrics.registry, settings.grpc_host,
                                                  settings.metrics_port_of(name))
            log.info("%s metrics at http://%s:%d/metrics", name, settings.grpc_host, mport)
        except OSError as exc:  # a taken port costs the metrics, not the service
            log.error("%s metrics not served: port %d: %s", name, settings.metrics_port_of(name), exc.strerror)
    tasks = [asyncio.create_task(run()) for run in service.background]

    async def on_stop() -> None:
        for t in tasks:
            t.cancel()
        if metrics_server is not None:
            await asyncio.to_thread(metrics_server.shutdown)
        await service.close()

    await serve_forever(server, on_stop)
async def serve_forever(server: grpc.aio.Server, on_stop: Callable[[], Awaitable[None]] | None = None) -> None:
    """Block until SIGINT/SIGTERM, then stop gracefully."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    waiter = asyncio.create_task(server.wait_for_termination())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    await server.stop(grace=2)
    if on_stop is not None:
        await on_stop()
    waiter.cancel()
    stopper.cancel()
