"""A referral's page: the referral (404 when the person may not see it), its journey once it
has one, and for a manager the team's link workers (to reassign it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkwork_console.backends import Backends, together
from linkwork_console.domain.sessions import Session


@dataclass(frozen=True)
class ReferralPage:
    referral: dict[str, Any]
    journey: dict[str, Any] | None = None
    link_workers: list[dict[str, Any]] = field(default_factory=list)


async def referral_page(backends: Backends, session: Session, referral_id: str) -> ReferralPage:
    token = session.token
    referral, journeys = await together(
        backends.referral.get(f"/referrals/{referral_id}", token),
        journey_of(backends, session, referral_id),
    )
    workers: list[dict[str, Any]] = []
    if session.identity.has("manager"):
        workers = (await backends.referral.get("/link-workers", token))["items"]
    return ReferralPage(referral, journeys, workers)


async def journey_of(
    backends: Backends, session: Session, referral_id: str
) -> dict[str, Any] | None:
    """The referral's journey, once the journey service has started it (and she may read it)."""
    if not (session.identity.has("link_worker") or session.identity.has("manager")):
        return None
    found = await backends.journey.get(
        "/journeys", session.token, {"referral_id": referral_id, "per_page": 1}
    )
    items: list[dict[str, Any]] = found["items"]
    return items[0] if items else None
