"""What the directory does with journey.events: each event, one journey action."""

from __future__ import annotations

from linkwork_directory.actions import journeys
from linkwork_directory.store import Tx
from linkwork_schemas.journey import JourneyClosed, JourneyReassigned, JourneyStarted

# The directory keeps its own record of each journey (whose it is, whether it is open), so that
# only the journey's link worker or their team's manager links it, and only while it is open.


async def on_journey_started(event: JourneyStarted, tx: Tx) -> None:
    await journeys.note_started(tx, event.payload)


async def on_journey_reassigned(event: JourneyReassigned, tx: Tx) -> None:
    await journeys.hand_over(tx, event.payload)


async def on_journey_closed(event: JourneyClosed, tx: Tx) -> None:
    await journeys.close(tx, event)
