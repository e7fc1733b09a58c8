"""The Find support page: the journey (its person's postcode and age, its needs) and, once a
search is asked for, what the directory finds, read together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkwork_console.backends import Backends, together
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.support import Search


@dataclass(frozen=True)
class SupportPage:
    journey: dict[str, Any]
    found: dict[str, Any] | None  # the directory's answer (an ORUK page), when searched


async def support_page(
    backends: Backends, session: Session, journey_id: str, search: Search | None
) -> SupportPage:
    journey_read = backends.journey.get(f"/journeys/{journey_id}", session.token)
    if search is None:
        return SupportPage(await journey_read, None)
    journey, found = await together(
        journey_read, backends.directory.get("/search", session.token, search.params)
    )
    return SupportPage(journey, found)
