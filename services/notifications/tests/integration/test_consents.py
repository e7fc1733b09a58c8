"""Consent by purpose in the notifications service, against the real broker and database: a
message to the person needs their current consent to be contacted and to its channel; a
withdrawn SMS consent cancels the reminder already queued, within seconds, and leaves the
person's other consented channel alone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import running
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas.common import ContactChannel
from linkwork_schemas.referral import (
    ConsentRecorded,
    ConsentSource,
    ConsentWithdrawn,
    ReferralReceived,
)

from ..appointments import booked
from .test_appointment_reminders import consumed, reminders


def consenting(story: Story, channel: ContactChannel, *purposes: str) -> list[Any]:
    """The story's referral, by `channel`, and the consents it gives (as the referral service
    publishes them: right after ReferralReceived)."""
    address = {"phone": "07700900321"} if channel == "sms" else {"email": "amina@example.org"}
    received: ReferralReceived = story.received(
        person={**address, "preferred_channel": channel, "consent_to_contact": True}
    )
    now = datetime.now(UTC)
    consents = [
        story.build(
            ConsentRecorded,
            referral_id=story.referral_id,
            purpose=purpose,
            source=ConsentSource.REFERRAL,
            recorded_by="referrer:EMIS",
            recorded_at=now,
        )
        for purpose in purposes
    ]
    return [received, *consents]


async def test_a_withdrawn_sms_consent_cancels_a_queued_reminder_within_seconds(
    settings: Settings, sms_provider: Any
) -> None:
    texted, mailed = Story(), Story()
    opened = [
        *consenting(texted, ContactChannel.SMS, "contact", "sms"),
        *consenting(mailed, ContactChannel.EMAIL, "contact", "email"),
    ]
    bookings = [booked(texted, timedelta(days=3)), booked(mailed, timedelta(days=3))]
    withdrawn = texted.build(
        ConsentWithdrawn,
        referral_id=texted.referral_id,
        purpose="sms",
        source=ConsentSource.PHONE,
        withdrawn_by="lw-amina",
        withdrawn_at=datetime.now(UTC),
    )
    async with running(create_app(settings)) as client:
        await publish_events(settings, *opened)
        await consumed(client, settings, *opened)
        await publish_events(settings, *bookings)
        queued = await reminders(client, settings, lambda items: len(items) >= 2)
        started = time.monotonic()
        await publish_events(settings, withdrawn)
        after = await reminders(
            client,
            settings,
            lambda items: any(d["status"] == "cancelled" for d in items),
            template="appointment_reminder",
        )
        took = time.monotonic() - started

    assert {(d["channel"], d["status"]) for d in queued} == {
        ("sms", "pending"),
        ("email", "pending"),
    }
    by_channel = {d["channel"]: d for d in after}
    assert by_channel["sms"]["status"] == "cancelled"
    assert by_channel["sms"]["cancellation_reason"] == "the person withdrew their consent (sms)"
    assert by_channel["email"]["status"] == "pending"
    assert took < 10, f"the withdrawal took {took:.1f} s to cancel the queued reminder"
    assert sms_provider.to("07700900321") == []


async def test_no_message_goes_by_a_channel_the_person_has_not_consented_to(
    settings: Settings,
) -> None:
    only_contact, channel_only, both = Story(), Story(), Story()
    opened = [
        *consenting(only_contact, ContactChannel.EMAIL, "contact"),
        *consenting(channel_only, ContactChannel.EMAIL, "email"),
        *consenting(both, ContactChannel.EMAIL, "contact", "email"),
    ]
    bookings = [booked(s, timedelta(days=3)) for s in (only_contact, channel_only, both)]
    async with running(create_app(settings)) as client:
        await publish_events(settings, *opened)
        await consumed(client, settings, *opened)
        await publish_events(settings, *bookings)
        await consumed(client, settings, *bookings)
        planned = await reminders(client, settings, template="appointment_reminder")

    assert [d["recipient_id"] for d in planned] == [f"person:{both.referral_id}"]
