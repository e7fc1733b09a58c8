"""What link workers and managers do with a referral: contact attempts, accept, decline,
withdraw, reassign, review a possible duplicate. Each is one transaction with its events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from linkwork_referral import assignment
from linkwork_referral.domain import access, outcome_report
from linkwork_referral.domain.lifecycle import Status, ensure_allowed
from linkwork_referral.settings import Settings
from linkwork_referral.store import LinkWorkers, Referrals
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.common import Person, ReferralReason, Referrer, Urgency
from linkwork_schemas.referral import (
    ReferralAccepted,
    ReferralAcceptedPayload,
    ReferralDeclined,
    ReferralDeclinedPayload,
    ReferralOutcomeReported,
    ReferralWithdrawn,
    ReferralWithdrawnPayload,
)


class ReferralNotFound(LookupError):
    pass


class NotPermitted(PermissionError):
    pass


class Unprocessable(ValueError):
    """A request a caller can fix; the message starts with the field it is about."""


class ContactAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["phone", "sms", "email", "letter", "visit"]
    outcome: Literal["reached", "no_answer", "left_message", "wrong_number", "other"]
    at: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=2000)


async def load(
    tx: Transaction,
    referral_id: str,
    principal: Principal,
    may: Callable[[Principal, Document], bool],
) -> Document:
    """The referral, if `principal` may take this step; 404 when they may not even see it."""
    referral = await Referrals(tx.db, tx.session).get(referral_id)
    if referral is None or not (access.can_see(principal, referral) or may(principal, referral)):
        raise ReferralNotFound(f"no referral {referral_id!r}")
    if not may(principal, referral):
        raise NotPermitted(f"{principal.sub} may not do this to referral {referral_id}")
    return referral


async def record_contact(
    tx: Transaction, referral_id: str, principal: Principal, attempt: ContactAttempt
) -> Document:
    referral = await load(tx, referral_id, principal, access.can_work_on)
    ensure_allowed("contact", referral["status"])
    at = attempt.at or datetime.now(UTC)
    if at > datetime.now(UTC):
        raise Unprocessable("at: a contact attempt cannot be in the future")
    line = {**attempt.model_dump(mode="json", exclude={"at"}), "at": at, "by": principal.sub}
    fields: dict[str, Any] = {"contact_attempts": [*referral.get("contact_attempts", []), line]}
    if attempt.outcome == "reached" and not referral.get("first_contact_at"):
        fields["first_contact_at"] = at
    await Referrals(tx.db, tx.session).change(
        referral_id, fields, {"event": "ContactAttempted", **line}
    )
    return {**referral, **fields}


async def accept(tx: Transaction, referral_id: str, principal: Principal) -> Document:
    referral = await load(tx, referral_id, principal, access.can_work_on)
    ensure_allowed("accept", referral["status"])
    now = datetime.now(UTC)
    await Referrals(tx.db, tx.session).change(
        referral_id,
        {"status": Status.ACCEPTED, "accepted_at": now},
        {"event": "ReferralAccepted", "at": now, "by": principal.sub},
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
            accepted_at=now,
        ),
    )
    return {**referral, "status": Status.ACCEPTED}


async def decline(
    tx: Transaction, referral_id: str, principal: Principal, reason: str, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, principal, access.can_work_on)
    ensure_allowed("decline", referral["status"])
    await _end(tx, referral, Status.DECLINED, "ReferralDeclined", principal, reason, settings)
    await tx.record(
        ReferralDeclined,
        aggregate_id=referral_id,
        payload=ReferralDeclinedPayload(
            referral_id=referral_id,
            link_worker_id=referral.get("link_worker_id"),
            reason=reason,
            outcome_code=outcome_report.DECLINED,
        ),
    )
    await tx.record(
        ReferralOutcomeReported,
        aggregate_id=referral_id,
        payload=outcome_report.after_decline(
            referral_id,
            Referrer.model_validate(referral["referrer"]),
            referral["person"].get("nhs_number"),
            reason,
        ),
    )
    return {**referral, "status": Status.DECLINED}


async def withdraw(
    tx: Transaction, referral_id: str, principal: Principal, reason: str, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, principal, access.can_withdraw)
    ensure_allowed("withdraw", referral["status"])
    await _end(tx, referral, Status.WITHDRAWN, "ReferralWithdrawn", principal, reason, settings)
    await tx.record(
        ReferralWithdrawn,
        aggregate_id=referral_id,
        payload=ReferralWithdrawnPayload(
            referral_id=referral_id, reason=reason, withdrawn_by=principal.sub
        ),
    )
    return {**referral, "status": Status.WITHDRAWN}


async def _end(
    tx: Transaction,
    referral: Document,
    status: Status,
    event: str,
    principal: Principal,
    reason: str,
    settings: Settings,
) -> None:
    now = datetime.now(UTC)
    await assignment.release(tx, referral)
    await Referrals(tx.db, tx.session).change(
        referral["_id"],
        {"status": status, "ended_at": now, "end_reason": reason},
        {"event": event, "at": now, "by": principal.sub, "reason": reason},
    )
    await assignment.assign_waiting(tx, settings)


async def reassign(
    tx: Transaction,
    referral_id: str,
    principal: Principal,
    link_worker_id: str,
    settings: Settings,
) -> Document:
    referral = await load(tx, referral_id, principal, access.can_work_on)
    ensure_allowed("reassign", referral["status"])
    worker = await LinkWorkers(tx.db, tx.session).get(link_worker_id)
    if worker is None or not worker["active"]:
        raise Unprocessable(f"link_worker_id: no active link worker {link_worker_id!r}")
    await assignment.assign_to(
        tx, referral, link_worker_id, worker.get("team_id"), principal.sub, settings
    )
    await assignment.assign_waiting(tx, settings)
    return {**referral, "link_worker_id": link_worker_id}


async def review_duplicate(
    tx: Transaction, referral_id: str, principal: Principal, distinct: bool, settings: Settings
) -> Document:
    referral = await load(tx, referral_id, principal, access.can_work_on)
    ensure_allowed("review_duplicate", referral["status"])
    if not distinct:
        reason = f"duplicate of referral {referral.get('possible_duplicate_of')}"
        return await withdraw(tx, referral_id, principal, reason, settings)
    now = datetime.now(UTC)
    await Referrals(tx.db, tx.session).change(
        referral_id,
        {"status": Status.RECEIVED, "possible_duplicate_of": None},
        {"event": "DuplicateReviewed", "at": now, "by": principal.sub, "distinct": True},
    )
    await assignment.assign_or_queue(tx, {**referral, "status": Status.RECEIVED}, settings)
    return referral
