"""The journey-events subscription in the handler tier (real MongoDB, no broker): the
journey's start is noted on its referral; its close ends the referral with the message back
to the referrer and gives the place to a waiting referral; a redelivery changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_referral.actions import lifecycle
from linkwork_referral.app import definition
from linkwork_referral.queries import referrals
from linkwork_referral.settings import Settings
from linkwork_runtime.consumer import HandlerRefused
from linkwork_schemas.envelope import Event
from linkwork_schemas.journey import (
    JourneySummary,
    RiskFlagRaised,
    RiskFlagRemoved,
    RiskFlagReviewed,
)
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralClosed,
    ReferralOutcomeReported,
    ReferralReceived,
)

from .support import MANAGER, TEAM, encoded, link_worker, referral_from_practice, register

JOURNEY_EVENTS = "journey-events"


async def receive(tier: HandlerTier, seed: int) -> str:
    ran = await tier.consume("gp-referrals", encoded(referral_from_practice(seed)))
    return ran.only(ReferralReceived).payload.referral_id


async def accepted_with_one_waiting(tier: HandlerTier, settings: Settings) -> tuple[str, str]:
    """lw-amina with room for one: her referral accepted, and another waiting for a place."""
    await register(tier, settings, "lw-amina", cap=1)
    hers = await receive(tier, 1)
    await tier.run(lambda tx: lifecycle.accept(tx, hers, link_worker("lw-amina")))
    waiting = await receive(tier, 2)
    return hers, waiting


async def referral(tier: HandlerTier, referral_id: str) -> dict[str, Any]:
    found = await tier.store.referrals.get(referral_id)
    assert found is not None
    return found


async def test_journey_started_notes_the_journey_on_the_referral(settings: Settings) -> None:
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings)
        referral_id = await receive(tier, 1)
        story = Story("lw-amina", TEAM, referral_id=referral_id)
        started = story.journey_started()
        ran = await tier.consume(JOURNEY_EVENTS, started)
        noted = await referral(tier, referral_id)
        again = await tier.consume(JOURNEY_EVENTS, started)
        after = await referral(tier, referral_id)

    assert ran.events == []
    assert noted["journey_id"] == story.journey_id
    assert noted["history"][-1] == {
        "event": "JourneyStarted",
        "at": noted["history"][-1]["at"],
        "journey_id": story.journey_id,
    }
    assert noted["status"] == "assigned"  # the journey's start does not move the referral on
    assert again.events == []
    assert after == noted


async def test_journey_closed_closes_the_referral_reports_back_and_frees_the_place(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        hers, waiting = await accepted_with_one_waiting(tier, settings)
        story = Story("lw-amina", TEAM, referral_id=hers)
        closed = story.journey_closed(
            reason="goals_met", summary=JourneySummary(contacts=4, services_linked=["Walkers"])
        )
        ran = await tier.consume(JOURNEY_EVENTS, closed)
        ended = await referral(tier, hers)
        taken = await referral(tier, waiting)
        amina = await tier.store.link_workers.get("lw-amina")

    assert ran.types() == ["ReferralClosed", "ReferralOutcomeReported", "ReferralAssigned"]
    report = ran.only(ReferralOutcomeReported)
    assert ran.only(ReferralClosed).payload.closure_reason == "goals_met"
    assert ran.only(ReferralClosed).causation_id == str(closed.event_id)
    assert report.causation_id == str(closed.event_id)
    assert report.payload.summary.startswith("Social prescribing ended after 4 contacts")
    assert [line.text for line in report.payload.support_offered] == ["Linked to Walkers"]
    assert (ended["status"], ended["end_reason"]) == ("closed", "goals_met")
    assert ended["history"][-1]["event"] == "ReferralClosed"
    assert ended["history"][-1]["journey_id"] == story.journey_id
    assert ran.only(ReferralAssigned).payload.referral_id == waiting
    assert (taken["status"], taken["link_worker_id"]) == ("assigned", "lw-amina")
    assert amina is not None and amina["open_caseload"] == 1  # one place back, one taken


async def test_a_redelivered_journey_closed_changes_nothing(settings: Settings) -> None:
    async with handler_tier(definition(settings)) as tier:
        hers, waiting = await accepted_with_one_waiting(tier, settings)
        closed = Story("lw-amina", TEAM, referral_id=hers).journey_closed()
        first = await tier.consume(JOURNEY_EVENTS, closed)
        before = [await referral(tier, hers), await referral(tier, waiting)]
        again = await tier.consume(JOURNEY_EVENTS, closed)
        after = [await referral(tier, hers), await referral(tier, waiting)]
        amina = await tier.store.link_workers.get("lw-amina")

    assert first.types() == ["ReferralClosed", "ReferralOutcomeReported", "ReferralAssigned"]
    assert again.events == []
    assert after == before
    assert amina is not None and amina["open_caseload"] == 1


async def test_journey_closed_of_a_referral_not_yet_accepted_leaves_it_as_it_is(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings)
        referral_id = await receive(tier, 1)
        before = await referral(tier, referral_id)
        ran = await tier.consume(
            JOURNEY_EVENTS, Story("lw-amina", TEAM, referral_id=referral_id).journey_closed()
        )
        after = await referral(tier, referral_id)

    assert ran.events == []
    assert after == before


async def test_journey_closed_of_an_unknown_referral_is_refused(settings: Settings) -> None:
    async with handler_tier(definition(settings)) as tier:
        with pytest.raises(HandlerRefused, match="unknown referral ref-missing"):
            await tier.consume(JOURNEY_EVENTS, Story(referral_id="ref-missing").journey_closed())


async def test_the_journeys_risk_flags_are_shown_first_on_the_referral(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings)
        referral_id = await receive(tier, 1)
        story = Story("lw-amina", TEAM, referral_id=referral_id)
        ids = {"journey_id": story.journey_id, "referral_id": referral_id}

        def flag_event(cls: type[Event], **fields: Any) -> Event:
            return story.build(cls, story.journey_id, **ids, **fields)

        raised = flag_event(
            RiskFlagRaised,
            flag_id="f-1",
            kind="do_not_visit_alone",
            description="Visit in pairs",
            review_on="2027-01-10",
            raised_by="lw-amina",
        )
        other = flag_event(
            RiskFlagRaised,
            flag_id="f-2",
            kind="other",
            description="Steep steps to the door",
            review_on="2027-02-01",
            raised_by="lw-amina",
        )
        for event in (story.journey_started(), raised, other, raised):  # a redelivery too
            await tier.consume(JOURNEY_EVENTS, event)
        both = await referrals.referral(tier.store, MANAGER, referral_id)
        await tier.consume(
            JOURNEY_EVENTS,
            flag_event(
                RiskFlagReviewed,
                flag_id="f-1",
                note="Still needed",
                next_review_on="2027-06-01",
                reviewed_by="lw-amina",
            ),
        )
        await tier.consume(
            JOURNEY_EVENTS,
            flag_event(RiskFlagRemoved, flag_id="f-2", reason="Ramp built", removed_by="mgr-1"),
        )
        after = await referrals.referral(tier.store, MANAGER, referral_id)
        unknown = story.build(
            RiskFlagRemoved,
            story.journey_id,
            journey_id=story.journey_id,
            referral_id="ref-nope",
            flag_id="f-9",
            reason="x",
            removed_by="mgr-1",
        )
        with pytest.raises(HandlerRefused, match="unknown referral ref-nope"):
            await tier.consume(JOURNEY_EVENTS, unknown)

    assert list(both)[:2] == ["referral_id", "risk_flags"]
    assert [(f["flag_id"], f["kind"], f["review_on"]) for f in both["risk_flags"]] == [
        ("f-1", "do_not_visit_alone", "2027-01-10"),
        ("f-2", "other", "2027-02-01"),
    ]
    assert [(f["flag_id"], f["review_on"]) for f in after["risk_flags"]] == [("f-1", "2027-06-01")]
    assert [line["event"] for line in after["history"][-4:]] == [
        "RiskFlagRaised",
        "RiskFlagRaised",
        "RiskFlagReviewed",
        "RiskFlagRemoved",
    ]
