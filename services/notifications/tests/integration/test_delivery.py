"""Delivery you can trust, against real SMTP and a Notify style SMS stand-in: reminders to the
person only by the channel they consented to; transient failures retried, every attempt kept;
a permanent failure, or no address, becomes NotificationFailed that ops can see."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.common import ContactChannel


async def deliveries(client: Any, settings: Settings, count: int, **filters: str) -> list[Any]:
    ops = bearer(settings, "ops-1", "ops")
    response = await eventually(
        lambda: client.get("/deliveries", params=filters | {"per_page": 500}, headers=ops),
        lambda r: sum(d["status"] in ("sent", "failed") for d in r.json()["items"]) >= count,
        timeout=30,
    )
    items: list[Any] = response.json()["items"]
    return items


async def test_reminders_go_only_by_the_consented_channel_and_failures_are_visible(
    settings: Settings, mail_server, sms_provider
) -> None:
    by_sms = Story()
    retried_sms = Story()
    rejected_sms = Story()
    by_email = Story(link_worker="lw-bob")
    refused_email = Story(link_worker="lw-bob")
    no_consent = Story()
    phone_preferred = Story()
    sms = ContactChannel.SMS
    people = [
        by_sms.received(
            person={"phone": "07700900123", "preferred_channel": sms, "consent_to_contact": True}
        ),
        retried_sms.received(
            person={
                "phone": sms_provider.fails_once,
                "preferred_channel": sms,
                "consent_to_contact": True,
            }
        ),
        rejected_sms.received(
            person={
                "phone": sms_provider.rejected,
                "preferred_channel": sms,
                "consent_to_contact": True,
            }
        ),
        by_email.received(
            person={
                "email": mail_server.deferred_once,
                "preferred_channel": "email",
                "consent_to_contact": True,
            }
        ),
        refused_email.received(
            person={
                "email": mail_server.refused,
                "preferred_channel": "email",
                "consent_to_contact": True,
            }
        ),
        no_consent.received(
            person={"phone": "07700900124", "preferred_channel": sms, "consent_to_contact": False}
        ),
        phone_preferred.received(
            person={
                "phone": "07700900125",
                "preferred_channel": ContactChannel.PHONE,
                "consent_to_contact": True,
            }
        ),
    ]
    cases = [
        by_sms,
        retried_sms,
        rejected_sms,
        by_email,
        refused_email,
        no_consent,
        phone_preferred,
    ]
    async with running(create_app(settings)) as client:
        await publish_events(settings, *people, *(case.assigned() for case in cases))
        # 5 person reminders + 7 link worker e-mails (no address on record) + 7 in-app
        done = await deliveries(client, settings, 19)
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.NOTIFICATION_EVENTS),
            until=lambda r: len(r) >= 19,
        )

    person = {
        d["recipient_id"].removeprefix("person:"): d
        for d in done
        if d["recipient_id"].startswith("person:")
    }
    assert set(person) == {c.referral_id for c in cases[:5]}  # none without consent or by phone
    assert [s["personalisation"]["body"] for s in sms_provider.to("07700900123")] == [
        "Hello Amina, your GP practice has referred you to a social prescribing link worker. "
        "They will contact you by 2026-12-01. Reply STOP to opt out."
    ]
    retried = person[retried_sms.referral_id]
    assert retried["status"] == "sent"
    assert [a["outcome"] for a in retried["attempts"]] == ["transient", "sent"]
    assert len(sms_provider.to(sms_provider.fails_once)) == 1
    rejected = person[rejected_sms.referral_id]
    assert rejected["status"] == "failed"
    assert [a["outcome"] for a in rejected["attempts"]] == ["rejected"]
    assert rejected["failure_reason"].startswith("sms provider 400: ValidationError")
    deferred = person[by_email.referral_id]
    assert [a["outcome"] for a in deferred["attempts"]] == ["transient", "sent"]
    (mail,) = mail_server.to(mail_server.deferred_once)
    assert mail["Subject"] == "Your social prescribing link worker will be in touch"
    refused = person[refused_email.referral_id]
    assert refused["failure_reason"].startswith("smtp 550")
    staff_mail = [d for d in done if d["channel"] == "email" and d["recipient_id"] == "lw-bob"]
    assert {d["failure_reason"] for d in staff_mail} == {"no email address on record for lw-bob"}

    failed = [
        e
        for e in map(parse_event, (r.value for r in records))
        if e.event_type == "NotificationFailed"
    ]
    assert sorted(e.payload.failure for e in failed) == ["no_address"] * 7 + ["rejected"] * 2
    wire = b"".join(r.value for r in records) + str(done).encode()
    for personal in (sms_provider.rejected, mail_server.refused, b"Amina"):
        assert (personal.encode() if isinstance(personal, str) else personal) not in wire


async def test_no_message_reaches_the_person_in_quiet_hours(
    settings: Settings, sms_provider
) -> None:
    # Quiet all day long but one minute: whenever the test runs, it is in quiet hours.
    local = datetime.now(UTC).astimezone(ZoneInfo("Europe/London"))
    end = (local + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    start = (local + timedelta(hours=2, minutes=1)).time().replace(second=0, microsecond=0)
    settings = settings.model_copy(update={"quiet_hours_start": start, "quiet_hours_end": end})
    case = Story()
    person = case.received(
        person={
            "phone": "07700900123",
            "preferred_channel": ContactChannel.SMS,
            "consent_to_contact": True,
        }
    )
    ops = bearer(settings, "ops-1", "ops")
    async with running(create_app(settings)) as client:
        await publish_events(settings, person, case.assigned())
        response = await eventually(
            lambda: client.get("/deliveries?channel=sms", headers=ops),
            lambda r: len(r.json()["items"]) >= 1,
        )
        await asyncio.sleep(0.5)  # time enough for the dispatcher to have sent it, were it due

    (pending,) = response.json()["items"]
    assert pending["status"] == "pending"
    not_before = datetime.fromisoformat(pending["not_before"]).astimezone(ZoneInfo("Europe/London"))
    assert not_before.time() == end
    assert sms_provider.sent == []
