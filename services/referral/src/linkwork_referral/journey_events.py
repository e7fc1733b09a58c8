"""Handlers of journey events: the journey's start and close move the referral on."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from linkwork_referral import assignment
from linkwork_referral.domain import outcome_report
from linkwork_referral.domain.lifecycle import Status
from linkwork_referral.settings import Settings
from linkwork_referral.store import Referrals
from linkwork_runtime.consumer import HandlerRefused
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.common import Referrer
from linkwork_schemas.journey import JourneyClosed, JourneyStarted
from linkwork_schemas.referral import (
    ReferralClosed,
    ReferralClosedPayload,
    ReferralOutcomeReported,
)

log = structlog.get_logger(__name__)


async def on_journey_started(event: JourneyStarted, tx: Transaction) -> None:
    referral_id = event.payload.referral_id
    await Referrals(tx.db, tx.session).change(
        referral_id,
        {"journey_id": event.payload.journey_id},
        {
            "event": "JourneyStarted",
            "at": event.occurred_at,
            "journey_id": event.payload.journey_id,
        },
    )


async def on_journey_closed(event: JourneyClosed, tx: Transaction, settings: Settings) -> None:
    """The journey ended: close the referral and send the message back to the referrer."""
    closed = event.payload
    referral = await Referrals(tx.db, tx.session).get(closed.referral_id)
    if referral is None:
        raise HandlerRefused(f"JourneyClosed for unknown referral {closed.referral_id}")
    if referral["status"] != Status.ACCEPTED:
        log.warning("referral.close_ignored", status=referral["status"])
        return
    now = datetime.now(UTC)
    await assignment.release(tx, referral)
    await Referrals(tx.db, tx.session).change(
        closed.referral_id,
        {"status": Status.CLOSED, "ended_at": now, "end_reason": closed.reason},
        {"event": "ReferralClosed", "at": now, "journey_id": closed.journey_id},
    )
    await tx.record(
        ReferralClosed,
        aggregate_id=closed.referral_id,
        caused_by=event,
        payload=ReferralClosedPayload(
            referral_id=closed.referral_id,
            journey_id=closed.journey_id,
            closure_reason=closed.reason,
        ),
    )
    await tx.record(
        ReferralOutcomeReported,
        aggregate_id=closed.referral_id,
        caused_by=event,
        payload=outcome_report.after_journey(
            closed.referral_id,
            Referrer.model_validate(referral["referrer"]),
            referral["person"].get("nhs_number"),
            closed,
        ),
    )
    await assignment.assign_waiting(tx, settings)
