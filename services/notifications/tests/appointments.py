"""Appointment events of a referral's story, for the tests: a contact booked with the person
and its cancellation (builders.Story has none of its own)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkwork_devstack.builders import Story
from linkwork_schemas.journey import ContactCancelled, ContactMode, ContactScheduled


def booked(
    story: Story, starts_in: timedelta, mode: ContactMode = ContactMode.PHONE
) -> ContactScheduled:
    """A contact with the story's link worker, `starts_in` from now (to the second)."""
    return story.build(
        ContactScheduled,
        story.journey_id,
        journey_id=story.journey_id,
        referral_id=story.referral_id,
        appointment_id=f"apt-{story.referral_id}",
        scheduled_for=datetime.now(UTC).replace(microsecond=0) + starts_in,
        mode=mode,
        link_worker_id=story.link_worker,
        scheduled_by=story.link_worker,
    )


def called_off(story: Story, booking: ContactScheduled) -> ContactCancelled:
    """The booked contact cancelled by the link worker, with a reason for staff only."""
    return story.build(
        ContactCancelled,
        story.journey_id,
        journey_id=story.journey_id,
        referral_id=story.referral_id,
        appointment_id=booking.payload.appointment_id,
        scheduled_for=booking.payload.scheduled_for,
        reason="She is in hospital this week",
        cancelled_by=story.link_worker,
    )
