"""A provider's pages: the links to its services still open (waiting, accepted, attending) and
its services' places, read from the directory together; one link (404 when it is another
organisation's)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.provider import Inbox, ServicePlaces, inbox_of, places_of
from linkwork_console.domain.sessions import Session

OPEN = ("pending", "accepted", "attending")
MOST = 200  # a provider's open links fit in one page of the directory's answer


@dataclass(frozen=True)
class ProviderPage:
    inbox: Inbox
    services: list[ServicePlaces]
    organisation: str


async def inbox(backends: Backends, session: Session, now: datetime) -> Inbox:
    pages = await asyncio.gather(
        *(
            backends.directory.get("/links", session.token, {"status": s, "per_page": MOST})
            for s in OPEN
        )
    )
    pending, accepted, attending = (page["items"] for page in pages)
    return inbox_of(pending, accepted, attending, now)


async def services(backends: Backends, session: Session) -> dict[str, Any]:
    """The organisation's services with their places (none without an organisation claim)."""
    organisation = session.identity.organization_id
    if not organisation:
        return {"items": []}
    answer: dict[str, Any] = await backends.directory.get(
        f"/organizations/{organisation}/services", session.token, {"per_page": MOST}
    )
    return answer


async def provider_page(backends: Backends, session: Session, now: datetime) -> ProviderPage:
    links, answer = await asyncio.gather(inbox(backends, session, now), services(backends, session))
    return ProviderPage(links, places_of(answer), str(answer.get("organization_name") or ""))


async def link(backends: Backends, session: Session, link_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await backends.directory.get(f"/links/{link_id}", session.token)
    return found
