"""A journey started: the directory notes whose it is and that it is open, so a link to it is
made only by its link worker or their team's manager (see journey_check)."""

from __future__ import annotations

from linkwork_directory.domain.journeys import started_journey
from linkwork_directory.store import Journeys
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.journey import JourneyStarted


async def on_journey_started(event: JourneyStarted, tx: Transaction) -> None:
    journey_id = event.payload.journey_id
    await Journeys(tx.db, tx.session).note_started(journey_id, started_journey(event.payload))
