"""Ops' pages: the latest envelopes and the failed deliveries (notifications service), and what
each service's consumers dead-lettered (each service's `/dead-letters`), read together. A
service that does not answer is shown as such: the rest of the page still works."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from linkwork_console.backends import BackendRefused, Backends, BackendUnavailable
from linkwork_console.domain.ops import (
    ENVELOPES_SHOWN,
    SERVICES,
    KeptDetail,
    ServiceKept,
    envelope_of,
    failed_delivery,
    kept_detail,
    kept_message,
    kept_of,
)
from linkwork_console.domain.sessions import Session

T = TypeVar("T")
FAILED_SHOWN = 20


@dataclass(frozen=True)
class Listed:
    """A page of something, with how many there are in all (None: the service did not say)."""

    items: list[Any] = field(default_factory=list)
    total: int | None = None
    page: int = 1
    per_page: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total or 0) // self.per_page))


@dataclass(frozen=True)
class OpsPage:
    envelopes: Listed
    dead_letters: list[ServiceKept]
    failed: Listed


async def _answer_of(call: Awaitable[T]) -> T | None:
    """The service's answer, or None when it is down (or does not offer this yet)."""
    try:
        return await call
    except BackendUnavailable:
        return None
    except BackendRefused as refused:
        if refused.status in (404, 405):
            return None
        raise


def _listed(answer: dict[str, Any] | None, shown: Any) -> Listed:
    if answer is None:
        return Listed()
    return Listed(
        [shown(item) for item in answer.get("items", [])],
        int(answer.get("total") or 0),
        int(answer.get("page") or 1),
        int(answer.get("per_page") or 50),
    )


async def envelopes(backends: Backends, session: Session, event_type: str) -> Listed:
    params = {"per_page": ENVELOPES_SHOWN, "event_type": event_type}
    answer = await _answer_of(backends.notifications.get("/events", session.token, params))
    return _listed(answer, envelope_of)


async def failed_deliveries(
    backends: Backends, session: Session, page: int = 1, per_page: int = FAILED_SHOWN
) -> Listed:
    params = {"status": "failed", "page": max(page, 1), "per_page": per_page}
    answer = await _answer_of(backends.notifications.get("/deliveries", session.token, params))
    return _listed(answer, failed_delivery)


async def dead_letters(backends: Backends, session: Session) -> list[ServiceKept]:
    answers = await asyncio.gather(
        *(_answer_of(getattr(backends, s).get("/dead-letters", session.token)) for s in SERVICES)
    )
    return [kept_of(s, answer) for s, answer in zip(SERVICES, answers, strict=True)]


async def ops_page(backends: Backends, session: Session, event_type: str) -> OpsPage:
    found = await asyncio.gather(
        envelopes(backends, session, event_type),
        dead_letters(backends, session),
        failed_deliveries(backends, session),
    )
    return OpsPage(*found)


async def kept_on(
    backends: Backends, session: Session, service: str, topic: str, page: int
) -> Listed:
    """What `service` kept on `topic` (404 for a topic it does not consume)."""
    params = {"page": max(page, 1), "per_page": 50}
    answer = await getattr(backends, service).get(f"/dead-letters/{topic}", session.token, params)
    listed: Listed = _listed(answer, kept_message)
    return listed


async def kept_one(
    backends: Backends, session: Session, service: str, topic: str, partition: int, offset: int
) -> KeptDetail:
    path = f"/dead-letters/{topic}/{partition}/{offset}"
    return kept_detail(await getattr(backends, service).get(path, session.token))
