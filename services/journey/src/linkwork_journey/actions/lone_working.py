"""Lone working: a link worker checks in at the start of a home visit and out at its end. No
check-out by the grace period after the expected end raises LoneWorkerOverdue once (the timer
in jobs.py); a check-out after that says she is safe, and ends the alert."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from linkwork_journey.actions.commands import CheckIn, CheckOut
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import appointments
from linkwork_journey.settings import Settings
from linkwork_journey.store import Tx
from linkwork_journey.store.lone_visits import IN, OUT, OVERDUE
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Conflict, Unprocessable
from linkwork_schemas import Event
from linkwork_schemas.journey import (
    ContactMode,
    LoneWorkerCheckedIn,
    LoneWorkerCheckedInPayload,
    LoneWorkerCheckedOut,
    LoneWorkerCheckedOutPayload,
    LoneWorkerOverdue,
    LoneWorkerOverduePayload,
)

VISITS = frozenset({ContactMode.HOME_VISIT, ContactMode.FACE_TO_FACE})
LONGEST_VISIT = timedelta(hours=12)


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"


class NotCheckedIn(Conflict):
    code = "not_checked_in"


async def check_in(
    tx: Tx, journey_id: str, appointment_id: str, who: Principal, cmd: CheckIn, settings: Settings
) -> Event:
    journey = await load(tx, journey_id, who)
    appointment = appointments.scheduled(journey, appointment_id)
    if appointment["mode"] not in VISITS:
        raise Unprocessable(
            f"mode: a {appointment['mode']} contact is not a visit; only home visits and "
            "face-to-face contacts are checked in",
            where="mode",
        )
    if await tx.store.lone_visits.get(appointment_id) is not None:
        raise AlreadyCheckedIn(f"appointment {appointment_id} was checked in already")
    minutes = appointment.get("duration_minutes") or settings.lone_working_visit_minutes
    expected_end = cmd.expected_end or tx.now + timedelta(minutes=minutes)
    if not tx.now < expected_end <= tx.now + LONGEST_VISIT:
        raise Unprocessable(
            "expected_end: give a time after now and within 12 hours", where="expected_end"
        )
    payload = LoneWorkerCheckedInPayload(
        **_ids(journey, appointment_id),
        expected_end=expected_end,
        checked_in_by=who.sub,
        checked_in_at=tx.now,
    )
    grace = timedelta(minutes=settings.lone_working_grace_minutes)
    await tx.store.lone_visits.add(
        {
            "_id": appointment_id,
            **payload.model_dump(exclude={"appointment_id"}),
            "status": IN,
            "due_at": expected_end + grace,
        }
    )
    visit = {"status": IN, "checked_in_at": tx.now, "expected_end": expected_end}
    changed = _with_visit(journey, appointment_id, visit)
    return await record(tx, journey, LoneWorkerCheckedIn, payload, fields={"appointments": changed})


async def check_out(
    tx: Tx, journey_id: str, appointment_id: str, who: Principal, _: CheckOut
) -> Event:
    journey = await load(tx, journey_id, who, open_only=False)
    visit = await tx.store.lone_visits.get(appointment_id)
    if visit is None or visit["journey_id"] != journey_id:
        raise NotCheckedIn(f"appointment {appointment_id} was not checked in")
    if visit["status"] == OUT:
        raise NotCheckedIn(f"appointment {appointment_id} was checked out already")
    late = visit["status"] == OVERDUE
    if not await tx.store.lone_visits.mark(
        appointment_id, visit["status"], OUT, {"checked_out_at": tx.now}
    ):
        raise NotCheckedIn(f"appointment {appointment_id} changed meanwhile: try again")
    payload = LoneWorkerCheckedOutPayload(
        **_ids(journey, appointment_id),
        expected_end=visit["expected_end"],
        checked_out_by=who.sub,
        checked_out_at=tx.now,
        late=late,
    )
    seen = {**_visit_of(journey, appointment_id), "status": OUT, "checked_out_at": tx.now}
    changed = _with_visit(journey, appointment_id, seen)
    return await record(
        tx, journey, LoneWorkerCheckedOut, payload, fields={"appointments": changed}
    )


async def raise_overdue(tx: Tx, visit: Document) -> bool:
    """LoneWorkerOverdue for one visit, once: False when it was raised or checked out first."""
    if not await tx.store.lone_visits.mark(visit["_id"], IN, OVERDUE, {"raised_at": tx.now}):
        return False
    journey = await tx.store.journeys.get(visit["journey_id"])
    if journey is None:  # a visit is checked in on a journey, and journeys are never removed
        raise LookupError(f"lone visit {visit['_id']} names no journey")
    payload = LoneWorkerOverduePayload(
        journey_id=visit["journey_id"],
        referral_id=visit["referral_id"],
        appointment_id=visit["_id"],
        link_worker_id=visit["link_worker_id"],
        team_id=visit.get("team_id"),
        expected_end=visit["expected_end"],
        overdue_since=visit["due_at"],
    )
    seen = {**_visit_of(journey, visit["_id"]), "status": OVERDUE}
    changed = _with_visit(journey, visit["_id"], seen)
    await record(tx, journey, LoneWorkerOverdue, payload, fields={"appointments": changed})
    return True


def _ids(journey: Document, appointment_id: str) -> dict[str, Any]:
    return {
        "journey_id": journey["_id"],
        "referral_id": journey["referral_id"],
        "appointment_id": appointment_id,
        "link_worker_id": journey["link_worker_id"],
        "team_id": journey.get("team_id"),
    }


def _visit_of(journey: Document, appointment_id: str) -> dict[str, Any]:
    for appointment in journey.get("appointments", []):
        if appointment["appointment_id"] == appointment_id:
            return dict(appointment.get("lone_working") or {})
    return {}


def _with_visit(
    journey: Document, appointment_id: str, visit: dict[str, Any]
) -> list[dict[str, Any]]:
    return [
        {**a, "lone_working": visit} if a["appointment_id"] == appointment_id else dict(a)
        for a in journey.get("appointments", [])
    ]
