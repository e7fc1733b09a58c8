"""Headers on every answer: nothing sniffed, framed or leaked in a referrer; pages with
personal data never cached; scripts only the console's own (a nonce per page for the one
inline line the NHS.UK template needs)."""

from __future__ import annotations

import secrets

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response
from starlette.types import ASGIApp


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, secure: bool) -> None:
        super().__init__(app)
        self._secure = secure

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        nonce = secrets.token_urlsafe(16)
        request.state.csp_nonce = nonce
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "img-src 'self' data:; font-src 'self' https://assets.nhs.uk; connect-src 'self'; "
            "frame-ancestors 'none'; "
            "base-uri 'self'; form-action 'self'"
        )
        if not request.url.path.startswith("/assets/"):
            response.headers["Cache-Control"] = "no-store"
        if self._secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
