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
from services.common.errors import DomainError
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


async def start_server(
    address: str,
    register: Callable[[grpc.aio.Server], None],
    service_full_names: list[str],
) -> tuple[grpc.aio.Server, int]:
    """Start a grpc.aio server on ``address`` (port 0 picks one); returns (server, port)."""
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
            ("grpc.so_reuseport", 0),
        ]
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
