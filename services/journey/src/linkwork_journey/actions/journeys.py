"""The one path every write to a journey takes: load it (if the caller works on it and it is
open), then record the event with its line in the journey's history and on the timeline."""

from __future__ import annotations

from typing import Any, TypeVar

from linkwork_journey.domain import access, rules
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Tx
from linkwork_runtime import audit
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event

E = TypeVar("E", bound=Event)
ACTORS = (
    "recorded_by",
    "assessed_by",
    "set_by",
    "scheduled_by",
    "cancelled_by",
    "closed_by",
    "raised_by",
    "reviewed_by",
    "removed_by",
    "written_by",
    "checked_in_by",
    "checked_out_by",
)


async def load(tx: Tx, journey_id: str, who: Principal, *, open_only: bool = True) -> Document:
    """The journey, if `who` may work on it (the assigned link worker or their manager) and,
    unless `open_only` is False, it is open."""
    journey = access.workable(who, await tx.store.journeys.get(journey_id), journey_id)
    audit.about(referral_id=journey["referral_id"], journey_id=journey_id)
    if open_only:
        rules.ensure_open(journey)
    return journey


async def record(
    tx: Tx,
    journey: Document,
    event_class: type[E],
    payload: Any,
    fields: dict[str, Any] | None = None,
    push: dict[str, Any] | None = None,
) -> E:
    """Record the event, its line in the journey's history and on the timeline."""
    event = await tx.record(event_class, aggregate_id=journey["_id"], payload=payload)
    line = {
        "event_id": str(event.event_id),
        "event_type": event.event_type,
        "at": event.occurred_at,
        "by": actor(payload),
    }
    await tx.store.journeys.change(journey["_id"], fields or {}, {"history": line, **(push or {})})
    await tx.store.timeline.add_at_commit(entry(event, journey["referral_id"]))
    return event


def actor(payload: Any) -> str | None:
    """Who took the step, whichever field of the payload names them."""
    for name in ACTORS:
        if hasattr(payload, name):
            return str(getattr(payload, name))
    return None
