"""Recording and withdrawing the person's consents, each one transaction with its event
(ConsentRecorded, ConsentWithdrawn) and a line on the referral's history; and the consents the
referral itself gives at intake. Those who work on the referral record them (its link worker,
the team's managers)."""

from __future__ import annotations

from typing import Any

from linkwork_referral.actions.commands import RecordConsent, WithdrawConsent
from linkwork_referral.actions.lifecycle import load
from linkwork_referral.domain import access, consents
from linkwork_referral.domain.lifecycle import ENDED
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Conflict, Unprocessable
from linkwork_schemas import Event
from linkwork_schemas.referral import (
    ConsentPurpose,
    ConsentRecorded,
    ConsentRecordedPayload,
    ConsentWithdrawn,
    ConsentWithdrawnPayload,
    ReferralReceivedPayload,
)


async def record(tx: Tx, referral_id: str, who: Caller, cmd: RecordConsent) -> Event:
    referral = await load(tx, referral_id, who, access.can_work_on)
    if referral["status"] in ENDED:
        raise Conflict(f"referral {referral_id} is {referral['status']}: its record is closed")
    if cmd.expires_at is not None and cmd.expires_at <= tx.now:
        raise Unprocessable(
            "expires_at: a consent cannot expire before it is given", where="expires_at"
        )
    payload = ConsentRecordedPayload(
        referral_id=referral_id, recorded_by=who.sub, recorded_at=tx.now, **cmd.model_dump()
    )
    event = await tx.record(ConsentRecorded, aggregate_id=referral_id, payload=payload)
    kept = {**referral.get("consents", {}), payload.purpose.value: consents.kept(payload)}
    await tx.store.referrals.change(referral_id, {"consents": kept}, _line(event, payload))
    return event


async def withdraw(
    tx: Tx, referral_id: str, purpose: ConsentPurpose, who: Caller, cmd: WithdrawConsent
) -> Event:
    """Withdrawn in any state of the referral: a person may always take a consent back."""
    referral = await load(tx, referral_id, who, access.can_work_on)
    kept = dict(referral.get("consents", {}))
    if not consents.holds(kept.pop(purpose.value, None), tx.now):
        raise Conflict(f"the person has no current {purpose.value} consent to withdraw")
    payload = ConsentWithdrawnPayload(
        referral_id=referral_id,
        purpose=purpose,
        source=cmd.source,
        withdrawn_by=who.sub,
        withdrawn_at=tx.now,
    )
    event = await tx.record(ConsentWithdrawn, aggregate_id=referral_id, payload=payload)
    await tx.store.referrals.change(referral_id, {"consents": kept}, _line(event, payload))
    return event


async def record_from_referral(
    tx: Tx, referral: Document, received: ReferralReceivedPayload
) -> None:
    """The consents the referral gives (not stored yet: kept on the document to be inserted),
    published right after ReferralReceived and before anything that may need them."""
    given = consents.from_referral(
        received.referral_id,
        received.person,
        f"referrer:{received.source_system}",
        received.received_at,
    )
    for payload in given:
        await tx.record(ConsentRecorded, aggregate_id=received.referral_id, payload=payload)
    referral["consents"] = {payload.purpose.value: consents.kept(payload) for payload in given}


def _line(event: Event, payload: ConsentRecordedPayload | ConsentWithdrawnPayload) -> Document:
    line: dict[str, Any] = {"event": event.event_type, "at": event.occurred_at}
    by = (
        payload.recorded_by if isinstance(payload, ConsentRecordedPayload) else payload.withdrawn_by
    )
    return line | {"by": by, "purpose": payload.purpose.value, "source": payload.source.value}
