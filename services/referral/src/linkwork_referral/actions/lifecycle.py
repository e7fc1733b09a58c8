"""What link workers and managers do with a referral: contact attempts, accept, decline,
withdraw, reassign, review a possible duplicate. Each is one transaction with its events;
every ending (declined, withdrawn, or closed after the journey) takes the same path, `end`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from linkwork_referral.actions import assignment, gp_messages
from linkwork_referral.actions.commands import ContactAttempt
from linkwork_referral.domain import access, outcome_report
from linkwork_referral.domain.lifecycle import Status, ensure_allowed
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Unprocessable, permitted
from linkwork_schemas import Event
from linkwork_schemas.common import Person, ReferralReason, Referrer, Urgency
from linkwork_schemas.journey import JourneySummary
from linkwork_schemas.referral import (
    ReferralAccepted,
    ReferralAcceptedPayload,
    ReferralDeclined,
    ReferralDeclinedPayload,
    ReferralOutcomeReported,
    ReferralOutcomeReportedPayload,
    ReferralWithdrawn,
    ReferralWithdrawnPayload,
)

Announcement = tuple[type[Event], Any]  # an event class and its payload


async def load(
    tx: Tx, referral_id: str, who: Caller, may: Callable[[Caller, Document], bool]
) -> Document:
    """The referral, if `who` may take this step; 404 when they may not even see it."""
    return permitted(
        await tx.store.referrals.get(referral_id),
        "referral",
        referral_id,
        sees=partial(access.can_see, who),
        may=partial(may, who),
        who=who.sub,
    )


async def record_contact(
    tx: Tx, referral_id: str, who: Caller, attempt: ContactAttempt
) -> Document:
    referral = await load(tx, referral_id, who, access.can_work_on)
    ensure_allowed("contact", referral["status"])
    at = attempt.at or tx.now
    if at > tx.now:
        raise Unprocessable("at: a contact attempt cannot be in the future", where="at")
    line = {**attempt.model_dump(mode="json", exclude={"at"}), "at": at, "by": who.sub}
    fields: dict[str, Any] = {"contact_attempts": [*referral.get("contact_attempts", []), line]}
    if attempt.outcome == "reached" and not referral.get("first_contact_at"):
        fields["first_contact_at"] = at
    await tx.store.referrals.change(referral_id, fields, {"event": "ContactAttempted", **line})
    return {**referral, **fields}


async def accept(tx: Tx, referral_id: str, who: Caller) -> Document:
    referral = await load(tx, referral_id, who, access.can_work_on)
    ensure_allowed("accept", referral["status"])
    await tx.store.referrals.change(
        referral_id,
        {"status": Status.ACCEPTED, "accepted_at": tx.now},
        {"event": "ReferralAccepted", "at": tx.now, "by": who.sub},
    )
    await tx.record(
        ReferralAccepted,
        aggregate_id=referral_id,
        payload=ReferralAcceptedPayload(
            referral_id=referral_id,
            link_worker_id=referral["link_worker_id"],
            team_id=referral.get("team_id"),
            person=Person.model_validate(referral["person"]),
            referrer=Referrer.model_validate(referral["referrer"]),
            reasons=[ReferralReason.model_validate(r) for r in referral["reasons"]],
            urgency=Urgency(referral["urgency"]),
            accepted_at=tx.now,
        ),
    )
    return {**referral, "status": Status.ACCEPTED}


async def decline(
    tx: Tx, referral_id: str, who: Caller, reason: str, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, who, access.can_work_on)
    ensure_allowed("decline", referral["status"])
    declined = ReferralDeclinedPayload(
        referral_id=referral_id,
        link_worker_id=referral.get("link_worker_id"),
        reason=reason,
        outcome_code=outcome_report.DECLINED,
    )
    report = outcome_report.after_decline(
        referral_id, referrer_of(referral), referral["person"].get("nhs_number"), reason
    )
    await end(
        tx,
        referral,
        Status.DECLINED,
        reason,
        line={"by": who.sub, "reason": reason},
        announce=[(ReferralDeclined, declined)],
        report=report,
        settings=settings,
    )
    return {**referral, "status": Status.DECLINED}


async def withdraw(
    tx: Tx, referral_id: str, who: Caller, reason: str, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, who, access.can_withdraw)
    ensure_allowed("withdraw", referral["status"])
    withdrawn = ReferralWithdrawnPayload(
        referral_id=referral_id, reason=reason, withdrawn_by=who.sub
    )
    await end(
        tx,
        referral,
        Status.WITHDRAWN,
        reason,
        line={"by": who.sub, "reason": reason},
        announce=[(ReferralWithdrawn, withdrawn)],
        settings=settings,
    )
    return {**referral, "status": Status.WITHDRAWN}


async def end(
    tx: Tx,
    referral: Document,
    status: Status,
    reason: str,
    *,
    line: Mapping[str, Any],
    announce: Sequence[Announcement],
    settings: Settings,
    caused_by: Event | None = None,
    report: ReferralOutcomeReportedPayload | None = None,
    summary: JourneySummary | None = None,
) -> None:
    """The referral ends: its place goes back, its status and history say why (the history
    line names the first event announced), its events are recorded (last, the message back
    to the referrer when there is one, also kept on the referral as `outcome_report`, with
    its coded form for the GP record on `gp.outcomes`), and the freed place takes a waiting
    referral."""
    await assignment.release(tx, referral)
    fields: dict[str, Any] = {"status": status, "ended_at": tx.now, "end_reason": reason}
    if report is not None:
        announce = [*announce, (ReferralOutcomeReported, report)]
        fields["outcome_report"] = outcome_report.as_kept(report, reported_at=tx.now)
    await tx.store.referrals.change(
        referral["_id"], fields, {"event": announce[0][0].type_name(), "at": tx.now, **line}
    )
    for event_class, payload in announce:
        await tx.record(
            event_class, aggregate_id=referral["_id"], payload=payload, caused_by=caused_by
        )
    if report is not None:
        await gp_messages.report_outcome(
            tx,
            referral,
            report,
            summary,
            closure=reason,
            declined=status == Status.DECLINED,
            settings=settings,
        )
    await assignment.assign_waiting(tx, settings)


async def reassign(
    tx: Tx, referral_id: str, who: Caller, link_worker_id: str, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, who, access.can_work_on)
    ensure_allowed("reassign", referral["status"])
    worker = await tx.store.link_workers.get(link_worker_id)
    if worker is None or not worker["active"]:
        raise Unprocessable(
            f"link_worker_id: no active link worker {link_worker_id!r}", where="link_worker_id"
        )
    await assignment.assign_to(
        tx, referral, link_worker_id, worker.get("team_id"), who.sub, settings
    )
    await assignment.assign_waiting(tx, settings)
    return {**referral, "link_worker_id": link_worker_id}


async def review_duplicate(
    tx: Tx, referral_id: str, who: Caller, distinct: bool, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, who, access.can_work_on)
    ensure_allowed("review_duplicate", referral["status"])
    if not distinct:
        reason = f"duplicate of referral {referral.get('possible_duplicate_of')}"
        return await withdraw(tx, referral_id, who, reason, settings)
    await tx.store.referrals.change(
        referral_id,
        {"status": Status.RECEIVED, "possible_duplicate_of": None},
        {"event": "DuplicateReviewed", "at": tx.now, "by": who.sub, "distinct": True},
    )
    await assignment.assign_or_queue(tx, {**referral, "status": Status.RECEIVED}, settings)
    return referral


def referrer_of(referral: Document) -> Referrer:
    return Referrer.model_validate(referral["referrer"])
