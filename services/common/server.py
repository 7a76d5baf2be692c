"""Run one gRPC service: health, reflection, domain-error mapping, graceful stop."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common import grpc_errors
from services.common.clients import server_keepalive_options
from services.common.errors import DomainError, Unauthenticated
from services.common.identity import PRINCIPAL_MD, SERVICE_MD, ServiceKeys
from services.common.store import store_error

log = logging.getLogger(__name__)


def map_domain_errors(servicer: Any) -> Any:
    """Wrap every RPC method so DomainErrors become gRPC statuses (the one mapping point).

    Unexpected exceptions become INTERNAL with a generic message (details stay in the log).
    """
    for name, method in inspect.getmembers(servicer, predicate=inspect.ismethod):
        if name.startswith("_") or not name[0].isupper():
            continue
        if inspect.isasyncgenfunction(method):
            setattr(servicer, name, _wrap_stream(method))
        elif inspect.iscoroutinefunction(method):
            setattr(servicer, name, _wrap_unary(method))
    return servicer


async def _abort(context: grpc.aio.ServicerContext, exc: BaseException, method: str) -> None:
    unavailable = store_error(exc)
    if unavailable is not None:
        log.warning("store failure in %s: %s", method, type(exc).__name__)
        exc = unavailable
    if isinstance(exc, DomainError) and type(exc) is not DomainError:
        code, details = grpc_errors.encode(exc)
        await context.abort(code, details)
    log.exception("unexpected error in %s", method, exc_info=exc)
    await context.abort(grpc.StatusCode.INTERNAL, '{"code": "internal", "detail": "internal error"}')


def _wrap_unary(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await method(request, context)
        except (asyncio.CancelledError, grpc.aio.AbortError):
            raise
        except Exception as exc:  # noqa: BLE001 - mapped once, here
            await _abort(context, exc, method.__name__)

    return wrapper


def _wrap_stream(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            async for item in method(request, context):
                yield item
        except (asyncio.CancelledError, grpc.aio.AbortError):
            raise
        except Exception as exc:  # noqa: BLE001
            await _abort(context, exc, method.__name__)

    return wrapper


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
) -> tuple[grpc.aio.Server, int]:
    """Start a grpc.aio server on ``address`` (port 0 picks one); returns (server, port).

    Every call passes ``ServiceCredentialCheck``; the keepalive policy matches the clients' (clients.py).
    """
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
            ("grpc.so_reuseport", 0),
            *server_keepalive_options(keepalive_ms),
        ],
        interceptors=[ServiceCredentialCheck(ServiceKeys(secret_key), service_only)],
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


def configure_logging(service: str) -> None:
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s")
    quiet_http_client_logs()


def quiet_http_client_logs() -> None:
    """httpx logs every request's full URL at INFO (an LLM endpoint's URL can carry a tenant or key):
    only its warnings and errors reach the service logs."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
