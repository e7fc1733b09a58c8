"""What a route anyone may post to (a public form, such as the self-referral door) needs
beyond the shared hardening: a body read only up to its own, smaller limit (413), and a
stricter rate limit per client address (429 with Retry-After), counted in this process's
memory by the `limits` library as the public routes' limit is."""

from __future__ import annotations

import json
import math
import time
from typing import Any

from fastapi import HTTPException, Request
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from linkwork_runtime.refusals import Unprocessable


class PerAddressLimit:
    """At most `per_minute` requests a minute from one client address, per replica."""

    def __init__(self, per_minute: int, what: str) -> None:
        self.item = RateLimitItemPerMinute(per_minute)
        self.what = what
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def check(self, request: Request) -> None:
        address = request.client.host if request.client else "unknown"
        if await self.limiter.hit(self.item, self.what, address):
            return
        stats = await self.limiter.get_window_stats(self.item, self.what, address)
        retry = max(1, math.ceil(stats.reset_time - time.time()))
        raise HTTPException(
            429,
            detail={
                "error": "too_many_requests",
                "message": f"at most {self.item.amount} {self.what} a minute from one address; "
                f"try again in {retry} seconds",
            },
            headers={"Retry-After": str(retry)},
        )


async def bounded_json(request: Request, max_bytes: int) -> Any:
    """The request's JSON body, read no further than `max_bytes` (413 past it); 422 when it
    is not JSON (saying so, never repeating it)."""
    declared = request.headers.get("content-length", "")
    too_large = HTTPException(
        413,
        detail={
            "error": "payload_too_large",
            "message": f"the form is over {max_bytes} bytes, the most accepted",
        },
    )
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Unprocessable("the body is not a JSON document", where="body") from None
