"""The directory's record of journeys, from journey.events: noted when one starts (whose it
is, open), handed over with its open links when it is reassigned, closed when it closes (its
open links ended through the link actions). Only ids, owner and status are kept."""

from __future__ import annotations

from linkwork_directory.actions import link_outcomes
from linkwork_directory.domain.journeys import (
    closed_unseen_journey,
    reassigned_owner,
    reassigned_unseen_journey,
    started_journey,
)
from linkwork_directory.store import Tx
from linkwork_schemas.journey import JourneyClosed, JourneyReassignedPayload, JourneyStartedPayload


async def note_started(tx: Tx, started: JourneyStartedPayload) -> None:
    """Keep whose the journey is and that it is open (a repeat leaves the record as it is)."""
    await tx.store.journeys.note_started(started.journey_id, started_journey(started))


async def hand_over(tx: Tx, reassigned: JourneyReassignedPayload) -> None:
    """The record follows the journey to its new link worker and team, and so do its links
    still open: the new link worker sees them and hears the provider's answers."""
    owner = reassigned_owner(reassigned)
    unseen = reassigned_unseen_journey(reassigned)
    await tx.store.journeys.hand_over(reassigned.journey_id, owner, unseen)
    history = {
        "event": "journey_reassigned",
        "by": reassigned.reassigned_by,
        "at": tx.now,
        "from": reassigned.reassigned_from,
        "to": reassigned.link_worker_id,
    }
    for link in await tx.store.links.open_for_journey(reassigned.journey_id):
        await tx.store.links.move(link["_id"], link["status"], owner, history)


async def close(tx: Tx, closed: JourneyClosed) -> None:
    """No new links to the journey; its links still open end, giving back any place held."""
    journey_id = closed.payload.journey_id
    unseen = closed_unseen_journey(closed.payload)
    await tx.store.journeys.close(journey_id, closed.occurred_at, unseen)
    for link in await tx.store.links.open_for_journey(journey_id):
        await link_outcomes.end_with_journey(tx, link, closed)
