"""What one call carries through a process: its request id, deadline and caller.

Held in context variables (per asyncio task, copied into tasks it starts), so servicers, domain
code and outgoing clients read them without threading them through every signature. Set by
``server.ServiceShell`` for each RPC and by the gateway's middleware for each HTTP request.
"""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field

from services.common.errors import Unauthenticated
from services.common.principal import Principal

REQUEST_ID_MD = "x-request-id"
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


@dataclass
class Call:
    """One incoming call. ``active`` turns False when it ends: background work it started keeps the
    request id (for logs) but no longer inherits its deadline."""

    request_id: str
    deadline: float | None = None  # time.monotonic() by which the caller stops waiting
    principal: Principal | None = None
    refused: BaseException | None = None  # why no principal could be resolved (raised on use)
    active: bool = True
    started: float = field(default_factory=time.perf_counter)

    def remaining(self) -> float | None:
        if self.deadline is None or not self.active:
            return None
        return self.deadline - time.monotonic()


_CALL: ContextVar[Call | None] = ContextVar("dot_call", default=None)


def request_id_or_new(value: str | bytes | None) -> str:
    """The caller's request id when it is a sane token, else a fresh one (never echo arbitrary text)."""
    if isinstance(value, str) and _VALID_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def begin(call: Call) -> object:
    """Make ``call`` current; returns the token for ``end``."""
    return _CALL.set(call)


def end(token: object) -> None:
    call = _CALL.get()
    if call is not None:
        call.active = False
    try:
        _CALL.reset(token)  # type: ignore[arg-type]
    except ValueError:  # a streaming call closed from another context: nothing of ours to restore there
        pass


def current() -> Call | None:
    return _CALL.get()


def current_request_id() -> str:
    call = _CALL.get()
    return call.request_id if call is not None else ""


def current_principal() -> Principal:
    """The caller of the RPC being served, resolved once by ``server.ServiceShell``.

    Raises the reason when the call carried no usable credential (Unauthenticated, or Unavailable
    when auth could not be asked), so a method that needs a caller starts with this line.
    """
    call = _CALL.get()
    if call is None:
        raise Unauthenticated("no caller: this code runs outside an RPC")
    if call.principal is None:
        raise call.refused or Unauthenticated("no credentials: send authorization metadata (Bearer <API token>)")
    return call.principal


def outgoing_timeout(timeout: float | None) -> float | None:
    """An outgoing call's timeout, never past the deadline of the call being served (min of both)."""
    call = _CALL.get()
    remaining = call.remaining() if call is not None else None
    if remaining is None:
        return timeout
    remaining = max(0.001, remaining)
    return remaining if timeout is None else min(timeout, remaining)
