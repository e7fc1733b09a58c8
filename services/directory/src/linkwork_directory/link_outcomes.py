"""How a link ends: declined by the provider, expired unanswered, attended to completion
(ServiceLinkAttended with `completed`), or ended early after acceptance (ServiceLinkEnded).
A link that held a place gives it back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from linkwork_directory.domain import links as rules
from linkwork_directory.domain.links import LinkStatus
from linkwork_directory.errors import Unprocessable
from linkwork_directory.link_capacity import give_back_place
from linkwork_directory.linking import ids, load, move
from linkwork_directory.store import Links
from linkwork_runtime.auth import Principal, Role
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.directory import (
    LinkEndedBy,
    LinkPayload,
    ServiceLinkAttended,
    ServiceLinkAttendedPayload,
    ServiceLinkDeclined,
    ServiceLinkDeclinedPayload,
    ServiceLinkEnded,
    ServiceLinkEndedPayload,
    ServiceLinkExpired,
)


async def decline(tx: Transaction, link_id: str, principal: Principal, reason: str) -> None:
    link = await load(tx, link_id, principal, rules.can_answer)
    now = await move(tx, link, "decline", LinkStatus.DECLINED, principal.sub, reason=reason)
    await Links(tx.db, tx.session).set(link_id, {"answered_at": now})
    await tx.record(
        ServiceLinkDeclined,
        aggregate_id=link_id,
        payload=ServiceLinkDeclinedPayload(**ids(link), reason=reason, declined_by="provider"),
    )


async def record_attendance(
    tx: Transaction, link_id: str, principal: Principal, day: date | None, completed: bool
) -> None:
    link = await load(tx, link_id, principal, rules.can_record_attendance)
    attended_on = attendance_day(day)
    to = LinkStatus.COMPLETED if completed else LinkStatus.ATTENDING
    await move(tx, link, "attend", to, principal.sub, last_attended_on=attended_on.isoformat())
    await Links(tx.db, tx.session).note_attendance(link_id, attended_on.isoformat())
    if completed:
        await give_back_place(tx, link["service_id"])
    await tx.record(
        ServiceLinkAttended,
        aggregate_id=link_id,
        payload=ServiceLinkAttendedPayload(
            **ids(link), attended_on=attended_on, completed=completed
        ),
    )


async def end(tx: Transaction, link_id: str, principal: Principal, reason: str) -> None:
    link = await load(tx, link_id, principal, rules.can_record_attendance)
    await move(tx, link, "end", LinkStatus.ENDED, principal.sub, end_reason=reason)
    await give_back_place(tx, link["service_id"])
    await tx.record(
        ServiceLinkEnded,
        aggregate_id=link_id,
        payload=ended_early(link, reason, _party(principal)),
    )


def ended_early(link: Document, reason: str, by: LinkEndedBy) -> ServiceLinkEndedPayload:
    """The facts of a link that held a place and ended before completion."""
    last = link.get("last_attended_on")
    return ServiceLinkEndedPayload(
        **ids(link),
        reason=reason,
        ended_by=by,
        organization_id=link["organization_id"],
        provider_email=link.get("provider_email"),
        attended_sessions=len(link.get("attendances", [])),
        last_attended_on=date.fromisoformat(last) if last else None,
    )


def _party(principal: Principal) -> Literal["provider", "link_worker", "manager"]:
    if principal.has(Role.PROVIDER):
        return "provider"
    return "link_worker" if principal.has(Role.LINK_WORKER) else "manager"


async def expire(tx: Transaction, link: Document) -> bool:
    """Expire an unanswered link once: False when it was answered or expired meanwhile."""
    moved = await Links(tx.db, tx.session).move(
        link["_id"],
        LinkStatus.PENDING,
        {"status": LinkStatus.EXPIRED, "expired": True},
        {"event": "expire", "by": "directory", "at": datetime.now(UTC)},
    )
    if moved:
        await tx.record(
            ServiceLinkExpired, aggregate_id=link["_id"], payload=LinkPayload(**ids(link))
        )
    return moved


def attendance_day(day: date | None) -> date:
    today = datetime.now(UTC).date()
    if day is not None and day > today:
        raise Unprocessable("attended_on", "attendance cannot be recorded for a future day")
    return day or today
