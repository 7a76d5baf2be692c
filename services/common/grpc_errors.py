"""The one mapping between domain errors and gRPC status codes (both directions)."""

from __future__ import annotations

import json
import logging

import grpc

from services.common.errors import ERRORS_BY_CODE, DomainError, TooManyRequests, Unavailable

log = logging.getLogger(__name__)

STATUS_BY_CODE: dict[str, grpc.StatusCode] = {
    "invalid_argument": grpc.StatusCode.INVALID_ARGUMENT,
    "bad_request": grpc.StatusCode.FAILED_PRECONDITION,
    "unauthenticated": grpc.StatusCode.UNAUTHENTICATED,
    "permission_denied": grpc.StatusCode.PERMISSION_DENIED,
    "not_found": grpc.StatusCode.NOT_FOUND,
    "conflict": grpc.StatusCode.ALREADY_EXISTS,
    "query_refused": grpc.StatusCode.FAILED_PRECONDITION,
    "query_failed": grpc.StatusCode.FAILED_PRECONDITION,
    "timeout": grpc.StatusCode.DEADLINE_EXCEEDED,
    "unavailable": grpc.StatusCode.UNAVAILABLE,
    "resource_exhausted": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "too_many_requests": grpc.StatusCode.RESOURCE_EXHAUSTED,
}


def encode(error: DomainError) -> tuple[grpc.StatusCode, str]:
    """Status code and a JSON details string that keeps the domain code and detail."""
    status = STATUS_BY_CODE.get(error.code, grpc.StatusCode.INTERNAL)
    body: dict[str, object] = {"code": error.code, "detail": error.detail}
    if isinstance(error, TooManyRequests):
        body["retry_after"] = error.retry_after
    return status, json.dumps(body)


def decode(exc: grpc.aio.AioRpcError | grpc.RpcError) -> DomainError:
    """Turn a failed RPC back into the domain error the callee raised."""
    code = exc.code() if hasattr(exc, "code") else None
    details = exc.details() if hasattr(exc, "details") else None
    if details:
        try:
            body = json.loads(details)
            cls = ERRORS_BY_CODE.get(body.get("code", ""))
            if cls is TooManyRequests:
                return TooManyRequests(body.get("detail", ""), int(body.get("retry_after") or 1))
            if cls is not None:
                return cls(body.get("detail", ""))
        except (ValueError, AttributeError):
            pass
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED):
        return Unavailable("a backend service is unavailable; try again shortly")
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        from services.common.errors import Timeout

        return Timeout("a backend service did not answer in time")
    if code == grpc.StatusCode.UNIMPLEMENTED:
        from services.common.errors import NotFound

        return NotFound("this operation is not implemented by the server")
    log.error("unexpected RPC failure: %s", code)
    return DomainError("internal error in a backend service")
