"""Withdraw reminders before they go out once they are no longer wanted: the appointment was
cancelled, or held early (a contact logged against it), the person's referral ended, or the
person withdrew their consent to the channel (or to being contacted at all). In the consumer's
transaction; a reminder already out is not recalled (a rule tells the person)."""

from __future__ import annotations

from linkwork_notifications.actions.cases import ENDINGS
from linkwork_notifications.domain.notification import AudienceKind, Channel, inbox_id
from linkwork_notifications.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.journey import ContactCancelled, ContactLogged
from linkwork_schemas.referral import ConsentWithdrawn

WITHDRAWN_BECAUSE: dict[type[Event], str] = {
    ContactCancelled: "the appointment was cancelled",
    ContactLogged: "the appointment was held before its reminder went out",
}
REFERRAL_ENDED = "the referral ended"
# The channels of the person's messages each withdrawn consent stops.
CHANNELS_NEEDING = {
    "contact": [Channel.SMS.value, Channel.EMAIL.value],
    "sms": [Channel.SMS.value],
    "email": [Channel.EMAIL.value],
}
# Still told after the end: a person reminded of an appointment must learn that it is off.
KEPT_AFTER_THE_END = ["appointment_cancelled"]


async def withdraw_reminders(tx: Tx, event: Event) -> None:
    deliveries = tx.store.deliveries
    if isinstance(event, ConsentWithdrawn):
        await withdraw_unconsented(tx, event)
        return
    if isinstance(event, ENDINGS):
        person = inbox_id(AudienceKind.PERSON, event.payload.referral_id)
        pointless = {"recipient_id": person, "template": {"$nin": KEPT_AFTER_THE_END}}
        await deliveries.cancel_pending(pointless, REFERRAL_ENDED, tx.now)
        return
    reason = WITHDRAWN_BECAUSE.get(type(event))
    appointment_id = getattr(event.payload, "appointment_id", None)
    if reason is None or not isinstance(appointment_id, str):
        return
    booking = await tx.store.appointments.scheduled_event(appointment_id)
    if booking is not None:
        await deliveries.cancel_pending({"source_event_id": booking}, reason, tx.now)


async def withdraw_unconsented(tx: Tx, event: ConsentWithdrawn) -> None:
    """Every message to the person still queued by the channel whose consent went (all of
    them, when it was the consent to be contacted at all)."""
    p = event.payload
    channels = CHANNELS_NEEDING.get(p.purpose.value)
    if channels is None:
        return  # a consent to share: no message to the person needs it
    person = inbox_id(AudienceKind.PERSON, p.referral_id)
    queued = {"recipient_id": person, "channel": {"$in": channels}}
    reason = f"the person withdrew their consent ({p.purpose.value})"
    await tx.store.deliveries.cancel_pending(queued, reason, tx.now)
