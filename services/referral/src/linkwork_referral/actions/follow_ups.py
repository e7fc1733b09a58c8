"""A referrer's follow-up of a BaRS referral, read top to bottom.

A cancellation withdraws the referral by the lifecycle's one ending path (ReferralWithdrawn,
by `referrer:<system>`); an update changes what the referrer may change (ReferralUpdated
naming the fields), checked by the same rules as a new referral. Every follow-up is kept as a
submission and answered on `gp.responses`, refusals included (an unknown referral, one that
has ended, an update that breaks the rules): none is dropped. A repeat of a follow-up
already applied (the same Bundle.id) changes nothing again.
"""

from __future__ import annotations

import uuid

import structlog

from linkwork_referral.actions import gp_messages
from linkwork_referral.actions.arrivals import Incoming, Outcome
from linkwork_referral.actions.lifecycle import end
from linkwork_referral.domain import fhir_answers, intake, referral_update
from linkwork_referral.domain.fhir_followup import FollowUp
from linkwork_referral.domain.fhir_response import Address, RequestStatus, address_of
from linkwork_referral.domain.lifecycle import ENDED, Status, allows
from linkwork_referral.domain.validation import validate_submission
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas.common import Person, ReferralReason, Urgency
from linkwork_schemas.referral import (
    ReferralUpdated,
    ReferralUpdatedPayload,
    ReferralWithdrawn,
    ReferralWithdrawnPayload,
    RejectionReason,
)

log = structlog.get_logger(__name__)


async def apply(tx: Tx, incoming: Incoming, follow_up: FollowUp, settings: Settings) -> Outcome:
    referral = await tx.store.referrals.by_source_key(follow_up.source_key)
    if referral is not None and follow_up.message_id in referral.get("follow_ups", []):
        return Outcome("existing", referral_id=referral["_id"])
    address = address_of(incoming.original)
    if referral is None:
        reason = _reason(
            "ServiceRequest.identifier",
            "referral.unknown",
            f"no referral from {follow_up.source_system} with id "
            f"{follow_up.source_referral_id} was received",
        )
        return await _refuse(tx, incoming, None, follow_up, address, [reason], 404, settings)
    if referral["status"] in ENDED:
        reason = _reason(
            "ServiceRequest.status",
            "referral.ended",
            f"the referral is already {referral['status']}: nothing was changed",
        )
        return await _refuse(tx, incoming, referral, follow_up, address, [reason], 409, settings)
    if follow_up.kind == "cancel":
        return await _cancel(tx, incoming, referral, follow_up, address, settings)
    return await _update(tx, incoming, referral, follow_up, address, settings)


async def _cancel(
    tx: Tx,
    incoming: Incoming,
    referral: Document,
    follow_up: FollowUp,
    address: Address,
    settings: Settings,
) -> Outcome:
    submission_id = await _keep(tx, incoming, referral["_id"], follow_up, "accepted")
    by = f"referrer:{follow_up.source_system}"
    await _mark(tx, referral, follow_up)
    await end(
        tx,
        referral,
        Status.WITHDRAWN,
        follow_up.reason,
        line={"by": by, "reason": follow_up.reason, "message_id": follow_up.message_id},
        announce=[
            (
                ReferralWithdrawn,
                ReferralWithdrawnPayload(
                    referral_id=referral["_id"], reason=follow_up.reason, withdrawn_by=by
                ),
            )
        ],
        settings=settings,
    )
    words = f"referral {referral['_id']} withdrawn: {follow_up.reason}"
    await gp_messages.respond(
        tx,
        address,
        "ok",
        [fhir_answers.information(words)],
        settings,
        request_status="revoked",
        nhs_number=referral["person"].get("nhs_number"),
    )
    log.info("referral.cancelled_by_referrer", referral_id=referral["_id"])
    return Outcome("withdrawn", referral_id=referral["_id"], submission_id=submission_id)


async def _update(
    tx: Tx,
    incoming: Incoming,
    referral: Document,
    follow_up: FollowUp,
    address: Address,
    settings: Settings,
) -> Outcome:
    submission = follow_up.submission
    assert submission is not None  # an update is read with the referral it now is
    reasons = validate_submission(submission, today=tx.now.date())
    if reasons:
        return await _refuse(tx, incoming, referral, follow_up, address, reasons, 422, settings)
    fields, named = referral_update.changes(referral, submission)
    submission_id = await _keep(tx, incoming, referral["_id"], follow_up, "accepted")
    nhs_number = submission.patient.nhs_number
    if not named:
        await _mark(tx, referral, follow_up)
        words = f"referral {referral['_id']}: the update changes nothing Linkwork holds"
        await _answer_ok(tx, address, words, nhs_number, settings)
        return Outcome("unchanged", referral_id=referral["_id"], submission_id=submission_id)
    by = f"referrer:{follow_up.source_system}"
    follow_ups = [*referral.get("follow_ups", []), follow_up.message_id]
    line = {"event": "ReferralUpdated", "at": tx.now, "by": by, "fields": named}
    await tx.store.referrals.change(referral["_id"], {**fields, "follow_ups": follow_ups}, line)
    now = {**referral, **fields}
    await tx.record(
        ReferralUpdated,
        aggregate_id=referral["_id"],
        payload=ReferralUpdatedPayload(
            referral_id=referral["_id"],
            fields=named,
            urgency=Urgency(now["urgency"]),
            reasons=[ReferralReason.model_validate(r) for r in now["reasons"]],
            notes=now.get("notes"),
            person=Person.model_validate(now["person"]),
            updated_by=by,
        ),
    )
    words = f"referral {referral['_id']} updated: {', '.join(named)}"
    await _answer_ok(tx, address, words, nhs_number, settings)
    log.info("referral.updated_by_referrer", referral_id=referral["_id"], fields=named)
    return Outcome("updated", referral_id=referral["_id"], submission_id=submission_id)


async def _refuse(
    tx: Tx,
    incoming: Incoming,
    referral: Document | None,
    follow_up: FollowUp,
    address: Address,
    reasons: list[RejectionReason],
    status: int,
    settings: Settings,
) -> Outcome:
    """Answered and kept, never dropped: the sender hears why nothing changed."""
    referral_id = referral["_id"] if referral else None
    submission_id = await _keep(tx, incoming, referral_id, follow_up, "refused", reasons)
    if referral is not None:
        await _mark(tx, referral, follow_up)
    issues = fhir_answers.for_refusal(reasons, status)
    await gp_messages.respond(
        tx,
        address,
        "fatal-error",
        issues,
        settings,
        request_status=_held_as(referral),
        nhs_number=referral["person"].get("nhs_number") if referral else None,
    )
    log.info("referral.follow_up_refused", referral_id=referral_id, rules=[r.rule for r in reasons])
    return Outcome(
        "refused",
        referral_id=referral_id,
        submission_id=submission_id,
        reasons=reasons,
        http_status=status,
    )


async def _answer_ok(
    tx: Tx, address: Address, words: str, nhs_number: str | None, settings: Settings
) -> None:
    await gp_messages.respond(
        tx,
        address,
        "ok",
        [fhir_answers.information(words)],
        settings,
        request_status="active",
        nhs_number=nhs_number,
    )


async def _keep(
    tx: Tx,
    incoming: Incoming,
    referral_id: str | None,
    follow_up: FollowUp,
    status: str,
    reasons: list[RejectionReason] | None = None,
) -> str:
    submission_id = str(uuid.uuid4())
    record = intake.submission_record(
        submission_id,
        incoming.original,
        format=incoming.format,
        channel=incoming.channel,
        now=tx.now,
        reasons=reasons or [],
    )
    kind = "cancellation" if follow_up.kind == "cancel" else "update"
    await tx.store.submissions.add_at_commit(
        {**record, "status": status, "kind": kind, "referral_id": referral_id}
    )
    return submission_id


async def _mark(tx: Tx, referral: Document, follow_up: FollowUp) -> None:
    """The follow-up is applied (or answered): its repeat is recognised by its Bundle.id."""
    follow_ups = [*referral.get("follow_ups", []), follow_up.message_id]
    line = {"event": f"FollowUp:{follow_up.kind}", "at": tx.now, "message_id": follow_up.message_id}
    await tx.store.referrals.change(referral["_id"], {"follow_ups": follow_ups}, line)
    referral["follow_ups"] = follow_ups


def _held_as(referral: Document | None) -> RequestStatus | None:
    if referral is None:
        return None
    if not allows("withdraw", referral["status"]):
        return "revoked" if referral["status"] == Status.WITHDRAWN else "completed"
    return "active"


def _reason(field: str, rule: str, message: str) -> RejectionReason:
    return RejectionReason(field=field, rule=rule, message=message)
