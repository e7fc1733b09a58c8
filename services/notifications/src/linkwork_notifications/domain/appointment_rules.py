"""Rules for appointments: the person, if they consented, is reminded of a contact booked with
their link worker, ahead of it (when is the delivery plan's business); and told it is off if
it is cancelled after they were reminded. The reason for a cancellation is never passed on."""

from __future__ import annotations

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.intents import reminder
from linkwork_notifications.domain.notification import NotificationIntent
from linkwork_schemas.journey import ContactCancelled, ContactMode, ContactScheduled

CONTACT_WORDS = {
    ContactMode.FACE_TO_FACE: "face-to-face appointment",
    ContactMode.PHONE: "phone call",
    ContactMode.VIDEO: "video call",
    ContactMode.HOME_VISIT: "home visit",
    ContactMode.GROUP: "group session",
}


def contact_scheduled(event: ContactScheduled, case: CaseView) -> list[NotificationIntent]:
    p = event.payload
    return reminder(
        case,
        "appointment_reminder",
        ahead_of=p.scheduled_for,
        scheduled_for=p.scheduled_for,
        contact=CONTACT_WORDS[p.mode],
        duration_minutes=p.duration_minutes,
        location=p.location,
    )


def contact_cancelled(event: ContactCancelled, case: CaseView) -> list[NotificationIntent]:
    """Only someone already reminded needs telling; a pending reminder is simply withdrawn."""
    if not case.appointment_reminded:
        return []
    return reminder(case, "appointment_cancelled", scheduled_for=event.payload.scheduled_for)
