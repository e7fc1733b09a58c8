"""HTTP hardening every service shares: a body-size cap, security headers, CORS only for
configured origins, and a per-address rate limit on what anyone may call without a token."""

from __future__ import annotations

import math
import re
import time

from fastapi import FastAPI
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkwork_runtime.access import access_matrix
from linkwork_runtime.settings import ServiceSettings

CORS_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
CORS_HEADERS = ("Authorization", "Content-Type", "X-Correlation-ID", "Last-Event-ID")
CORS_EXPOSED = ("X-Correlation-ID", "Retry-After")


def harden(app: FastAPI, settings: ServiceSettings) -> None:
    """Wrap the app; the last added runs first, so every answer below gets the headers."""
    app.add_middleware(BodySizeLimit, max_bytes=settings.http_max_body_bytes)
    app.add_middleware(PublicRateLimit, served=app, limit=settings.public_rate_limit)
    origins = [o.strip() for o in settings.cors_allowed_origins.split(",") if o.strip()]
    if origins:  # none configured: no CORS headers at all, so browsers refuse other origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            expose_headers=CORS_EXPOSED,
        )
    app.add_middleware(SecurityHeaders, strict_transport=settings.auth_mode != "development")


class BodySizeLimit:
    """413 for a body over `max_bytes`: at once when Content-Length says so, else as soon as
    the bytes received pass it (chunked uploads), without holding the body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> JSONResponse:
        message = f"the request body is over {self.max_bytes} bytes, the most accepted"
        return JSONResponse({"detail": {"error": "payload_too_large", "message": message}}, 413)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large()(scope, receive, send)
        received, started, answered = 0, False, False

        async def counted_receive() -> Message:
            nonlocal received, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if message["type"] == "http.request" and received > self.max_bytes:
                answered = True  # the app is told the client left; its own answer is dropped
                if not started:
                    await self._too_large()(scope, receive, send)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if not answered:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)


class PublicRateLimit:
    """429 with Retry-After past `limit` requests per client address to the routes the access
    declarations say anyone may call (`access.public`: health, readiness, the API documents,
    the ORUK feed). Counted in this process's memory: each replica limits on its own."""

    def __init__(self, app: ASGIApp, served: FastAPI, limit: str) -> None:
        self.app = app
        self.served = served
        self.limit = parse(limit)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self.routes: list[tuple[str, re.Pattern[str], bool]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._public(scope["method"], scope["path"]):
            return await self.app(scope, receive, send)
        address = scope["client"][0] if scope.get("client") else "unknown"
        if await self.limiter.hit(self.limit, address):
            return await self.app(scope, receive, send)
        stats = await self.limiter.get_window_stats(self.limit, address)
        retry = max(1, math.ceil(stats.reset_time - time.time()))
        message = (
            f"at most {self.limit} requests without a bearer token from one address; "
            f"try again in {retry} s"
        )
        body = {"detail": {"error": "too_many_requests", "message": message}}
        await JSONResponse(body, 429, {"Retry-After": str(retry)})(scope, receive, send)

    def _public(self, method: str, path: str) -> bool:
        """Only public routes match: a path an authenticated route may serve is not limited."""
        if self.routes is None:  # read once all routers are included, at the first request
            self.routes = [
                (row.method, compile_path(row.path)[0], bool(row.access and row.access.public))
                for row in access_matrix(self.served)
            ]
        method = "GET" if method == "HEAD" else method
        found = [
            public for m, pattern, public in self.routes if m == method and pattern.match(path)
        ]
        return bool(found) and all(found)


class SecurityHeaders:
    """nosniff, no referrer, never kept by a cache (answers may carry personal data), and
    HSTS outside development."""

    def __init__(self, app: ASGIApp, strict_transport: bool) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"cache-control", b"no-store"),
        ]
        if strict_transport:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k not in self.names]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
