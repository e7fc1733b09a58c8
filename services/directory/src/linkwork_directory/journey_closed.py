"""A journey closed: the directory notes it (no new links), its links still open end, and any
place they held is given back, so a service's capacity is not held for someone no longer being
supported. A pending link is declined (ServiceLinkDeclined); one that held a place has ended
(ServiceLinkEnded, `ended_by` journey_closed)."""

from __future__ import annotations

from datetime import UTC, datetime

from linkwork_directory.domain.journeys import closed_unseen_journey
from linkwork_directory.domain.links import HOLDS_PLACE, LinkStatus
from linkwork_directory.link_capacity import give_back_place
from linkwork_directory.link_outcomes import ended_early
from linkwork_directory.linking import ids
from linkwork_directory.store import Journeys, Links
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.directory import (
    ServiceLinkDeclined,
    ServiceLinkDeclinedPayload,
    ServiceLinkEnded,
)
from linkwork_schemas.journey import JourneyClosed


async def on_journey_closed(event: JourneyClosed, tx: Transaction) -> None:
    journey_id = event.payload.journey_id
    unseen = closed_unseen_journey(event.payload)
    await Journeys(tx.db, tx.session).close(journey_id, event.occurred_at, unseen)
    links = Links(tx.db, tx.session)
    reason = f"journey closed: {event.payload.reason.replace('_', ' ')}"
    for link in await links.open_for_journey(journey_id):
        held = link["status"] in HOLDS_PLACE
        history = {
            "event": "journey_closed",
            "by": event.payload.closed_by,
            "at": datetime.now(UTC),
        }
        fields = {"status": LinkStatus.ENDED, "end_reason": reason}
        if not await links.move(link["_id"], link["status"], fields, history):
            continue  # answered or expired meanwhile
        if held:
            await give_back_place(tx, link["service_id"])
            payload = ended_early(link, reason, "journey_closed")
            await tx.record(
                ServiceLinkEnded, aggregate_id=link["_id"], caused_by=event, payload=payload
            )
        else:
            await tx.record(
                ServiceLinkDeclined,
                aggregate_id=link["_id"],
                caused_by=event,
                payload=ServiceLinkDeclinedPayload(
                    **ids(link), reason=reason, declined_by="link_worker"
                ),
            )
