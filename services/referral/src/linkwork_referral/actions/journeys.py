"""What the person's journey does to their referral: its start is noted on the referral, its
risk flags are copied onto it, and its close ends the referral by the lifecycle's one ending
path, with the message back to the referrer."""

from __future__ import annotations

import structlog

from linkwork_referral.actions.lifecycle import end, referrer_of
from linkwork_referral.domain import outcome_report, risk_flags
from linkwork_referral.domain.lifecycle import Status, allows
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.consumer import HandlerRefused
from linkwork_schemas.journey import JourneyClosed, JourneyStarted
from linkwork_schemas.referral import ReferralClosed, ReferralClosedPayload

log = structlog.get_logger(__name__)


async def note_journey(tx: Tx, event: JourneyStarted) -> None:
    """The link worker started the person's journey: the referral names it."""
    started = event.payload
    await tx.store.referrals.change(
        started.referral_id,
        {"journey_id": started.journey_id},
        {"event": "JourneyStarted", "at": event.occurred_at, "journey_id": started.journey_id},
    )


async def note_risk_flag(tx: Tx, event: risk_flags.FlagEvent) -> None:
    """A flag raised, reviewed or removed on the journey: the referral's copy follows."""
    p = event.payload
    referral = await tx.store.referrals.get(p.referral_id)
    if referral is None:
        raise HandlerRefused(f"{event.event_type} for unknown referral {p.referral_id}")
    flags = risk_flags.after(referral.get("risk_flags", []), event)
    line = {"event": event.event_type, "at": event.occurred_at, "flag_id": p.flag_id}
    await tx.store.referrals.change(p.referral_id, {"risk_flags": flags}, line)


async def close_after_journey(tx: Tx, event: JourneyClosed, settings: Settings) -> None:
    """The journey ended: close the referral and send the message back to the referrer."""
    closed = event.payload
    referral = await tx.store.referrals.get(closed.referral_id)
    if referral is None:
        raise HandlerRefused(f"JourneyClosed for unknown referral {closed.referral_id}")
    if not allows("close", referral["status"]):
        log.warning("referral.close_ignored", status=referral["status"])
        return
    ended = ReferralClosedPayload(
        referral_id=closed.referral_id,
        journey_id=closed.journey_id,
        closure_reason=closed.reason,
    )
    report = outcome_report.after_journey(
        closed.referral_id, referrer_of(referral), referral["person"].get("nhs_number"), closed
    )
    await end(
        tx,
        referral,
        Status.CLOSED,
        closed.reason,
        line={"journey_id": closed.journey_id},
        announce=[(ReferralClosed, ended)],
        report=report,
        summary=closed.summary,
        settings=settings,
        caused_by=event,
    )
