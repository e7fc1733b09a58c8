"""Appointments: contacts booked ahead with the person. One is `scheduled` until it is `held`
(a contact logged against it), `missed` (logged as did-not-attend) or `cancelled`; closing the
journey cancels those still ahead."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from linkwork_runtime.refusals import Conflict, NotFound, Unprocessable
from linkwork_schemas.journey import ContactMode, ContactScheduledPayload

FURTHEST_AHEAD = timedelta(days=366)
PLACED_MODES = frozenset({ContactMode.FACE_TO_FACE, ContactMode.GROUP})  # somewhere to go


class AppointmentStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"
    MISSED = "missed"  # the person did not attend: the contact was logged with attended false


class AppointmentRefused(Unprocessable):
    """A booking that cannot be made as asked; the message names the field."""

    code = "appointment_refused"


class AppointmentNotFound(NotFound):
    """No appointment of that id on the journey."""


class AppointmentNotScheduled(Conflict):
    """Only a scheduled appointment is cancelled or held."""

    code = "appointment_not_scheduled"


def ensure_bookable(
    scheduled_for: datetime, mode: ContactMode, location: str | None, now: datetime
) -> None:
    when = scheduled_for.isoformat()
    if scheduled_for <= now:
        raise AppointmentRefused(
            f"scheduled_for: {when} is not in the future", where="scheduled_for"
        )
    if scheduled_for > now + FURTHEST_AHEAD:
        raise AppointmentRefused(
            f"scheduled_for: {when} is more than a year ahead", where="scheduled_for"
        )
    if location and mode not in PLACED_MODES:
        raise AppointmentRefused(
            f"location: a {mode.value} contact has no place to go to; "
            "only face_to_face and group contacts take a location",
            where="location",
        )


def booked(payload: ContactScheduledPayload) -> dict[str, Any]:
    """The appointment as the journey keeps it."""
    kept = payload.model_dump(mode="json", exclude={"journey_id", "referral_id", "scheduled_for"})
    scheduled_for = payload.scheduled_for
    return {**kept, "scheduled_for": scheduled_for, "status": AppointmentStatus.SCHEDULED.value}


def scheduled(journey: Mapping[str, Any], appointment_id: str) -> Mapping[str, Any]:
    """The journey's appointment `appointment_id`, if it is still scheduled."""
    found = next(
        (a for a in journey.get("appointments", []) if a["appointment_id"] == appointment_id),
        None,
    )
    if found is None:
        raise AppointmentNotFound(f"no appointment {appointment_id!r} on journey {journey['_id']}")
    if found["status"] != AppointmentStatus.SCHEDULED:
        raise AppointmentNotScheduled(
            f"appointment {appointment_id} is {found['status']}: only a scheduled one changes"
        )
    appointment: Mapping[str, Any] = found
    return appointment


def still_ahead(journey: Mapping[str, Any], now: datetime) -> list[Mapping[str, Any]]:
    """Scheduled appointments that have not started yet (closing the journey cancels them)."""
    return [
        a
        for a in journey.get("appointments", [])
        if a["status"] == AppointmentStatus.SCHEDULED and a["scheduled_for"] > now
    ]


def with_status(
    journey: Mapping[str, Any],
    appointment_ids: Iterable[str],
    status: AppointmentStatus,
    **facts: Any,
) -> list[dict[str, Any]]:
    """The journey's appointments with those named moved to `status` (and `facts` noted)."""
    changing = set(appointment_ids)
    return [
        {**a, "status": status.value, **facts} if a["appointment_id"] in changing else dict(a)
        for a in journey.get("appointments", [])
    ]
