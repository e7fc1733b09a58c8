"""The directory's handlers of journey.events, in the handler tier (real MongoDB, no broker):
what each leaves in the directory's record of journeys and links, which events it emits, and
that a second delivery of the same event changes nothing."""

from __future__ import annotations

import pytest

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import handler_tier
from linkwork_directory import handlers
from linkwork_directory.actions import link_outcomes, links
from linkwork_directory.app import definition
from linkwork_directory.settings import Settings
from linkwork_runtime.refusals import Conflict, NotPermitted
from linkwork_schemas.directory import (
    ServiceCapacityChanged,
    ServiceLinkDeclined,
    ServiceLinkEnded,
)

from .directory import (
    GARDEN,
    GROWERS_DESK,
    JOURNEY_EVENTS,
    WALKS,
    link_worker,
    linked,
    listed,
    places_free,
)


async def test_a_started_journey_is_kept_open_for_its_link_worker_and_no_one_else(
    settings: Settings,
) -> None:
    story = Story("lw-amina", "leeds-north")
    started = story.journey_started()
    colleague = Story("lw-brian", "leeds-north", journey_id=story.journey_id)
    async with handler_tier(definition(settings)) as tier:
        first = await tier.consume(JOURNEY_EVENTS, started)
        kept = await tier.store.journeys.get(story.journey_id)
        again = await tier.consume(JOURNEY_EVENTS, started)
        after = await tier.store.journeys.get(story.journey_id)
        by_worker = await tier.run(
            lambda tx: links.linkable_journey(tx, story.journey_id, link_worker(story))
        )
        with pytest.raises(NotPermitted, match="only its link worker"):
            await tier.run(
                lambda tx: links.linkable_journey(tx, story.journey_id, link_worker(colleague))
            )
    assert first.events == [] and again.events == []
    assert kept is not None and after is not None
    assert (kept["status"], kept["link_worker_id"], kept["team_id"]) == (
        "open",
        "lw-amina",
        "leeds-north",
    )
    assert "person" not in kept  # the person's details stay with the journey service
    assert after == kept
    assert by_worker.result["journey_id"] == story.journey_id


async def test_a_reassigned_journey_takes_its_open_links_to_the_new_link_worker(
    settings: Settings,
) -> None:
    story = Story("lw-amina", "leeds-north")
    async with handler_tier(definition(settings)) as tier:
        await listed(tier, GARDEN, places=5)
        await listed(tier, WALKS, places=5)
        await tier.consume(JOURNEY_EVENTS, story.journey_started())
        declined = await linked(tier, settings, story, WALKS)
        await tier.run(lambda tx: link_outcomes.decline(tx, declined, GROWERS_DESK, "full"))
        pending = await linked(tier, settings, story, WALKS)
        accepted = await linked(tier, settings, story, GARDEN)
        await tier.run(lambda tx: links.accept(tx, accepted, GROWERS_DESK))
        handover = story.journey_reassigned("lw-brian", "leeds-south", reassigned_by="mgr-north")
        moved = await tier.consume(JOURNEY_EVENTS, handover)
        again = await tier.consume(JOURNEY_EVENTS, handover)
        record = await tier.store.journeys.get(story.journey_id)
        found = await tier.store.links.get_many([declined, pending, accepted])
    assert moved.events == [] and again.events == []
    assert record is not None
    assert (record["link_worker_id"], record["team_id"]) == ("lw-brian", "leeds-south")
    for link_id in (pending, accepted):
        link = found[link_id]
        assert (link["link_worker_id"], link["team_id"]) == ("lw-brian", "leeds-south")
        notes = [h for h in link["history"] if h["event"] == "journey_reassigned"]
        assert len(notes) == 1  # the second delivery moved nothing again
        assert {k: v for k, v in notes[0].items() if k != "at"} == {
            "event": "journey_reassigned",
            "by": "mgr-north",
            "from": "lw-amina",
            "to": "lw-brian",
        }
    assert found[accepted]["status"] == "accepted" and found[pending]["status"] == "pending"
    # A link that ended before the handover stays in the old link worker's record of her work.
    assert (found[declined]["link_worker_id"], found[declined]["status"]) == (
        "lw-amina",
        "declined",
    )


async def test_a_closed_journey_ends_its_links_and_gives_back_the_places_they_held(
    settings: Settings,
) -> None:
    story, other = Story("lw-amina", "leeds-north"), Story("lw-amina", "leeds-north")
    async with handler_tier(definition(settings)) as tier:
        await listed(tier, GARDEN, places=3)
        await listed(tier, WALKS, places=3)
        for journey in (story, other):
            await tier.consume(JOURNEY_EVENTS, journey.journey_started())
        held = await linked(tier, settings, story, GARDEN)
        await tier.run(lambda tx: links.accept(tx, held, GROWERS_DESK))
        await tier.run(
            lambda tx: link_outcomes.record_attendance(tx, held, GROWERS_DESK, None, False)
        )
        pending = await linked(tier, settings, story, WALKS)
        elsewhere = await linked(tier, settings, other, GARDEN)
        await tier.run(lambda tx: links.accept(tx, elsewhere, GROWERS_DESK))
        closing = story.journey_closed(reason="moved_away")
        closed = await tier.consume(JOURNEY_EVENTS, closing)
        after_close = await tier.store.links.get_many([held, pending, elsewhere])
        again = await tier.consume(JOURNEY_EVENTS, closing)
        # Even past the claim of its id (say, the same close sent again as a new event).
        handled_again = await tier.handle(handlers.on_journey_closed, closing, settings=settings)
        after_again = await tier.store.links.get_many([held, pending, elsewhere])
        garden_free = await places_free(tier, GARDEN)
        record = await tier.store.journeys.get(story.journey_id)
        with pytest.raises(Conflict, match="is closed: no new links"):
            await linked(tier, settings, story, WALKS)
    assert sorted(closed.types()) == [
        "ServiceCapacityChanged",
        "ServiceLinkDeclined",
        "ServiceLinkEnded",
    ]
    ended = closed.only(ServiceLinkEnded)
    assert ended.payload.link_id == held
    assert (ended.payload.ended_by, ended.payload.attended_sessions) == ("journey_closed", 1)
    declined = closed.only(ServiceLinkDeclined)
    assert (declined.payload.link_id, declined.payload.declined_by) == (pending, "link_worker")
    for outcome in (ended, declined):
        assert outcome.payload.reason == "journey closed: moved away"
        assert outcome.causation_id == str(closing.event_id)
    assert closed.only(ServiceCapacityChanged).payload.capacity_available == 2
    assert garden_free == 2  # the ended link's place is back; the other journey keeps its own
    assert [after_close[i]["status"] for i in (held, pending, elsewhere)] == [
        "ended",
        "ended",
        "accepted",
    ]
    assert after_close[held]["history"][-1]["event"] == "journey_closed"
    assert again.events == [] and handled_again.events == [] and after_again == after_close
    assert record is not None and record["status"] == "closed"


async def test_a_link_answered_as_its_journey_closes_is_left_as_the_answer_made_it(
    settings: Settings,
) -> None:
    story = Story("lw-amina", "leeds-north")
    async with handler_tier(definition(settings)) as tier:
        await listed(tier, WALKS, places=3)
        await tier.consume(JOURNEY_EVENTS, story.journey_started())
        link_id = await linked(tier, settings, story, WALKS)
        seen_pending = await tier.store.links.get(link_id)
        assert seen_pending is not None
        await tier.run(lambda tx: link_outcomes.decline(tx, link_id, GROWERS_DESK, "full"))
        closing = story.journey_closed(reason="moved_away")
        ran = await tier.run(lambda tx: link_outcomes.end_with_journey(tx, seen_pending, closing))
        link = await tier.store.links.get(link_id)
    assert ran.result is False and ran.events == []
    assert link is not None and link["status"] == "declined"


async def test_the_close_of_a_journey_never_seen_to_start_keeps_it_closed(
    settings: Settings,
) -> None:
    story = Story("lw-amina", "leeds-north")  # its JourneyStarted was lost, or is past retention
    async with handler_tier(definition(settings)) as tier:
        closed = await tier.consume(JOURNEY_EVENTS, story.journey_closed())
        record = await tier.store.journeys.get(story.journey_id)
        with pytest.raises(Conflict, match="is closed"):
            await tier.run(
                lambda tx: links.linkable_journey(tx, story.journey_id, link_worker(story))
            )
    assert closed.events == []
    assert record is not None
    assert (record["status"], record["link_worker_id"]) == ("closed", "lw-amina")
