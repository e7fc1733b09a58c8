"""The projection in a real MongoDB transaction (no broker): a batch costs one read and one
write of the referral documents, whatever it holds; events of a journey folded before its
referral's are kept when the referral's come; a redelivered batch changes nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import handler_tier
from linkwork_insights.app import definition
from linkwork_insights.settings import Settings
from linkwork_schemas.journey import GoalSet

RECEIVED = datetime(2026, 1, 5, 9, tzinfo=UTC)


class Requests(CommandListener):
    """The commands sent to the referrals collection, by name."""

    def __init__(self) -> None:
        self.on_referrals: Counter[str] = Counter()

    def started(self, event: CommandStartedEvent) -> None:
        if event.command.get(event.command_name) == "referrals":
            self.on_referrals[event.command_name] += 1

    def succeeded(self, event: CommandSucceededEvent) -> None:
        pass

    def failed(self, event: CommandFailedEvent) -> None:
        pass


async def test_a_batch_of_thirty_events_reads_and_writes_the_referrals_once(
    settings: Settings,
) -> None:
    requests = Requests()
    stories = [Story() for _ in range(10)]
    batch = [
        e for s in stories for e in (s.received(received_at=RECEIVED), s.assigned(), s.accepted())
    ]
    async with handler_tier(definition(settings), [requests]) as tier:
        requests.on_referrals.clear()  # the indexes made
        await tier.consume_batch("referral-events", batch)
        assert requests.on_referrals == {"find": 1, "update": 1}
        stored = await tier.store.referrals.get(stories[0].referral_id)
        again = await tier.consume_batch("referral-events", batch)  # redelivered: skipped
        assert again.events == []
        assert await tier.store.referrals.get(stories[0].referral_id) == stored
    assert stored["month"] == "2026-01" and stored["practice"] == "B86001"
    assert stored["accepted_at"] and stored["assigned_at"] and stored["team_id"] == "leeds-north"
    assert "person" not in stored and "nhs_number" not in str(stored)


async def test_a_journey_folded_before_its_referral_keeps_what_it_learnt(
    settings: Settings,
) -> None:
    story = Story()
    goal = story.build(
        GoalSet,
        story.journey_id,
        journey_id=story.journey_id,
        goal_id="g1",
        description="Walk",
        set_by="lw",
    )
    person = {"birth_date": date(1990, 6, 1), "postcode": "LS7 3AB"}
    async with handler_tier(definition(settings)) as tier:
        await tier.consume_batch("journey-events", [story.journey_started(), goal])
        await tier.consume_batch(
            "referral-events", [story.received(received_at=RECEIVED, person=person)]
        )
        facts = await tier.store.referrals.get(story.referral_id)
    assert facts["journey_id"] == story.journey_id and facts["goals"] == {
        "g1": {"domain": None, "status": "set"}
    }
    assert (facts["age_band"], facts["district"], facts["received_at"]) == (
        "35-44",
        "LS7",
        "2026-01-05T09:00:00+00:00",
    )
    assert "birth_date" not in facts and "postcode" not in facts
