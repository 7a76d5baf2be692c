"""One vocabulary of domain errors.

Domain code raises these; they are mapped exactly once to gRPC status codes
(``services.common.grpc_errors``) and once to HTTP status codes (``gateway.errors``).
Messages are user-facing: say what was wrong, never include secrets.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user may see. ``detail`` is str or a JSON-able dict."""

    code: str = "internal"

    def __init__(self, detail: str | dict[str, Any]) -> None:
        super().__init__(detail if isinstance(detail, str) else str(detail))
        self.detail = detail


class InvalidArgument(DomainError):
    """Input is malformed or violates a rule (HTTP 422)."""

    code = "invalid_argument"


class BadRequest(DomainError):
    """Request is well-formed but cannot be acted on as sent (HTTP 400)."""

    code = "bad_request"


class Unauthenticated(DomainError):
    """Missing, malformed, expired, revoked or wrongly signed credential (HTTP 401)."""

    code = "unauthenticated"


class PermissionDenied(DomainError):
    """The caller is known but its role or groups do not allow this (HTTP 403)."""

    code = "permission_denied"


class NotFound(DomainError):
    """The named resource does not exist or is not visible to the caller (HTTP 404)."""

    code = "not_found"


class Conflict(DomainError):
    """The request conflicts with current state, e.g. duplicate or running sync (HTTP 409)."""

    code = "conflict"


class QueryRefused(DomainError):
    """The SQL guard refused a statement; ``detail`` names the reason (HTTP 400)."""

    code = "query_refused"


class QueryFailed(DomainError):
    """The warehouse rejected or failed a guarded query (HTTP 400)."""

    code = "query_failed"


class Timeout(DomainError):
    """A statement or upstream call exceeded its time budget (HTTP 504)."""

    code = "timeout"


class Unavailable(DomainError):
    """A dependency (service, warehouse, store) is down or read-only (HTTP 503)."""

    code = "unavailable"


class ResourceExhausted(DomainError):
    """A size or rate limit was hit (HTTP 413/429 depending on boundary)."""

    code = "resource_exhausted"


class TooManyRequests(DomainError):
    """Throttled: too many attempts; ``retry_after`` says in how many seconds to retry (HTTP 429)."""

    code = "too_many_requests"

    def __init__(self, detail: str | dict[str, Any], retry_after: int = 1) -> None:
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))


ERRORS_BY_CODE: dict[str, type[DomainError]] = {
    cls.code: cls
    for cls in (
        InvalidArgument,
        BadRequest,
        Unauthenticated,
        PermissionDenied,
        NotFound,
        Conflict,
        QueryRefused,
        QueryFailed,
        Timeout,
        Unavailable,
        ResourceExhausted,
        TooManyRequests,
    )
}
