"""Referral intake, read top to bottom.

A submission comes in by one of three doors: a message on `gp.referrals` (a JSON submission
or a FHIR BaRS bundle, told apart by content), a JSON submission over HTTP, or a BaRS bundle
over HTTP. Each reads it by the one policy of `domain.submission`; the Kafka door refuses
what cannot become a submission (the consumer dead-letters it with what and where), the HTTP
doors carry its problems on to be answered and kept.

`receive_referral` is then the same for every door: a repeat of a known (source system,
source id) is answered with the referral it made; the original is kept; a submission that
breaks the referral rules becomes ReferralRejected with its reasons; a second referral of a
person with an open case is linked to it as a possible duplicate; any other is opened and
assigned by capacity, or waits for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import structlog

from linkwork_referral.actions import consents, follow_ups, gp_messages
from linkwork_referral.actions.arrivals import Incoming, Outcome
from linkwork_referral.actions.assignment import assign_or_queue
from linkwork_referral.domain import agency, fhir_answers, intake
from linkwork_referral.domain.fhir_bars import is_bars_bundle
from linkwork_referral.domain.fhir_followup import is_follow_up, read_follow_up
from linkwork_referral.domain.fhir_response import address_of
from linkwork_referral.domain.lifecycle import Status
from linkwork_referral.domain.submission import (
    Format,
    as_invalid_message,
    format_of,
    read_submission,
)
from linkwork_referral.domain.validation import validate_submission
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.refusals import NotFound
from linkwork_runtime.unit_of_work import utc_now
from linkwork_schemas.catalogue import InvalidMessage, decode_json
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import (
    ReferralReceived,
    ReferralRejected,
    ReferralRejectedPayload,
    RejectionReason,
)

__all__ = ["Incoming", "Outcome", "from_http_bars", "from_http_json", "from_kafka"]
log = structlog.get_logger(__name__)


def from_kafka(raw: bytes) -> Incoming:
    """A message on `gp.referrals`; InvalidMessage when it cannot become a submission."""
    document = decode_json(raw)
    if is_bars_bundle(document) and is_follow_up(document):
        follow_up = read_follow_up(document, received_at=utc_now())  # InvalidMessage: refused
        return Incoming(document, "bars", "kafka", follow_up=follow_up)
    format = format_of(document)
    reading = read_submission(document, format, received_at=utc_now())
    if reading.submission is None:
        raise as_invalid_message(reading.problems)
    original = cast(dict[str, Any], document)  # a submission is only ever read from an object
    return Incoming(original, format, "kafka", reading.submission)


def from_http_json(
    document: dict[str, Any], received_at: datetime, *, agency_id: str | None = None
) -> Incoming:
    """A JSON submission posted over HTTP; its schema errors become rejection reasons. An
    organisation named in the body is refused (only a token names one); an agency's
    (`agency_id`, from its token) is then recorded as the referrer's, under its rules."""
    claimed = agency.claims_organisation(document)
    if agency_id:
        document = agency.with_organisation(document, agency_id)
    incoming = _from_http(document, "json", received_at)
    problems = [agency.organisation_problem()] if claimed else []
    if agency_id and incoming.submission is not None:
        problems += agency.agency_problems(incoming.submission)
    if not problems:
        return incoming
    return Incoming(document, "json", "http", incoming.submission, [*incoming.problems, *problems])


def from_http_bars(bundle: dict[str, Any], received_at: datetime) -> Incoming:
    """A BaRS bundle posted to `$process-message`; a structural fault becomes a reason."""
    return _from_http(bundle, "bars", received_at)


def _from_http(document: dict[str, Any], format: Format, received_at: datetime) -> Incoming:
    if format == "bars" and is_follow_up(document):
        try:
            follow_up = read_follow_up(document, received_at=received_at)
        except InvalidMessage as exc:
            return Incoming(document, format, "http", problems=[_structural(exc)])
        return Incoming(document, format, "http", follow_up=follow_up)
    reading = read_submission(document, format, received_at=received_at)
    return Incoming(document, format, "http", reading.submission, reading.reasons)


async def expect_submissions(incoming: Sequence[Incoming], tx: Tx) -> None:
    """A batch from `gp.referrals`: what `receive_referral` will ask about each submission,
    read for all of them at once."""
    submissions = [i.submission for i in incoming if i.submission is not None]
    await tx.store.referrals.expect(
        [intake.source_key(s) for s in submissions],
        [s.patient.nhs_number for s in submissions if s.patient.nhs_number],
    )


async def receive_referral(tx: Tx, incoming: Incoming, settings: Settings) -> Outcome:
    """What became of a submission, whichever door it came in by (see the module's story)."""
    if incoming.follow_up is not None:
        return await follow_ups.apply(tx, incoming, incoming.follow_up, settings)
    submission = incoming.submission
    if submission is not None:
        existing = await tx.store.referrals.by_source_key(intake.source_key(submission))
        if existing is not None:
            log.info("referral.already_received", referral_id=existing["_id"])
            return Outcome("existing", referral_id=existing["_id"])
    reasons = (
        [*incoming.problems, *validate_submission(submission, today=tx.now.date())]
        if submission
        else incoming.problems
    )
    submission_id = str(uuid.uuid4())
    await tx.store.submissions.add_at_commit(
        intake.submission_record(
            submission_id,
            incoming.original,
            format=incoming.format,
            channel=incoming.channel,
            now=tx.now,
            reasons=reasons,
        )
    )
    if submission is None or reasons:
        outcome = await _reject(tx, submission_id, submission, reasons)
    else:
        outcome = await _open(tx, incoming, submission, submission_id, settings)
    if incoming.format == "bars":
        await _respond(tx, incoming, outcome, settings)
    return outcome


async def _respond(tx: Tx, incoming: Incoming, outcome: Outcome, settings: Settings) -> None:
    """The BaRS response to a BaRS referral: accepted for triage, or rejected and why."""
    address = address_of(incoming.original)
    if outcome.status == "rejected":
        issues = fhir_answers.for_reasons(outcome.reasons)
        await gp_messages.respond(tx, address, "fatal-error", issues, settings)
        return
    words = f"referral {outcome.referral_id} accepted for triage by social prescribing"
    nhs_number = incoming.submission.patient.nhs_number if incoming.submission else None
    await gp_messages.respond(
        tx,
        address,
        "ok",
        [fhir_answers.information(words)],
        settings,
        request_status="active",
        nhs_number=nhs_number,
    )


def _structural(exc: InvalidMessage) -> RejectionReason:
    return RejectionReason(field=exc.where, rule="fhir.structure", message=exc.reason)


async def resubmit(tx: Tx, submission_id: str, incoming: Incoming, settings: Settings) -> Outcome:
    """A corrected version of a rejected submission, received as any other; the rejected one
    then names what replaced it."""
    earlier = await tx.store.submissions.get(submission_id)
    if earlier is None:
        raise NotFound(f"no submission {submission_id!r}")
    intake.ensure_resubmittable(earlier)
    outcome = await receive_referral(tx, incoming, settings)
    if outcome.status != "rejected":
        replaced_by = outcome.submission_id or outcome.referral_id or ""
        await tx.store.submissions.mark_resubmitted(submission_id, replaced_by)
    return outcome


async def _reject(
    tx: Tx,
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
    tx: Tx,
    incoming: Incoming,
    submission: ReferralSubmission,
    submission_id: str,
    settings: Settings,
) -> Outcome:
    nhs_number = submission.patient.nhs_number
    earlier = await tx.store.referrals.open_for_nhs_number(nhs_number) if nhs_number else None
    duplicate_of = earlier["_id"] if earlier else None
    payload = intake.received(submission, str(uuid.uuid4()), tx.now, duplicate_of)
    referral = intake.new_referral(
        payload,
        source_key=intake.source_key(submission),
        submission_id=submission_id,
        earlier=earlier,
    )
    if (endpoint := address_of(incoming.original).endpoint) and incoming.format == "bars":
        referral["reply_to"] = endpoint  # where the GP system takes its messages back
    status = referral["status"]
    await tx.record(ReferralReceived, aggregate_id=payload.referral_id, payload=payload)
    await consents.record_from_referral(tx, referral, payload)
    if status == Status.RECEIVED:
        # Assigned (or queued) before it is stored: one insert of the referral as it ends up.
        await assign_or_queue(tx, referral, settings, stored=False)
    await tx.store.referrals.add_new(referral)
    log.info(
        "referral.received", referral_id=payload.referral_id, possible_duplicate_of=duplicate_of
    )
    return Outcome(status, referral_id=payload.referral_id, submission_id=submission_id)
