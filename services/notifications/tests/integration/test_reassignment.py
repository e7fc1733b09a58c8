"""A case reassigned after its journey started: its updates follow the journey to the new link
worker, even when the journey's start is read after the reassignment (the two come on
different topics, in no fixed order between them)."""

from __future__ import annotations

import httpx

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas.journey import Instrument, JourneyReassigned, OutcomeFollowUpDue
from linkwork_schemas.referral import ReferralAssigned

from .test_stream import replay, summary


async def test_a_reassigned_journeys_updates_reach_the_new_link_worker_after_a_late_start(
    settings: Settings, live
) -> None:
    case = Story()
    handed_over = {"link_worker_id": "lw-brian", "team_id": "leeds-north"}
    reassignment = case.build(
        ReferralAssigned,
        referral_id=case.referral_id,
        assigned_by="mgr-leeds",
        reassigned_from="lw-amina",
        **handed_over,
    )
    journey_reassigned = case.build(
        JourneyReassigned,
        case.journey_id,
        journey_id=case.journey_id,
        referral_id=case.referral_id,
        reassigned_from="lw-amina",
        reassigned_by="mgr-leeds",
        **handed_over,
    )
    follow_up = case.build(
        OutcomeFollowUpDue,
        case.journey_id,
        journey_id=case.journey_id,
        link_worker_id="lw-brian",
        instrument=Instrument.UCLA3,
        baseline_measured_on="2026-09-01",
        due_on="2026-12-01",
    )
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    brian = bearer(settings, "lw-brian", "link_worker", team_id="leeds-north")
    async with live(create_app(settings)) as url, httpx.AsyncClient(timeout=30) as client:
        await publish_events(settings, case.received(), case.assigned(), reassignment)
        await eventually(  # referral.events read up to the reassignment ...
            lambda: client.get(f"{url}/notifications", headers=brian),
            lambda r: len(r.json()["items"]) >= 1,
        )
        # ... before journey.events: the start, naming Amina, arrives late.
        await publish_events(settings, case.journey_started(), journey_reassigned, follow_up)
        await eventually(
            lambda: client.get(f"{url}/notifications", headers=brian),
            lambda r: len(r.json()["items"]) >= 2,
        )
        brians = await replay(client, f"{url}/stream", brian)
        aminas = await replay(client, f"{url}/stream", amina)

    assert summary(brians) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
        ("journey", "JourneyReassigned"),
        ("journey", "OutcomeFollowUpDue"),
        ("notification", "outcome_follow_up_due"),
    ]
    assert summary(aminas) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
        ("journey", "JourneyStarted"),
    ]
