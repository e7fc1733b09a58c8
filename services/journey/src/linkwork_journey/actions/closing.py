"""Closing a journey: its summary for the message back to the referrer; follow-ups and the
appointments still ahead are called off in the same commit."""

from __future__ import annotations

from linkwork_journey.actions.appointments import cancel_ahead
from linkwork_journey.actions.commands import CloseJourney
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain.summary import summarise
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_schemas import Event
from linkwork_schemas.journey import JourneyClosed, JourneyClosedPayload


async def close(tx: Tx, journey_id: str, who: Principal, cmd: CloseJourney) -> Event:
    """Close with the summary the message back to the referrer needs."""
    journey = await load(tx, journey_id, who)
    payload = JourneyClosedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        link_worker_id=journey["link_worker_id"],
        reason=cmd.reason,
        summary=summarise(journey),
        closed_by=who.sub,
    )
    await tx.store.follow_ups.settle({"journey_id": journey_id}, "cancelled")
    called_off = await cancel_ahead(tx, journey, who)  # before JourneyClosed, in this commit
    fields = {
        "status": "closed",
        "closed_at": tx.now,
        "closure_reason": cmd.reason,
        "summary": payload.summary.model_dump(mode="json"),
        **called_off,
    }
    return await record(tx, journey, JourneyClosed, payload, fields=fields)
