"""The link worker's actions on a journey. Each loads the journey, checks who may act and the
invariants, updates the journey, records its event and a timeline line, in one transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from linkwork_journey.commands import AssessNeeds, LogContact, SetGoal
from linkwork_journey.domain import access, appointments, rules
from linkwork_journey.domain.appointments import AppointmentStatus
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Journeys, Timeline
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event
from linkwork_schemas.journey import (
    ContactLogged,
    ContactLoggedPayload,
    GoalSet,
    GoalSetPayload,
    NeedsAssessed,
    NeedsAssessedPayload,
)

E = TypeVar("E", bound=Event)


class JourneyNotFound(LookupError):
    pass


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()


async def load(tx: Transaction, journey_id: str, who: Principal) -> Document:
    """The journey, if `who` may work on it (the assigned link worker or their manager)."""
    journey = await Journeys(tx.db, tx.session).get(journey_id)
    if journey is None or not access.can_read(who, journey):
        raise JourneyNotFound(f"no journey {journey_id!r}")
    rules.ensure_open(journey)
    return journey


async def record(
    tx: Transaction,
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
        "by": tx_actor(payload),
    }
    await Journeys(tx.db, tx.session).change(
        journey["_id"], fields or {}, {"history": line, **(push or {})}
    )
    await Timeline(tx.db, tx.session).add(entry(event, journey["referral_id"]))
    return event


ACTORS = ("recorded_by", "assessed_by", "set_by", "scheduled_by", "cancelled_by", "closed_by")


def tx_actor(payload: Any) -> str | None:
    for name in ACTORS:
        if hasattr(payload, name):
            return str(getattr(payload, name))
    return None


async def log_contact(tx: Transaction, journey_id: str, who: Principal, cmd: LogContact) -> Event:
    journey = await load(tx, journey_id, who)
    rules.ensure_not_future("occurred_on", cmd.occurred_on, today())
    payload = ContactLoggedPayload(
        journey_id=journey_id, contact_id=str(uuid.uuid4()), recorded_by=who.sub, **cmd.model_dump()
    )
    contact = payload.model_dump(mode="json", exclude={"journey_id"})
    fields = _appointment_held(journey, payload)
    return await record(tx, journey, ContactLogged, payload, fields, push={"contacts": contact})


def _appointment_held(journey: Document, contact: ContactLoggedPayload) -> dict[str, Any]:
    """A contact logged against a scheduled appointment marks it held, or missed when the
    person did not attend."""
    if contact.appointment_id is None:
        return {}
    appointments.scheduled(journey, contact.appointment_id)
    status = AppointmentStatus.HELD if contact.attended else AppointmentStatus.MISSED
    kept = appointments.with_status(
        journey, [contact.appointment_id], status, contact_id=contact.contact_id
    )
    return {"appointments": kept}


async def assess_needs(tx: Transaction, journey_id: str, who: Principal, cmd: AssessNeeds) -> Event:
    """A (re-)assessment: earlier ones stay in the journey's list of assessments."""
    journey = await load(tx, journey_id, who)
    payload = NeedsAssessedPayload(
        journey_id=journey_id,
        assessment_id=str(uuid.uuid4()),
        assessed_by=who.sub,
        **cmd.model_dump(),
    )
    assessment = {
        **payload.model_dump(mode="json", exclude={"journey_id"}),
        "at": datetime.now(UTC),
    }
    return await record(tx, journey, NeedsAssessed, payload, push={"assessments": assessment})


async def set_goal(tx: Transaction, journey_id: str, who: Principal, cmd: SetGoal) -> Event:
    journey = await load(tx, journey_id, who)
    payload = GoalSetPayload(
        journey_id=journey_id, goal_id=str(uuid.uuid4()), set_by=who.sub, **cmd.model_dump()
    )
    goal = {
        **payload.model_dump(mode="json", exclude={"journey_id"}),
        "status": "open",
        "updates": [],
    }
    return await record(tx, journey, GoalSet, payload, push={"goals": goal})
