"""A journey's page: the journey (404 when the person may not read it), its timeline and its
links to services, read together; once closed, the message the referral service sent back to
the referrer. The links and that message are parts of the page: when the directory or the
referral service is away the rest of the page still shows, saying which part is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkwork_console.backends import Backends, BackendUnavailable, together
from linkwork_console.domain.sessions import Session

MOST_LINKS = 100  # far more than one person is ever linked to


@dataclass(frozen=True)
class JourneyPage:
    journey: dict[str, Any]
    timeline: list[dict[str, Any]]
    links: list[dict[str, Any]] | None  # None: the directory did not answer
    outcome: Outcome


@dataclass(frozen=True)
class Outcome:
    """The referral's message back to the referrer, once it is recorded."""

    report: dict[str, Any] | None = None
    available: bool = True


async def journey_page(backends: Backends, session: Session, journey_id: str) -> JourneyPage:
    journey, timeline, links = await together(
        backends.journey.get(f"/journeys/{journey_id}", session.token),
        backends.journey.get(f"/journeys/{journey_id}/timeline", session.token),
        links_of(backends, session, journey_id),
    )
    outcome = Outcome()
    if journey.get("status") == "closed":
        outcome = await outcome_of(backends, session, journey["referral_id"])
    return JourneyPage(journey, timeline.get("entries", []), links, outcome)


async def journey_of(backends: Backends, session: Session, journey_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await backends.journey.get(f"/journeys/{journey_id}", session.token)
    return found


async def links_of(
    backends: Backends, session: Session, journey_id: str
) -> list[dict[str, Any]] | None:
    """The journey's links, newest first, as the directory shows them to this person."""
    try:
        page = await backends.directory.get(
            "/links", session.token, {"journey_id": journey_id, "per_page": MOST_LINKS}
        )
    except BackendUnavailable:
        return None
    items: list[dict[str, Any]] = page.get("items", [])
    return items


async def outcome_of(backends: Backends, session: Session, referral_id: str) -> Outcome:
    try:
        referral = await backends.referral.get(f"/referrals/{referral_id}", session.token)
    except BackendUnavailable:
        return Outcome(available=False)
    return Outcome(referral.get("outcome_report") or None)
