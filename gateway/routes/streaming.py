"""Relay a server-streaming RPC of byte chunks (``data``, ``content_type`` on the first) as an HTTP streaming response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from fastapi.responses import StreamingResponse

from services.common import grpc_errors


async def relay(call: Any, headers: dict[str, str] | None = None) -> StreamingResponse:
    """Read the first chunk before answering so errors still become proper 4xx/5xx."""
    it = call.__aiter__()
    try:
        first = await it.__anext__()
    except StopAsyncIteration:
        return StreamingResponse(iter([b""]), media_type="application/octet-stream", headers=headers)
    except grpc.aio.AioRpcError as exc:
        raise grpc_errors.decode(exc) from None

    async def body() -> AsyncIterator[bytes]:
        yield first.data
        async for chunk in it:
            yield chunk.data

    return StreamingResponse(body(), media_type=first.content_type or "application/octet-stream", headers=headers)
