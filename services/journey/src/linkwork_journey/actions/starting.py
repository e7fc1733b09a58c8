"""Starting the person's journey when the link worker accepts the referral: once per referral,
however often the acceptance arrives."""

from __future__ import annotations

import uuid

import structlog

from linkwork_journey.actions import timeline
from linkwork_journey.domain import journey
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Tx
from linkwork_schemas.journey import JourneyStarted
from linkwork_schemas.referral import ReferralAccepted

log = structlog.get_logger(__name__)


async def start_journey(tx: Tx, accepted: ReferralAccepted) -> JourneyStarted | None:
    """JourneyStarted and the journey it opens; None when the referral already has one."""
    referral_id = accepted.payload.referral_id
    await timeline.note(tx, accepted)
    if await tx.store.journeys.by_referral(referral_id) is not None:
        log.info("journey.already_started", referral_id=referral_id)
        return None
    payload = journey.start(accepted.payload, journey_id=str(uuid.uuid4()))
    started = await tx.record(
        JourneyStarted, aggregate_id=payload.journey_id, payload=payload, caused_by=accepted
    )
    await tx.store.journeys.add(journey.new_journey(started))
    await tx.store.timeline.add_at_commit(entry(started, referral_id))
    return started
