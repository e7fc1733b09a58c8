"""Safeguarding concerns as this service follows them: opened from the journey's
SafeguardingConcernRaised in the consumer's transaction; acknowledged once by a lead or a
manager of the team (SafeguardingConcernAcknowledged; its notifications in every inbox then
say by whom and when); escalated once, when nobody has
acknowledged it in time, to every manager of the team (SafeguardingConcernEscalated, by the
timer in `escalation.py`). Each change and its event commit together, guarded by a
conditional update, so a second caller, pass, replica or restart never makes it twice."""

from __future__ import annotations

from dataclasses import replace

from linkwork_notifications.actions.notify import Notifier, record_notifications
from linkwork_notifications.actions.outcomes import announce
from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.concerns import (
    AlreadyAcknowledged,
    answers_for,
    teams_answered_for,
)
from linkwork_notifications.domain.rules import notifications_for
from linkwork_notifications.store import Store, Tx
from linkwork_notifications.store.feed import NUMBERING
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotFound
from linkwork_runtime.unit_of_work import UnitOfWork
from linkwork_schemas import Event
from linkwork_schemas.journey import SafeguardingConcernRaised
from linkwork_schemas.notification import (
    SafeguardingConcernAcknowledged,
    SafeguardingConcernAcknowledgedPayload,
    SafeguardingConcernEscalated,
    SafeguardingConcernEscalatedPayload,
)


async def open_concern(tx: Tx, event: Event, case: CaseView) -> CaseView:
    """A concern raised is followed from now on (ids and times only); the case says whether
    it was known already (raised again: its alerts went out the first time)."""
    if not isinstance(event, SafeguardingConcernRaised):
        return case
    p = event.payload
    first = await tx.store.concerns.open(
        {
            "_id": p.concern_id,
            **p.model_dump(exclude={"concern_id"}),
            "source_event_id": str(event.event_id),
            "correlation_id": event.correlation_id,
        }
    )
    return case if first else replace(case, concern_known=True)


async def acknowledge_now(uow: UnitOfWork[Store], caller: Caller, concern_id: str) -> Document:
    """`acknowledge` in a transaction of its own: its event's envelope goes on the (ops) feed,
    numbered one at a time with the consumers' items."""
    return await uow.run(lambda tx: acknowledge(tx, caller, concern_id), serial=NUMBERING)


async def acknowledge(tx: Tx, caller: Caller, concern_id: str) -> Document:
    """The concern, acknowledged by `caller`; NotFound when they do not answer for it,
    AlreadyAcknowledged (saying by whom and when) the second time."""
    concern = await tx.store.concerns.get(concern_id)
    teams = teams_answered_for(caller, await tx.store.recipients.get(caller.sub))
    if concern is None or not answers_for(teams, concern.get("team_id")):
        raise NotFound(f"no safeguarding concern {concern_id!r}")
    if not await tx.store.concerns.acknowledge(concern_id, caller.sub, tx.now):
        at = f"{concern['acknowledged_at']:%H:%M} UTC on {concern['acknowledged_at']:%d %b %Y}"
        raise AlreadyAcknowledged(f"already acknowledged by {concern['acknowledged_by']} at {at}")
    acknowledged = await tx.store.concerns.get(concern_id)  # as kept (to the millisecond)
    assert acknowledged is not None
    await tx.store.inbox.concern_acknowledged(
        concern_id, caller.sub, acknowledged["acknowledged_at"]
    )
    payload = SafeguardingConcernAcknowledgedPayload(
        **_ids(concern), acknowledged_by=caller.sub, acknowledged_at=acknowledged["acknowledged_at"]
    )
    await announce(tx, _event(tx, SafeguardingConcernAcknowledged, concern, payload))
    return acknowledged


async def escalate(tx: Tx, concern: Document, notifier: Notifier) -> bool:
    """Every manager of the team told of a concern nobody acknowledged; False when it was
    acknowledged, or escalated already (by another pass, replica, or before a restart)."""
    if not await tx.store.concerns.escalate(concern["_id"], tx.now):
        return False
    payload = SafeguardingConcernEscalatedPayload(
        **_ids(concern), raised_at=concern["raised_at"], escalated_at=tx.now
    )
    event = _event(tx, SafeguardingConcernEscalated, concern, payload)
    await announce(tx, event)
    case = CaseView(concern["referral_id"], concern["journey_id"], team_id=concern["team_id"])
    await record_notifications(tx, notifications_for(event, case), event, case, notifier)
    tx.after_commit(notifier.feed_written.wake)
    return True


def _ids(concern: Document) -> dict[str, str | None]:
    keys = ("journey_id", "referral_id", "team_id")
    return {"concern_id": concern["_id"], **{key: concern.get(key) for key in keys}}


def _event(
    tx: Tx,
    cls: type[SafeguardingConcernAcknowledged] | type[SafeguardingConcernEscalated],
    concern: Document,
    payload: SafeguardingConcernAcknowledgedPayload | SafeguardingConcernEscalatedPayload,
) -> Event:
    # In the concern's chain: ops follow a concern's story by one correlation id.
    event: Event = cls.build(
        aggregate_id=concern["_id"],
        payload=payload,
        producer=tx.producer,
        correlation_id=concern["correlation_id"],
        causation_id=concern["source_event_id"],
    )
    return event
