"""The handler tier: each event through its subscription in one real MongoDB transaction,
without the broker: what it leaves in the store, which events it emits, and that a second
delivery of the same event changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, Ran, handler_tier
from linkwork_notifications import handlers
from linkwork_notifications.app import definition, notifier
from linkwork_notifications.settings import Settings
from linkwork_schemas.common import ContactChannel
from linkwork_schemas.directory import ServiceLinked
from linkwork_schemas.journey import ContactScheduled, GoalSet
from linkwork_schemas.notification import NotificationFailed, NotificationSent
from linkwork_schemas.referral import PersonDetailsCorrected, ReferralClosed

from ..appointments import booked, called_off

REFERRALS, JOURNEYS = "referral-events", "journey-events"
CONSENTING = {
    "phone": "07700900123",
    "preferred_channel": ContactChannel.SMS,
    "consent_to_contact": True,
}


@pytest.fixture
async def tier(settings: Settings) -> AsyncIterator[HandlerTier]:
    async with handler_tier(definition(settings)) as tier:
        yield tier


async def a_reminder_pending(tier: HandlerTier, story: Story) -> tuple[ContactScheduled, Ran[None]]:
    """A consenting person's contact booked three days ahead: its reminder waits to go out."""
    await tier.consume(REFERRALS, story.received(person=CONSENTING))
    booking = booked(story, timedelta(days=3))
    return booking, await tier.consume(JOURNEYS, booking)


async def reminders_of(tier: HandlerTier, booking: ContactScheduled) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await tier.store.deliveries.find(
        {"source_event_id": str(booking.event_id)}
    )
    return found


async def everything(tier: HandlerTier) -> dict[str, int]:
    store = tier.store
    repositories = {
        "event_log": store.event_log,
        "cases": store.cases,
        "deliveries": store.deliveries,
        "inbox": store.inbox,
        "feed": store.feed,
    }
    return {name: await repo.count({}) for name, repo in repositories.items()}


async def test_an_assigned_referral_reaches_its_link_workers_inbox_and_the_feed_at_once(
    tier: HandlerTier,
) -> None:
    story = Story()
    assigned = story.assigned()

    ran = await tier.consume(REFERRALS, assigned)

    assert ran.types() == ["NotificationSent", "NotificationFailed"]
    sent, failed = ran.only(NotificationSent), ran.only(NotificationFailed)
    assert (sent.payload.channel, sent.payload.recipient_id) == ("in_app", "lw-amina")
    assert (failed.payload.channel, failed.payload.failure) == ("email", "no_address")
    assert {e.correlation_id for e in ran.events} == {assigned.correlation_id}
    (note,) = await tier.store.inbox.find({"recipient_id": "lw-amina"})
    assert note["title"] == f"New referral on your caseload: {story.referral_id}"
    assert note["read_at"] is None
    feed = await tier.store.feed.find({}, sort=[("seq", 1)])
    assert [(item["kind"], item["stream"]) for item in feed] == [
        ("event", "referral"),
        ("notification", "notification"),
        ("event", "envelope"),
        ("event", "envelope"),
    ]
    assert len({item["created_at"] for item in feed}) == 1  # one transaction, one instant
    assert await tier.store.event_log.get(str(assigned.event_id)) is not None
    case = await tier.store.cases.get(story.referral_id)
    assert case is not None
    assert (case["link_worker_id"], case["team_id"]) == ("lw-amina", "leeds-north")


async def test_a_redelivered_event_adds_nothing(tier: HandlerTier) -> None:
    story = Story()
    assigned = story.assigned()
    await tier.consume(REFERRALS, story.received(person=CONSENTING))
    first = await tier.consume(REFERRALS, assigned)
    before = await everything(tier)

    again = await tier.consume(REFERRALS, assigned)

    assert first.types() == ["NotificationSent", "NotificationFailed"]
    assert again.events == []
    assert await everything(tier) == before


async def test_a_closed_referral_forgets_the_persons_contact_details_and_withdraws_reminders(
    tier: HandlerTier,
) -> None:
    story = Story()
    booking, _ = await a_reminder_pending(tier, story)
    (pending,) = await reminders_of(tier, booking)
    closed = story.build(ReferralClosed, referral_id=story.referral_id, closure_reason="goals_met")

    ran = await tier.consume(REFERRALS, closed)

    assert pending["status"] == "pending"
    assert ran.events == []
    case = await tier.store.cases.get(story.referral_id)
    assert case is not None and "person" not in case
    (withdrawn,) = await reminders_of(tier, booking)
    assert withdrawn["status"] == "cancelled"
    assert withdrawn["cancellation_reason"] == "the referral ended"
    assert "address" not in withdrawn and "message" not in withdrawn


async def test_a_contact_cancelled_before_its_reminder_went_out_withdraws_the_reminder(
    tier: HandlerTier,
) -> None:
    story = Story()
    booking, scheduled = await a_reminder_pending(tier, story)

    ran = await tier.consume(JOURNEYS, called_off(story, booking))

    assert scheduled.events == []  # a pending SMS is announced once it is sent
    assert ran.events == []  # she was never reminded, so she is not told it is off
    (withdrawn,) = await reminders_of(tier, booking)
    assert withdrawn["status"] == "cancelled"
    assert withdrawn["cancellation_reason"] == "the appointment was cancelled"
    assert await tier.store.deliveries.find({"template": "appointment_cancelled"}) == []


async def test_an_event_nobody_needs_to_hear_about_is_only_logged_and_fed(
    tier: HandlerTier, settings: Settings
) -> None:
    story = Story()
    goal = story.build(
        GoalSet,
        story.journey_id,
        journey_id=story.journey_id,
        goal_id="g-1",
        description="Join the walking group",
        set_by="lw-amina",
    )

    ran = await tier.handle(handlers.on_event, goal, notifier=notifier(settings))

    assert ran.events == []
    assert await tier.store.event_log.get(str(goal.event_id)) is not None
    (item,) = await tier.store.feed.find({})
    assert (item["kind"], item["stream"]) == ("event", "journey")
    assert item["scope"]["journey_id"] == story.journey_id
    assert await tier.store.deliveries.count({}) == 0


async def test_a_providers_notification_of_a_new_link_names_the_link(tier: HandlerTier) -> None:
    story = Story()
    await tier.consume(REFERRALS, story.received())
    await tier.consume(REFERRALS, story.assigned())
    await tier.consume(JOURNEYS, story.journey_started())
    linked = story.link(ServiceLinked, service_name="Hyde Park Walkers", organization_id="o-1")

    await tier.consume("directory-events", linked)

    inbox = await tier.store.inbox.find({"recipient_id": "provider:o-1"})
    assert [(n["template"], n["link_id"]) for n in inbox] == [
        ("service_link_requested", story.link_id)
    ]


async def test_a_corrected_phone_number_is_the_one_the_next_reminder_goes_to(
    tier: HandlerTier,
) -> None:
    story = Story()
    await tier.consume(REFERRALS, story.received(person=CONSENTING))
    person = {"given_name": "Amina", "family_name": "Patel", **CONSENTING, "phone": "07700900456"}
    corrected = story.build(
        PersonDetailsCorrected,
        referral_id=story.referral_id,
        person=person,
        fields=["phone"],
        corrected_by="lw-amina",
    )
    await tier.consume(REFERRALS, corrected)
    booking = booked(story, timedelta(days=3))
    await tier.consume(JOURNEYS, booking)

    (reminder,) = await reminders_of(tier, booking)
    assert (reminder["channel"], reminder["address"]) == ("sms", "07700900456")
