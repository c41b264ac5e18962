"""Errors as JSON with a message a person can act on and the right status; bad input never a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from crossroute.api.plain import plain
from crossroute.resolve.explain import NotFound as ExplainNotFound
from crossroute.sharing import AccessDenied, PurposeRequired, SharingError, UnknownUser

log = logging.getLogger("crossroute.api")


class NotFound(LookupError):
    """Nothing by that id that the caller may see."""


class Unauthenticated(Exception):
    """No valid token."""


class TooLarge(Exception):
    """A request body over the limit."""


def error(status: int, message: str, **extra: object) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Map every exception the faces may meet to a JSON answer."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields: dict[str, str] = {}
        for name, advice in map(plain, exc.errors()):
            fields.setdefault(name, advice)  # the first problem of each field
        problems = [f"{name}: {advice}" for name, advice in fields.items()]
        return error(422, "; ".join(problems), details=problems, fields=fields)

    @app.exception_handler(HTTPException)
    async def http(_: Request, exc: HTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(_: Request, exc: Unauthenticated) -> JSONResponse:
        return error(401, str(exc))

    @app.exception_handler(SharingError)
    async def refused(_: Request, exc: SharingError) -> JSONResponse:
        status = 400
        if isinstance(exc, PurposeRequired):
            status = 400
        elif isinstance(exc, AccessDenied | UnknownUser):
            status = 403
        return error(status, str(exc))

    @app.exception_handler(TooLarge)
    async def too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return error(413, str(exc))

    @app.exception_handler(NotFound)
    async def missing(_: Request, exc: NotFound) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(ExplainNotFound)
    async def missing_entity(_: Request, exc: ExplainNotFound) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error(500, f"internal error ({type(exc).__name__}); the server log has the details")
