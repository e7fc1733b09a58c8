"""Receiving a referral, from any door (Kafka JSON, Kafka BaRS, HTTP JSON, HTTP FHIR).

One pipeline: the original is kept, the submission is validated, an invalid one becomes
ReferralRejected with its reasons, a repeat of a known (source system, source id) returns
the existing referral, and a second referral of a person with an open case is linked to it
as a possible duplicate rather than opened as a new case.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import structlog

from linkwork_referral.assignment import assign_or_queue
from linkwork_referral.domain import intake
from linkwork_referral.domain.lifecycle import Status
from linkwork_referral.domain.validation import validate_submission
from linkwork_referral.settings import Settings
from linkwork_referral.store import Referrals, Submissions
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import (
    ReferralReceived,
    ReferralRejected,
    ReferralRejectedPayload,
    RejectionReason,
)

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Incoming:
    """A submission as it arrived: the original document and what could be parsed of it."""

    original: dict[str, Any]
    format: Literal["json", "bars"]
    channel: Literal["kafka", "http"]
    submission: ReferralSubmission | None = None
    problems: list[RejectionReason] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    status: Literal["received", "possible_duplicate", "existing", "rejected"]
    referral_id: str | None = None
    submission_id: str | None = None
    reasons: list[RejectionReason] = field(default_factory=list)


async def receive_referral(tx: Transaction, incoming: Incoming, settings: Settings) -> Outcome:
    now = datetime.now(UTC)
    referrals = Referrals(tx.db, tx.session)
    submission = incoming.submission
    if submission is not None:
        existing = await referrals.by_source_key(intake.source_key(submission))
        if existing is not None:
            log.info("referral.already_received", referral_id=existing["_id"])
            return Outcome("existing", referral_id=existing["_id"])
    reasons = validate_submission(submission, today=now.date()) if submission else incoming.problems
    submission_id = str(uuid.uuid4())
    await Submissions(tx.db, tx.session).add(
        {
            "_id": submission_id,
            # Kept as text: an arbitrary document may hold keys MongoDB will not store.
            "original": json.dumps(incoming.original),
            "format": incoming.format,
            "channel": incoming.channel,
            "received_at": now,
            "status": "rejected" if reasons else "accepted",
            "reasons": [reason.model_dump() for reason in reasons],
        }
    )
    if submission is None or reasons:
        return await _reject(tx, submission_id, submission, reasons)
    return await _open(tx, referrals, submission, submission_id, now, settings)


async def _reject(
    tx: Transaction,
    submission_id: str,
    submission: ReferralSubmission | None,
    reasons: list[RejectionReason],
) -> Outcome:
    await tx.record(
        ReferralRejected,
        aggregate_id=submission_id,
        payload=ReferralRejectedPayload(
            submission_id=submission_id,
            source_system=submission.source_system if submission else None,
            source_referral_id=submission.source_referral_id if submission else None,
            reasons=reasons,
        ),
    )
    log.info("referral.rejected", submission_id=submission_id, rules=[r.rule for r in reasons])
    return Outcome("rejected", submission_id=submission_id, reasons=reasons)


async def _open(
    tx: Transaction,
    referrals: Referrals,
    submission: ReferralSubmission,
    submission_id: str,
    now: datetime,
    settings: Settings,
) -> Outcome:
    nhs_number = submission.patient.nhs_number
    earlier = await referrals.open_for_nhs_number(nhs_number) if nhs_number else None
    duplicate_of = earlier["_id"] if earlier else None
    referral_id = str(uuid.uuid4())
    payload = intake.received(submission, referral_id, now, duplicate_of)
    status = intake.initial_status(duplicate_of)
    document = {
        "_id": referral_id,
        "source_key": intake.source_key(submission),
        "submission_id": submission_id,
        "status": status,
        **payload.model_dump(mode="json", exclude={"referral_id", "received_at"}),
        "received_at": now,
        "history": [{"event": "ReferralReceived", "at": now, "status": status}],
        "first_contact_at": None,
        "contact_attempts": [],
        # A possible duplicate is shown to whoever has the open referral, for review.
        "link_worker_id": earlier.get("link_worker_id") if earlier else None,
        "team_id": earlier.get("team_id") if earlier else None,
    }
    await referrals.add(document)
    await tx.record(ReferralReceived, aggregate_id=referral_id, payload=payload)
    if status == Status.RECEIVED:
        await assign_or_queue(tx, document, settings)
    log.info("referral.received", referral_id=referral_id, possible_duplicate_of=duplicate_of)
    return Outcome(status, referral_id=referral_id, submission_id=submission_id)  # type: ignore[arg-type]
