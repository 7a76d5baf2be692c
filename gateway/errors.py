"""The one mapping from domain errors to HTTP responses, installed once on the app."""

from __future__ import annotations

import logging

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common import grpc_errors
from services.common.errors import DomainError, TooManyRequests

log = logging.getLogger(__name__)

HTTP_BY_CODE: dict[str, int] = {
    "invalid_argument": 422,
    "bad_request": 400,
    "unauthenticated": 401,
    "permission_denied": 403,
    "not_found": 404,
    "conflict": 409,
    "query_refused": 400,
    "query_failed": 400,
    "timeout": 504,
    "unavailable": 503,
    "resource_exhausted": 413,
    "too_many_requests": 429,
}


def error_response(exc: DomainError) -> JSONResponse:
    status = HTTP_BY_CODE.get(exc.code, 500)
    headers = {"WWW-Authenticate": 'Bearer realm="dot"'} if status == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    detail = exc.detail if status != 500 else "Internal server error"
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(grpc.aio.AioRpcError)
    async def _rpc(_: Request, exc: grpc.aio.AioRpcError) -> JSONResponse:
        return error_response(grpc_errors.decode(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"detail": "Internal server error"}, status_code=500)
