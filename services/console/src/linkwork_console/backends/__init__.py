"""The four services' HTTP APIs, called with the signed-in person's own token: the console
never widens what a service lets them see or do.

A service that does not answer in time is `BackendUnavailable` (the page says which part is
down); a 4xx answer is `BackendRefused`, carrying the service's own words for the page.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from httpx_sse import EventSource, aconnect_sse

log = structlog.get_logger(__name__)

# What each service holds, as a page that says it is unavailable names it.
PARTS = {
    "referral": "referrals",
    "journey": "journeys",
    "directory": "the directory of local services",
    "notifications": "notifications",
}


class BackendUnavailable(Exception):
    """A service did not answer (down, unreachable, too slow, or failing with a 5xx)."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"the {service} service is unavailable: {reason}")
        self.service = service
        self.part = PARTS.get(service, service)


class BackendRefused(Exception):
    """A service refused the request (4xx), with its answer's body (and, for a 429, how many
    seconds to wait before asking again)."""

    def __init__(
        self, service: str, status: int, answer: Any, retry_after: str | None = None
    ) -> None:
        self.service = service
        self.status = status
        self.answer = answer
        self.retry_after = retry_after
        super().__init__(f"{service} answered {status}: {self.message}")

    @property
    def code(self) -> str | None:
        detail = self.answer.get("detail") if isinstance(self.answer, Mapping) else None
        return str(detail.get("error")) if isinstance(detail, Mapping) else None

    @property
    def message(self) -> str:
        """The service's own words, for a page to show."""
        detail = self.answer.get("detail", self.answer) if isinstance(self.answer, dict) else None
        if isinstance(detail, Mapping) and detail.get("message"):
            return str(detail["message"])
        if isinstance(detail, list) and detail and isinstance(detail[0], Mapping):
            return str(detail[0].get("msg", "the request was not valid"))
        return f"the request was refused ({self.status})"


@dataclass(frozen=True)
class Backend:
    """One service's API."""

    name: str
    base_url: str
    client: httpx.AsyncClient

    async def get(self, path: str, token: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self._call("GET", path, token, params=_present(params))

    async def post(self, path: str, token: str, body: Any = None) -> Any:
        return await self._call("POST", path, token, json=body)

    async def put(self, path: str, token: str, body: Any) -> Any:
        return await self._call("PUT", path, token, json=body)

    async def patch(self, path: str, token: str, body: Any) -> Any:
        return await self._call("PATCH", path, token, json=body)

    async def post_public(self, path: str, body: Any, client_address: str) -> Any:
        """A public door of the service (no token), on behalf of a visitor: their address is
        forwarded so the service's per-address limit counts them, not the console."""
        headers = {"X-Forwarded-For": client_address}
        return await self._request("POST", path, headers, json=body)

    async def _call(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        return await self._request(method, path, _bearer(token), **kwargs)

    async def _request(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
        try:
            answer = await self.client.request(
                method, self.base_url + path, headers=headers, **kwargs
            )
        except httpx.HTTPError as exc:
            log.warning("console.backend_unavailable", service=self.name, error=type(exc).__name__)
            raise BackendUnavailable(self.name, type(exc).__name__) from None
        if answer.status_code >= 500:
            log.warning("console.backend_failed", service=self.name, status=answer.status_code)
            raise BackendUnavailable(self.name, f"it answered {answer.status_code}")
        body = _body(answer)
        if answer.status_code >= 400:
            retry_after = answer.headers.get("retry-after")
            raise BackendRefused(self.name, answer.status_code, body, retry_after)
        return body

    @asynccontextmanager
    async def events(
        self, path: str, token: str, last_event_id: str | None
    ) -> AsyncIterator[EventSource]:
        """A Server-Sent Events stream of the service, resumed after `last_event_id`."""
        headers = _bearer(token)
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(10.0, read=None)  # a live stream is quiet between events
        try:
            async with aconnect_sse(
                self.client, "GET", self.base_url + path, headers=headers, timeout=timeout
            ) as source:
                if source.response.status_code >= 400:
                    body = _body(source.response, await source.response.aread())
                    raise BackendRefused(self.name, source.response.status_code, body)
                yield source
        except httpx.HTTPError as exc:
            raise BackendUnavailable(self.name, type(exc).__name__) from None


@dataclass(frozen=True)
class Backends:
    referral: Backend
    journey: Backend
    directory: Backend
    notifications: Backend

    @classmethod
    def of(cls, client: httpx.AsyncClient, urls: Mapping[str, str]) -> Backends:
        return cls(**{name: Backend(name, urls[name].rstrip("/"), client) for name in PARTS})


async def together(*reads: Awaitable[Any]) -> list[Any]:
    """Several reads of one page at once; when some fail, the first one's failure is the
    page's (its own record before the parts that hang off it), so a record the person may
    not see is not found, however the other parts answer them."""
    answers = await asyncio.gather(*reads, return_exceptions=True)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return list(answers)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _present(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Query parameters without the empty ones (an empty filter field means no filter)."""
    if params is None:
        return None
    return {k: v for k, v in params.items() if v not in (None, "", [])}


def _body(answer: httpx.Response, content: bytes | None = None) -> Any:
    raw = content if content is not None else answer.content
    if not raw:
        return None
    try:
        return answer.json() if content is None else httpx.Response(200, content=raw).json()
    except ValueError:
        return {"detail": {"message": raw[:500].decode(errors="replace")}}
