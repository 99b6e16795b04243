"""Plain ASGI middleware, outermost first: metrics, security headers, auth, body size limit.

They are ASGI, not ``BaseHTTPMiddleware``, so a streamed job result is never buffered
and a refused request body is never read.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from claimex.service.errors import ApiError
from claimex.service.metrics import ServiceMetrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/healthz", "/readyz"})  # probes answer without a token: they say nothing about the data


async def send_error(send: Send, status: int, type_: str, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps(ApiError(type=type_, message=message).model_dump(mode="json")).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class RequestMetrics:
    """Counts every request by method, route template and status, with its latency."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = scope.get("route")
            template = str(getattr(route, "path", "")) or "unmatched"
            method = str(scope.get("method", "?"))
            self.metrics.requests.labels(method=method, route=template, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=template).observe(time.perf_counter() - started)


class SecurityHeaders:
    """Every answer says what it is: no content sniffing (an article's ``<script>`` stays data), no caching."""

    _HEADERS = ((b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"))

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._HEADERS]
            await send(message)

        await self.app(scope, receive, add_headers)


class BearerAuth:
    """``Authorization: Bearer <token>`` on every request but the probes; compared in constant time."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in OPEN_PATHS or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        given = b""
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                given = bytes(value)
        if not hmac.compare_digest(given, self._expected):
            message = "missing bearer token" if not given else "wrong bearer token"
            await send_error(send, 401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})
            return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """413 for a body over ``limit`` bytes: at once when Content-Length says so, else when the bytes pass it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _message(self, size: int | None) -> str:
        shown = f" of {size:,} bytes" if size is not None else ""
        return f"request body{shown} is over the limit of {self.limit:,} bytes (--max-body-mb)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await send_error(send, 413, "body_too_large", self._message(int(value)))
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watch)
        except _TooLarge:
            if started:
                raise
            await send_error(send, 413, "body_too_large", self._message(None))
