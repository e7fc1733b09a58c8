"""The services a journey's person was linked to, kept up to date from directory events
(linked, answered, attended, ended), each with its line on the timeline."""

from __future__ import annotations

import structlog

from linkwork_journey.domain.services import services_after
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Tx
from linkwork_schemas import Event

log = structlog.get_logger(__name__)


async def update_services(tx: Tx, link_event: Event) -> None:
    """The journey's services after the link event; a link of an unknown journey is skipped."""
    journey_id = getattr(link_event.payload, "journey_id", None)
    journey = await tx.store.journeys.get(journey_id or "")
    if journey is None:
        log.info("journey.link_for_unknown_journey", journey_id=journey_id)
        return
    services = services_after(journey.get("services", []), link_event)
    await tx.store.journeys.change(journey["_id"], {"services": services})
    await tx.store.timeline.add_at_commit(entry(link_event, journey["referral_id"]))
