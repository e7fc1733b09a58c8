"""What the directory does with journey.events (each event, one journey action) and with the
person's consents on referral.events."""

from __future__ import annotations

from linkwork_directory.actions import consents, journeys
from linkwork_directory.store import Tx
from linkwork_schemas.journey import JourneyClosed, JourneyReassigned, JourneyStarted
from linkwork_schemas.referral import ConsentRecorded, ConsentWithdrawn

# The directory keeps its own record of each journey (whose it is, whether it is open), so that
# only the journey's link worker or their team's manager links it, and only while it is open.


async def on_journey_started(event: JourneyStarted, tx: Tx) -> None:
    await journeys.note_started(tx, event.payload)


async def on_journey_reassigned(event: JourneyReassigned, tx: Tx) -> None:
    await journeys.hand_over(tx, event.payload)


async def on_journey_closed(event: JourneyClosed, tx: Tx) -> None:
    await journeys.close(tx, event)


async def on_consent_changed(event: ConsentRecorded | ConsentWithdrawn, tx: Tx) -> None:
    await consents.note(tx, event)
