"""Whether a journey may be linked to a service, by this caller, now: the directory knows it
(from journey.events), the caller works on it (the journey service's rule: its link worker or
their team's manager) and it is open."""

from __future__ import annotations

from datetime import UTC, datetime

from linkwork_directory.domain.journeys import JourneyStatus, may_link
from linkwork_directory.errors import Conflict, NotPermitted, Unprocessable
from linkwork_directory.store import Journeys
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction


async def linkable_journey(tx: Transaction, journey_id: str, principal: Principal) -> Document:
    journeys = Journeys(tx.db, tx.session)
    journey = await journeys.get(journey_id)
    if journey is None:
        raise Unprocessable(
            "journey_id",
            f"no journey {journey_id!r} is known to the directory yet; check the id, or, if "
            "the journey has only just started, try again in a moment",
        )
    if not may_link(principal, journey):
        raise NotPermitted(
            f"{principal.sub} may not link journey {journey_id}: only its link worker "
            "and their team's manager may"
        )
    open_now = journey["status"] == JourneyStatus.OPEN
    if not open_now or not await journeys.hold_open(journey_id, datetime.now(UTC)):
        raise Conflict(f"journey {journey_id} is closed: no new links can be made to it")
    return journey
