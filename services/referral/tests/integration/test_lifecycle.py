"""A referral's life against the real broker and database: contact, accept, decline,
withdraw, the journey's close with the message back, the first-contact deadline, access."""

from __future__ import annotations

import asyncio
import random
import uuid
from typing import Any

import httpx

from linkwork_devstack.builders import event
from linkwork_devstack.testing import bearer, eventually, publish, read_all, read_topic, running
from linkwork_referral import jobs
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.journey import (
    GoalSummary,
    Instrument,
    JourneyClosed,
    JourneySummary,
    MeasureChange,
)
from linkwork_schemas.referral import (
    ReferralAccepted,
    ReferralClosed,
    ReferralContactOverdue,
    ReferralDeclined,
    ReferralOutcomeReported,
)

PRACTICE = "B86001"
MANAGER = ("mgr-1", "manager", "integration")


def as_manager(settings: Settings) -> dict[str, str]:
    return bearer(settings, *MANAGER, team_id="leeds-north")


async def assigned_referral(client: httpx.AsyncClient, settings: Settings, seed: int = 1) -> str:
    """A link worker lw-amina of team leeds-north, and one referral assigned to her."""
    await client.post(
        "/link-workers",
        headers=as_manager(settings),
        json={
            "link_worker_id": "lw-amina",
            "name": "Amina",
            "practices": [PRACTICE],
            "caseload_cap": 10,
        },
    )
    document = submission(random.Random(seed))
    document["referrer"]["ods_code"] = PRACTICE
    response = await client.post("/referrals", json=document, headers=as_manager(settings))
    referral_id: str = response.json()["referral_id"]
    return referral_id


async def events_of(settings: Settings, referral_id: str, wanted: int) -> list[Any]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: sum(x.key == referral_id.encode() for x in r) >= wanted,
    )
    return [parse_event(r.value) for r in records if r.key == referral_id.encode()]


async def test_link_worker_records_contact_and_the_person_accepts(settings: Settings) -> None:
    amina = bearer(settings, "lw-amina", "link_worker")
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        contact = await client.post(
            f"/referrals/{referral}/contact-attempts",
            headers=amina,
            json={"method": "phone", "outcome": "reached"},
        )
        future = await client.post(
            f"/referrals/{referral}/contact-attempts",
            headers=amina,
            json={"method": "phone", "outcome": "reached", "at": "2999-01-01T10:00:00Z"},
        )
        stranger = await client.post(
            f"/referrals/{referral}/accept", headers=bearer(settings, "lw-brian", "link_worker")
        )
        accepted = await client.post(f"/referrals/{referral}/accept", headers=amina)
        twice = await client.post(f"/referrals/{referral}/accept", headers=amina)
        events = await events_of(settings, referral, 3)
    assert contact.status_code == 201
    assert contact.json()["first_contact_at"] is not None
    assert future.status_code == 422
    assert "future" in future.json()["detail"]["message"]
    assert stranger.status_code == 404  # another worker's referral is not shown to exist
    assert accepted.json()["status"] == "accepted"
    assert twice.status_code == 409
    assert "cannot accept a referral that is accepted" in twice.json()["detail"]["message"]
    (event,) = [e for e in events if isinstance(e, ReferralAccepted)]
    assert event.payload.link_worker_id == "lw-amina"
    assert event.payload.person.nhs_number is not None
    assert event.payload.reasons


async def test_decline_is_coded_and_the_referrer_is_told(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        declined = await client.post(
            f"/referrals/{referral}/decline",
            json={"reason": "does not want support now"},
            headers=bearer(settings, "lw-amina", "link_worker"),
        )
        events = await events_of(settings, referral, 4)
    assert declined.json()["status"] == "declined"
    (decline,) = [e for e in events if isinstance(e, ReferralDeclined)]
    assert decline.payload.outcome_code.code == "871711000000103"
    (report,) = [e for e in events if isinstance(e, ReferralOutcomeReported)]
    assert report.payload.referrer.ods_code == PRACTICE
    assert "871711000000103" in [c.code for c in report.payload.codes]
    assert "declined" in report.payload.summary


async def test_practice_may_withdraw_its_own_referral_but_not_accept_it(
    settings: Settings,
) -> None:
    practice = bearer(settings, "gp-1", "practice", ods_code=PRACTICE)
    other_practice = bearer(settings, "gp-2", "practice", ods_code="B86099")
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        listed = await client.get("/referrals", headers=practice)
        hidden = await client.get("/referrals", headers=other_practice)
        accept = await client.post(f"/referrals/{referral}/accept", headers=practice)
        withdrawn = await client.post(
            f"/referrals/{referral}/withdraw",
            headers=practice,
            json={"reason": "referred in error"},
        )
        caseload = await client.get(
            "/link-workers/lw-amina/caseload", headers=bearer(settings, "lw-amina", "link_worker")
        )
    assert [i["referral_id"] for i in listed.json()["items"]] == [referral]
    assert hidden.json()["total"] == 0
    assert accept.status_code == 403
    assert withdrawn.json()["status"] == "withdrawn"
    assert caseload.json()["open_caseload"] == 0
    assert caseload.json()["counts"] == {"withdrawn": 1}


async def test_journey_closed_closes_the_referral_with_the_prsb_message_back(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker")
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        await client.post(f"/referrals/{referral}/accept", headers=amina)
        closed = event(
            JourneyClosed,
            "j-1",
            journey_id="j-1",
            referral_id=referral,
            link_worker_id="lw-amina",
            reason="goals_met",
            closed_by="lw-amina",
            summary=JourneySummary(
                needs=[NeedDomain.LONELINESS],
                contacts=7,
                goals=[GoalSummary(description="Join the walking group", status="achieved")],
                services_linked=["Hyde Park Walkers"],
                services_attended=["Hyde Park Walkers"],
                measure_changes=[
                    MeasureChange(
                        instrument=Instrument.UCLA3,
                        baseline={"total": 8},
                        latest={"total": 5},
                        change={"total": -3},
                    )
                ],
            ),
        )
        await publish(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.JOURNEY_EVENTS),
            closed.to_bytes(),
            key=b"j-1",
        )
        shown = await eventually(
            lambda: client.get(f"/referrals/{referral}", headers=amina),
            lambda r: r.json()["status"] == "closed",
        )
        events = await events_of(settings, referral, 5)
    assert shown.json()["status"] == "closed"
    assert any(isinstance(e, ReferralClosed) for e in events)
    (report,) = [e for e in events if isinstance(e, ReferralOutcomeReported)]
    assert report.causation_id == str(closed.event_id)
    assert report.payload.needs == [NeedDomain.LONELINESS]
    assert [line.text for line in report.payload.support_offered] == [
        "Linked to Hyde Park Walkers",
        "Attended Hyde Park Walkers",
    ]
    assert "Goal achieved: Join the walking group" in [o.text for o in report.payload.outcomes]
    assert "UCLA3 change from baseline: total -3" in [o.text for o in report.payload.outcomes]
    assert report.payload.summary.startswith("Social prescribing ended after 7 contacts")


async def test_contact_overdue_is_raised_once_even_across_a_restart(settings: Settings) -> None:
    # Deadlines at the moment of assignment; the first service's own timer waits an hour, so
    # the contact is recorded before any pass looks (no race with the test's own steps).
    due_at_once = settings.model_copy(
        update={"contact_due_working_days": 0, "overdue_check_seconds": 3600}
    )
    app = create_app(due_at_once)
    async with running(app) as client:
        late = await assigned_referral(client, due_at_once, seed=1)
        contacted = await assigned_referral(client, due_at_once, seed=2)
        await client.post(
            f"/referrals/{contacted}/contact-attempts",
            headers=bearer(due_at_once, "lw-amina", "link_worker"),
            json={"method": "phone", "outcome": "reached"},
        )
        raised = await jobs.raise_overdue(app.state.runtime)  # one pass, now past both deadlines
        await events_of(due_at_once, late, 3)
    eager = due_at_once.model_copy(update={"overdue_check_seconds": 0.2})
    async with running(create_app(eager)):  # the restarted service runs its passes again
        await asyncio.sleep(1.5)
    records = await read_all(eager.kafka_bootstrap_servers, eager.topic(topics.REFERRAL_EVENTS))
    overdue = [
        e
        for e in map(parse_event, (r.value for r in records))
        if isinstance(e, ReferralContactOverdue)
    ]
    assert raised == 1
    assert [e.payload.referral_id for e in overdue] == [late]
    assert overdue[0].payload.link_worker_id == "lw-amina"


async def test_each_role_lists_only_what_it_may_see(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        views = {
            "own worker": bearer(settings, "lw-amina", "link_worker"),
            "other worker": bearer(settings, "lw-brian", "link_worker"),
            "team manager": bearer(settings, "mgr-1", "manager", team_id="leeds-north"),
            "other manager": bearer(settings, "mgr-2", "manager", team_id="leeds-south"),
            "provider": bearer(settings, "p-1", "provider"),
        }
        seen = {}
        for who, headers in views.items():
            response = await client.get("/referrals", headers=headers)
            seen[who] = (
                response.json()["total"] if response.status_code == 200 else response.status_code
            )
        direct = await client.get(f"/referrals/{referral}", headers=views["other manager"])
    assert seen == {
        "own worker": 1,
        "other worker": 0,
        "team manager": 1,
        "other manager": 0,
        "provider": 403,
    }
    assert direct.status_code == 404
    assert uuid.UUID(referral)


async def test_a_referral_says_which_steps_its_reader_may_take_now(settings: Settings) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    practice = bearer(settings, "gp-1", "practice", ods_code=PRACTICE)
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        as_worker = (await client.get(f"/referrals/{referral}", headers=amina)).json()
        as_practice = (await client.get(f"/referrals/{referral}", headers=practice)).json()
        as_manager_ = (
            await client.get(f"/referrals/{referral}", headers=as_manager(settings))
        ).json()
        await client.post(f"/referrals/{referral}/accept", headers=amina)
        accepted = (await client.get(f"/referrals/{referral}", headers=amina)).json()
    assert as_worker["allowed_actions"] == ["contact", "accept", "decline", "withdraw"]
    assert as_practice["allowed_actions"] == ["withdraw"]
    assert as_manager_["allowed_actions"] == [
        "contact",
        "accept",
        "decline",
        "reassign",
        "withdraw",
    ]
    assert accepted["allowed_actions"] == ["contact", "withdraw"]
