"""Contacts with the person: logged after they happened, keeping an appointment if booked."""

from __future__ import annotations

import uuid
from typing import Any

from linkwork_journey.actions.commands import LogContact
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import appointments, rules
from linkwork_journey.domain.appointments import AppointmentStatus
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event
from linkwork_schemas.journey import ContactLogged, ContactLoggedPayload


async def log_contact(tx: Tx, journey_id: str, who: Principal, cmd: LogContact) -> Event:
    journey = await load(tx, journey_id, who)
    rules.ensure_not_future("occurred_on", cmd.occurred_on, tx.now.date())
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
