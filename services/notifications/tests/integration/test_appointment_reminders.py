"""Appointment reminders against the real broker, database, SMTP server and the Notify stand-in:
the person who consented is reminded of a booked contact by their channel, a day ahead (or at
once when it is sooner); a reminder withdrawn before it goes out is never sent; one already sent
is followed by word of the cancellation; one that could only arrive too late is not sent."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, running
from linkwork_notifications.app import create_app
from linkwork_notifications.rendering import day, day_and_time
from linkwork_notifications.settings import Settings
from linkwork_schemas import Event
from linkwork_schemas.common import ContactChannel
from linkwork_schemas.journey import ContactLogged, ContactMode
from linkwork_schemas.referral import ReferralWithdrawn

from ..appointments import booked, called_off

LONDON = ZoneInfo("Europe/London")
SMS = ContactChannel.SMS


async def consumed(client: Any, settings: Settings, *events: Event) -> None:
    """Wait until the service has processed `events` (they may come on other topics)."""
    ops = bearer(settings, "ops-1", "ops")
    wanted = {str(e.event_id) for e in events}
    await eventually(
        lambda: client.get("/events", params={"per_page": 500}, headers=ops),
        lambda r: wanted <= {i["event_id"] for i in r.json()["items"]},
    )


async def received(server: Any, address: str) -> list[Any]:
    """What the SMTP server or the SMS provider has accepted for `address` (a probe)."""
    accepted: list[Any] = server.to(address)
    return accepted


async def reminders(
    client: Any, settings: Settings, ready: Any = lambda items: True, **filters: str
) -> list[dict[str, Any]]:
    ops = bearer(settings, "ops-1", "ops")
    response = await eventually(
        lambda: client.get("/deliveries", params={"per_page": 500, **filters}, headers=ops),
        lambda r: bool(ready(r.json()["items"])),
        timeout=30,
    )
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_consenting_person_is_reminded_by_sms_of_a_contact_an_hour_away(
    settings: Settings, sms_provider
) -> None:
    case = Story()
    person = case.received(
        person={"phone": "07700900123", "preferred_channel": SMS, "consent_to_contact": True}
    )
    booking = booked(case, timedelta(hours=1))
    async with running(create_app(settings)) as client:
        await publish_events(settings, person)
        await consumed(client, settings, person)
        await publish_events(settings, booking)
        await eventually(lambda: received(sms_provider, "07700900123"), bool)
        (delivery,) = await reminders(
            client,
            settings,
            lambda items: items and items[0]["status"] == "sent",
            source_event_id=str(booking.event_id),
        )

    (sms,) = sms_provider.to("07700900123")
    when = day_and_time(booking.payload.scheduled_for, LONDON)
    assert sms["personalisation"]["body"] == (
        f"Hello Amina, a reminder of your phone call with your link worker on {when}. "
        "Reply STOP to opt out."
    )
    assert sms["reference"] == delivery["notification_id"]
    assert (delivery["recipient_id"], delivery["channel"], delivery["template"]) == (
        f"person:{case.referral_id}",
        "sms",
        "appointment_reminder",
    )
    assert datetime.fromisoformat(delivery["send_before"]) == booking.payload.scheduled_for


async def test_a_reminder_waits_until_a_day_before_and_is_withdrawn_when_no_longer_wanted(
    settings: Settings, sms_provider
) -> None:
    cancelled, held, ended, unwilling = (Story() for _ in range(4))
    people = [
        c.received(
            person={"phone": f"0770090020{i}", "preferred_channel": SMS, "consent_to_contact": True}
        )
        for i, c in enumerate((cancelled, held, ended))
    ]
    people.append(unwilling.received(person={"phone": "07700900209", "preferred_channel": SMS}))
    bookings = [booked(c, timedelta(days=3)) for c in (cancelled, held, ended, unwilling)]
    ops = bearer(settings, "ops-1", "ops")
    async with running(create_app(settings)) as client:
        await publish_events(settings, *people)
        await consumed(client, settings, *people)
        await publish_events(settings, *bookings)
        await consumed(client, settings, *bookings)
        pending = await reminders(client, settings, lambda items: len(items) >= 3)
        logged = held.build(
            ContactLogged,
            held.journey_id,
            journey_id=held.journey_id,
            contact_id="c-1",
            mode=ContactMode.PHONE,
            occurred_on=datetime.now(UTC).date(),
            recorded_by=held.link_worker,
            appointment_id=bookings[1].payload.appointment_id,
        )
        withdrawn = ended.build(
            ReferralWithdrawn,
            referral_id=ended.referral_id,
            reason="Moved out of area",
            withdrawn_by="mgr-leeds",
        )
        await publish_events(settings, called_off(cancelled, bookings[0]), logged, withdrawn)
        final = await reminders(
            client, settings, lambda items: all(d["status"] == "cancelled" for d in items)
        )
        everything = (await client.get("/deliveries", headers=ops)).json()["items"]
        listed = (await client.get("/deliveries?status=cancelled", headers=ops)).json()

    assert {d["status"] for d in pending} == {"pending"}
    for delivery, booking in zip(
        sorted(pending, key=lambda d: d["source_event_id"]),
        sorted(bookings[:3], key=lambda b: str(b.event_id)),
        strict=True,
    ):
        assert delivery["source_event_id"] == str(booking.event_id)
        starts = booking.payload.scheduled_for
        assert datetime.fromisoformat(delivery["not_before"]) == starts - timedelta(hours=24)
    reasons = {d["recipient_id"].removeprefix("person:"): d["cancellation_reason"] for d in final}
    assert reasons == {
        cancelled.referral_id: "the appointment was cancelled",
        held.referral_id: "the appointment was held before its reminder went out",
        ended.referral_id: "the referral ended",
    }
    assert all(d["cancelled_at"] for d in final)
    assert len(everything) == 3  # no word of a cancellation: nobody had been reminded
    assert unwilling.referral_id not in str(everything)  # no consent: no reminder at all
    assert listed["total"] == 3
    assert sms_provider.sent == []


async def test_a_person_already_reminded_is_told_the_appointment_is_cancelled(
    settings: Settings, mail_server
) -> None:
    case = Story()
    address = "amina.shah@example.org"
    person = case.received(
        person={"email": address, "preferred_channel": "email", "consent_to_contact": True}
    )
    booking = booked(case, timedelta(minutes=90), ContactMode.FACE_TO_FACE)
    async with running(create_app(settings)) as client:
        await publish_events(settings, person)
        await consumed(client, settings, person)
        await publish_events(settings, booking)
        await eventually(lambda: received(mail_server, address), bool)
        cancellation = called_off(case, booking)
        await publish_events(settings, cancellation)
        await eventually(lambda: received(mail_server, address), lambda m: len(m) >= 2)
        told = await reminders(
            client,
            settings,
            lambda items: items and items[0]["status"] == "sent",
            source_event_id=str(cancellation.event_id),
        )

    on = day(booking.payload.scheduled_for, LONDON)
    reminder, notice = mail_server.to(address)
    assert reminder["Subject"] == f"A reminder of your face-to-face appointment on {on}"
    assert notice["Subject"] == f"Your appointment on {on} is cancelled"
    when = day_and_time(booking.payload.scheduled_for, LONDON)
    assert f"appointment with your social prescribing link worker on {when} is" in (
        notice.get_content()
    )
    assert "She is in hospital" not in notice.get_content()  # the reason stays with the staff
    assert [d["template"] for d in told] == ["appointment_cancelled"]


async def test_a_reminder_that_could_only_go_out_after_the_appointment_is_not_sent(
    settings: Settings, sms_provider
) -> None:
    # Quiet from a minute ago until two hours from now: an appointment in one hour cannot be
    # reminded of before it starts.
    local = datetime.now(UTC).astimezone(LONDON)
    start = (local - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    end = (local + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    settings = settings.model_copy(update={"quiet_hours_start": start, "quiet_hours_end": end})
    case = Story()
    person = case.received(
        person={"phone": "07700900123", "preferred_channel": SMS, "consent_to_contact": True}
    )
    booking = booked(case, timedelta(hours=1))
    async with running(create_app(settings)) as client:
        await publish_events(settings, person)
        await consumed(client, settings, person)
        await publish_events(settings, booking)
        (delivery,) = await reminders(client, settings, bool)
        await asyncio.sleep(0.5)  # time enough for the dispatcher to have sent it, were it due

    assert delivery["status"] == "cancelled"
    assert delivery["cancellation_reason"] == (
        "too late: it could only go out at or after the appointment it reminds of"
    )
    assert delivery["attempts"] == []
    assert sms_provider.sent == []
