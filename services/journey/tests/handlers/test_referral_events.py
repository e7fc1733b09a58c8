"""What the referral's events do to its journey: acceptance starts one, a reassignment after
the start hands it over (with its follow-ups), and every event is a line on the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier
from linkwork_journey import handlers
from linkwork_journey.actions import measures
from linkwork_journey.actions.commands import MeasureOutcome
from linkwork_journey.settings import Settings
from linkwork_runtime.auth import Principal
from linkwork_schemas.journey import Instrument, JourneyReassigned, JourneyStarted
from linkwork_schemas.referral import PersonDetailsCorrected, ReferralClosed

REFERRAL_EVENTS = "referral-events"
AMINA = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="leeds-north")
ONS4 = {"life_satisfaction": 3, "worthwhile": 4, "happiness": 3, "anxiety": 8}


async def lines(tier: HandlerTier, referral_id: str) -> list[str]:
    return [entry["text"] for entry in await tier.store.timeline.for_referral(referral_id)]


async def start(tier: HandlerTier, story: Story) -> JourneyStarted:
    return (await tier.consume(REFERRAL_EVENTS, story.accepted())).only(JourneyStarted)


async def test_an_accepted_referral_starts_its_journey(tier: HandlerTier) -> None:
    story = Story()
    accepted = story.accepted()

    ran = await tier.consume(REFERRAL_EVENTS, accepted)

    started = ran.only(JourneyStarted)
    assert ran.types() == ["JourneyStarted"]
    assert started.aggregate_id == started.payload.journey_id
    assert started.causation_id == str(accepted.event_id)
    assert started.payload.started_at == accepted.payload.accepted_at
    journey = await tier.store.journeys.by_referral(story.referral_id)
    assert journey is not None
    assert journey["_id"] == started.payload.journey_id
    assert (journey["status"], journey["link_worker_id"], journey["team_id"]) == (
        "open",
        "lw-amina",
        "leeds-north",
    )
    assert [line["event_type"] for line in journey["history"]] == ["JourneyStarted"]
    assert await lines(tier, story.referral_id) == [
        "Referral accepted by link worker lw-amina",
        "Journey started",
    ]


async def test_a_second_acceptance_of_the_same_referral_starts_no_journey(
    tier: HandlerTier,
) -> None:
    story = Story()
    await start(tier, story)

    again = await tier.consume(REFERRAL_EVENTS, story.accepted())  # a distinct event

    assert again.events == []
    assert await tier.store.journeys.count({"referral_id": story.referral_id}) == 1
    assert await lines(tier, story.referral_id) == [
        "Referral accepted by link worker lw-amina",
        "Journey started",
        "Referral accepted by link worker lw-amina",
    ]


async def test_a_reassignment_after_the_start_hands_the_journey_and_its_follow_ups_over(
    tier: HandlerTier, settings: Settings
) -> None:
    story = Story()
    journey_id = (await start(tier, story)).payload.journey_id
    baseline = MeasureOutcome(
        instrument=Instrument.ONS4, measured_on=datetime.now(UTC).date(), items=ONS4
    )
    await tier.run(lambda tx: measures.measure(tx, journey_id, AMINA, baseline, settings))
    assignment = story.reassigned("lw-brian", "leeds-south")

    ran = await tier.consume(REFERRAL_EVENTS, assignment)

    moved = ran.only(JourneyReassigned)
    assert ran.types() == ["JourneyReassigned"]
    assert moved.causation_id == str(assignment.event_id)
    assert moved.payload.model_dump() == {
        "journey_id": journey_id,
        "referral_id": story.referral_id,
        "link_worker_id": "lw-brian",
        "team_id": "leeds-south",
        "reassigned_from": "lw-amina",
        "reassigned_by": "mgr-leeds",
    }
    journey = await tier.store.journeys.get(journey_id)
    assert journey is not None
    assert (journey["link_worker_id"], journey["team_id"]) == ("lw-brian", "leeds-south")
    (follow_up,) = await tier.store.follow_ups.find({"journey_id": journey_id})
    assert (follow_up["link_worker_id"], follow_up["team_id"], follow_up["status"]) == (
        "lw-brian",
        "leeds-south",
        "pending",
    )
    assert (await lines(tier, story.referral_id))[-2:] == [
        "Assigned to link worker lw-brian",
        "Journey handed over from link worker lw-amina to lw-brian",
    ]


async def test_an_assignment_before_the_journey_starts_is_only_a_timeline_line(
    tier: HandlerTier,
) -> None:
    story = Story()

    ran = await tier.consume(REFERRAL_EVENTS, story.assigned())

    assert ran.events == []
    assert await tier.store.journeys.by_referral(story.referral_id) is None
    assert await lines(tier, story.referral_id) == ["Assigned to link worker lw-amina"]


async def test_any_other_referral_event_is_a_line_on_its_timeline(tier: HandlerTier) -> None:
    story = Story()
    arrived = story.received()
    closed = story.build(ReferralClosed, referral_id=story.referral_id, closure_reason="done")
    # The timeline is in the order things happened: a second later, not the same millisecond.
    closed = closed.model_copy(update={"occurred_at": arrived.occurred_at + timedelta(seconds=1)})

    received = await tier.consume(REFERRAL_EVENTS, arrived)
    ended = await tier.handle(handlers.on_referral_event, closed)

    assert received.events == [] and ended.events == []
    assert await tier.store.journeys.count({}) == 0
    assert await lines(tier, story.referral_id) == [
        "Referral received from Burley Park Medical Centre (routine): "
        "Lives alone since bereavement",
        "Referral closed",
    ]


async def snapshot(tier: HandlerTier, story: Story) -> list[Any]:
    """Everything the journey service keeps of a referral."""
    journey = await tier.store.journeys.by_referral(story.referral_id)
    return [
        journey,
        await tier.store.timeline.for_referral(story.referral_id),
        await tier.store.follow_ups.find({"referral_id": story.referral_id}),
    ]


async def test_a_redelivered_referral_event_changes_nothing(tier: HandlerTier) -> None:
    story = Story()
    accepted, assignment = story.accepted(), story.reassigned("lw-brian", "leeds-south")
    for event in (story.received(), accepted, assignment):
        await tier.consume(REFERRAL_EVENTS, event)
        before = await snapshot(tier, story)

        again = await tier.consume(REFERRAL_EVENTS, event)

        assert again.events == [], event.event_type
        assert await snapshot(tier, story) == before, event.event_type


async def test_a_correction_of_the_person_is_copied_onto_the_journey(tier: HandlerTier) -> None:
    story = Story()
    started = await start(tier, story)
    person = {"given_name": "Amina", "family_name": "Khan-Patel", "phone": "07700 900456"}
    corrected = story.build(
        PersonDetailsCorrected,
        referral_id=story.referral_id,
        person=person,
        fields=["family_name", "phone"],
        corrected_by="lw-amina",
    )

    ran = await tier.consume(REFERRAL_EVENTS, corrected)

    assert ran.events == []
    journey = await tier.store.journeys.get(started.payload.journey_id)
    assert journey is not None
    assert (journey["person"]["family_name"], journey["person"]["phone"]) == (
        "Khan-Patel",
        "07700 900456",
    )
    assert journey["history"][-1]["fields"] == ["family_name", "phone"]
    assert "The person's details corrected: family name, phone" in await lines(
        tier, story.referral_id
    )
