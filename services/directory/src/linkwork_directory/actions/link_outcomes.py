"""How a link ends: declined by the provider, expired unanswered, attended to completion
(ServiceLinkAttended with `completed`), ended early after acceptance (ServiceLinkEnded), or
ended because its journey closed. A link that held a place gives it back."""

from __future__ import annotations

from datetime import date
from typing import Literal

from linkwork_directory.actions.capacity import give_back_place
from linkwork_directory.actions.links import load, move
from linkwork_directory.domain import links as rules
from linkwork_directory.domain.links import (
    HOLDS_PLACE,
    LinkStatus,
    attendance_day,
    ended_early,
    event_fields,
    party_of,
)
from linkwork_directory.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event
from linkwork_schemas.directory import (
    LinkEndedBy,
    LinkPayload,
    ServiceLinkAttended,
    ServiceLinkAttendedPayload,
    ServiceLinkDeclined,
    ServiceLinkDeclinedPayload,
    ServiceLinkEnded,
    ServiceLinkExpired,
)
from linkwork_schemas.journey import JourneyClosed


async def decline(tx: Tx, link_id: str, principal: Principal, reason: str) -> None:
    link = await load(tx, link_id, principal, rules.can_answer)
    await move(tx, link, "decline", LinkStatus.DECLINED, principal.sub, reason=reason)
    await tx.store.links.set(link_id, {"answered_at": tx.now})
    await _declined(tx, link, reason, "provider")


async def record_attendance(
    tx: Tx, link_id: str, principal: Principal, day: date | None, completed: bool
) -> None:
    link = await load(tx, link_id, principal, rules.can_record_attendance)
    attended_on = attendance_day(day, tx.now.date())
    to = LinkStatus.COMPLETED if completed else LinkStatus.ATTENDING
    await move(tx, link, "attend", to, principal.sub, last_attended_on=attended_on.isoformat())
    await tx.store.links.note_attendance(link_id, attended_on.isoformat())
    if completed:
        await give_back_place(tx, link["service_id"])
    await tx.record(
        ServiceLinkAttended,
        aggregate_id=link_id,
        payload=ServiceLinkAttendedPayload(
            **event_fields(link), attended_on=attended_on, completed=completed
        ),
    )


async def end(tx: Tx, link_id: str, principal: Principal, reason: str) -> None:
    link = await load(tx, link_id, principal, rules.can_record_attendance)
    await move(tx, link, "end", LinkStatus.ENDED, principal.sub, end_reason=reason)
    await _ended(tx, link, reason, party_of(principal))


async def end_with_journey(tx: Tx, link: Document, closed: JourneyClosed) -> bool:
    """A link still open when its journey closed ends: one that held a place is ended (the
    place given back), a pending one is declined for the link worker. False when it was
    answered or expired meanwhile."""
    reason = f"journey closed: {closed.payload.reason.replace('_', ' ')}"
    history = {"event": "journey_closed", "by": closed.payload.closed_by, "at": tx.now}
    fields = {"status": LinkStatus.ENDED, "end_reason": reason}
    if not await tx.store.links.move(link["_id"], link["status"], fields, history):
        return False
    if link["status"] in HOLDS_PLACE:
        await _ended(tx, link, reason, "journey_closed", caused_by=closed)
    else:
        await _declined(tx, link, reason, "link_worker", caused_by=closed)
    return True


async def expire(tx: Tx, link: Document) -> bool:
    """Expire an unanswered link once: False when it was answered or expired meanwhile."""
    moved = await tx.store.links.move(
        link["_id"],
        LinkStatus.PENDING,
        {"status": LinkStatus.EXPIRED, "expired": True},
        {"event": "expire", "by": "directory", "at": tx.now},
    )
    if moved:
        await tx.record(
            ServiceLinkExpired, aggregate_id=link["_id"], payload=LinkPayload(**event_fields(link))
        )
    return moved


async def _ended(
    tx: Tx, link: Document, reason: str, by: LinkEndedBy, caused_by: Event | None = None
) -> None:
    """A link that held a place has ended: the place is given back (ServiceLinkEnded)."""
    await give_back_place(tx, link["service_id"])
    payload = ended_early(link, reason, by)
    await tx.record(
        ServiceLinkEnded, aggregate_id=link["_id"], payload=payload, caused_by=caused_by
    )


async def _declined(
    tx: Tx,
    link: Document,
    reason: str,
    by: Literal["provider", "link_worker"],
    caused_by: Event | None = None,
) -> None:
    """A link that never held a place will not go ahead (ServiceLinkDeclined)."""
    payload = ServiceLinkDeclinedPayload(**event_fields(link), reason=reason, declined_by=by)
    await tx.record(
        ServiceLinkDeclined, aggregate_id=link["_id"], payload=payload, caused_by=caused_by
    )
