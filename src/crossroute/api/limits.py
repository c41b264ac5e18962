"""Body-size limits, applied before routing and authentication: a declared length over the limit is
refused with 413 before a byte of the body is read, and a body sent without a length (chunked) is
counted as it arrives and refused once it passes the limit, never read whole.

Uploads (`/api/ingest`) have their own, larger limit (`api.ingest.MAX_BYTES`), checked as the file is
written to disk."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGIN_BYTES = 16 << 10  # a user name and a password
BODY_BYTES = 1 << 20  # any other JSON body (decisions, operations, federation requests)
UPLOAD_PREFIX = "/api/ingest"
_SMALL = ("/api/login", "/api/logout")


def limit_for(path: str) -> int | None:
    """The most bytes a body sent to `path` may have; None where the route checks its own."""
    if path == UPLOAD_PREFIX or path.startswith(UPLOAD_PREFIX + "/"):
        return None
    if path in _SMALL:
        return LOGIN_BYTES
    return BODY_BYTES


def _message(limit: int) -> str:
    return f"the request body is over {limit:,} bytes, the most this call accepts"


class BodyLimit:
    """ASGI middleware: the outermost layer, so nothing (authentication included) reads a body
    over the limit."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = limit_for(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        received, refused, started = 0, False, False

        async def counted() -> Message:
            """The body as it arrives; past the limit, the 413 is sent and the app is told the client
            left (it stops reading; whatever it answers is dropped)."""
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def answer(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer
            started = True
            await send(message)

        await self.app(scope, counted, answer)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"error": _message(limit)}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
