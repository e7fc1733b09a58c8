"""Contacts booked ahead, and called off: each one transaction with its event, the journey's
list of appointments and a timeline line. Closing a journey calls off those still ahead."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from linkwork_journey.actions.commands import CancelAppointment, ScheduleContact
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import appointments
from linkwork_journey.domain.appointments import AppointmentStatus
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event
from linkwork_schemas.journey import (
    ContactCancelled,
    ContactCancelledPayload,
    ContactScheduled,
    ContactScheduledPayload,
)

JOURNEY_CLOSED = "journey closed"


async def schedule(tx: Tx, journey_id: str, who: Principal, cmd: ScheduleContact) -> Event:
    journey = await load(tx, journey_id, who)
    appointments.ensure_bookable(cmd.scheduled_for, cmd.mode, cmd.location, tx.now)
    payload = ContactScheduledPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        appointment_id=str(uuid.uuid4()),
        link_worker_id=journey["link_worker_id"],
        scheduled_by=who.sub,
        **cmd.model_dump(),
    )
    booked = appointments.booked(payload)
    return await record(tx, journey, ContactScheduled, payload, push={"appointments": booked})


async def cancel(
    tx: Tx, journey_id: str, appointment_id: str, who: Principal, cmd: CancelAppointment
) -> Event:
    journey = await load(tx, journey_id, who)
    appointment = appointments.scheduled(journey, appointment_id)
    payload = _cancellation(journey, appointment, cmd.reason, who)
    changed = _cancelled(journey, [appointment_id], cmd.reason, who)
    return await record(tx, journey, ContactCancelled, payload, fields={"appointments": changed})


async def cancel_ahead(tx: Tx, journey: Document, who: Principal) -> dict[str, Any]:
    """Call off the appointments still ahead of a journey being closed, so nobody is reminded
    of them; the journey's fields that change (none when nothing was ahead)."""
    ahead = appointments.still_ahead(journey, tx.now)
    for appointment in ahead:
        payload = _cancellation(journey, appointment, JOURNEY_CLOSED, who)
        await record(tx, journey, ContactCancelled, payload)
    if not ahead:
        return {}
    ids = [a["appointment_id"] for a in ahead]
    return {"appointments": _cancelled(journey, ids, JOURNEY_CLOSED, who)}


def _cancellation(
    journey: Document, appointment: Mapping[str, Any], reason: str, who: Principal
) -> ContactCancelledPayload:
    return ContactCancelledPayload(
        journey_id=journey["_id"],
        referral_id=journey["referral_id"],
        appointment_id=appointment["appointment_id"],
        scheduled_for=appointment["scheduled_for"],
        reason=reason,
        cancelled_by=who.sub,
    )


def _cancelled(
    journey: Document, appointment_ids: list[str], reason: str, who: Principal
) -> list[dict[str, Any]]:
    return appointments.with_status(
        journey,
        appointment_ids,
        AppointmentStatus.CANCELLED,
        cancellation_reason=reason,
        cancelled_by=who.sub,
    )
