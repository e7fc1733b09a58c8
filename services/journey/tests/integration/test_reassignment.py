"""A referral reassigned after its journey started, against the real broker and database: the
open journey (and its follow-ups still due) goes to the new link worker and team, once however
often the ReferralAssigned arrives, with JourneyReassigned on journey.events; the old link
worker no longer finds it; a closed journey stays where it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_all, running
from linkwork_journey.app import create_app
from linkwork_journey.jobs import raise_follow_ups_due
from linkwork_journey.settings import Settings
from linkwork_runtime.unit_of_work import OUTBOX
from linkwork_schemas import parse_event, topics
from linkwork_schemas.envelope import Event
from linkwork_schemas.journey import OutcomeFollowUpDue
from linkwork_schemas.referral import ReferralAssigned

from .test_full_journey import ONS4_START, amina, start_journey, today


def brian(settings: Settings) -> dict[str, str]:
    return bearer(settings, "lw-brian", "link_worker", team_id="leeds-south")


def to_brian(referral_id: str) -> ReferralAssigned:
    """A manager gives lw-amina's referral to lw-brian of leeds-south."""
    story = Story(referral_id=referral_id)
    return story.reassigned("lw-brian", "leeds-south", reassigned_from="lw-amina")


async def published_journey_events(app: FastAPI, settings: Settings) -> list[Event]:
    """Everything the service has published on journey.events, once its outbox is drained."""
    outbox = app.state.runtime.db[OUTBOX]
    await eventually(lambda: outbox.count_documents({"sent_at": None}), lambda n: n == 0)
    records = await read_all(
        settings.kafka_bootstrap_servers, settings.topic(topics.JOURNEY_EVENTS)
    )
    return [parse_event(r.value) for r in records]


async def test_a_reassigned_referral_hands_its_open_journey_to_the_new_link_worker(
    settings: Settings,
) -> None:
    app = create_app(settings)
    async with running(app) as client:
        journey = await start_journey(client, settings)
        jid, referral_id = journey["journey_id"], journey["referral_id"]
        base = f"/journeys/{jid}"
        await client.post(
            f"{base}/measures",
            headers=amina(settings),
            json={"instrument": "ONS4", "measured_on": str(today()), "items": ONS4_START},
        )
        booked = await client.post(
            f"{base}/appointments",
            headers=amina(settings),
            json={
                "mode": "phone",
                "scheduled_for": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
            },
        )
        assignment = to_brian(referral_id)
        again = to_brian(referral_id)  # a later, distinct assignment to the same worker
        await publish_events(settings, assignment, assignment, again)
        by_brian = await eventually(
            lambda: client.get(f"{base}/timeline", headers=brian(settings)),
            lambda r: (
                r.status_code == 200
                and str(again.event_id) in {e["event_id"] for e in r.json()["entries"]}
            ),
        )
        read_by_brian = await client.get(base, headers=brian(settings))
        written_by_brian = await client.post(
            f"{base}/contacts",
            headers=brian(settings),
            json={"mode": "phone", "occurred_on": str(today())},
        )
        read_by_amina = await client.get(base, headers=amina(settings))
        written_by_amina = await client.post(
            f"{base}/contacts",
            headers=amina(settings),
            json={"mode": "phone", "occurred_on": str(today())},
        )
        her_list = await client.get("/journeys", headers=amina(settings))
        south = bearer(settings, "mgr-south", "manager", team_id="leeds-south")
        north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
        by_new_team = await client.get(base, headers=south)
        by_old_team = await client.get(base, headers=north)
        await raise_follow_ups_due(app.state.runtime, now=datetime.now(UTC) + timedelta(weeks=13))
        events = await published_journey_events(app, settings)

    assert read_by_brian.status_code == 200
    moved = read_by_brian.json()
    assert (moved["link_worker_id"], moved["team_id"]) == ("lw-brian", "leeds-south")
    handover = [h for h in moved["history"] if h["event_type"] == "JourneyReassigned"]
    assert len(handover) == 1
    assert (handover[0]["from"], handover[0]["to"], handover[0]["by"]) == (
        "lw-amina",
        "lw-brian",
        "mgr-leeds",
    )
    assert written_by_brian.status_code == 201, written_by_brian.text
    assert read_by_amina.status_code == 404 and written_by_amina.status_code == 404
    assert her_list.json()["total"] == 0
    assert by_new_team.status_code == 200 and by_old_team.status_code == 404
    # The person's appointment stays booked, whoever now holds the journey.
    (appointment,) = moved["appointments"]
    assert appointment["appointment_id"] == booked.json()["appointment_id"]
    assert appointment["status"] == "scheduled"
    texts = [e["text"] for e in by_brian.json()["entries"]]
    assert texts.count("Journey handed over from link worker lw-amina to lw-brian") == 1

    (handed,) = [e for e in events if e.event_type == "JourneyReassigned"]
    assert handed.aggregate_id == jid
    assert handed.causation_id == str(assignment.event_id)
    assert handed.correlation_id == assignment.correlation_id
    assert handed.payload.model_dump() == {
        "journey_id": jid,
        "referral_id": referral_id,
        "link_worker_id": "lw-brian",
        "team_id": "leeds-south",
        "reassigned_from": "lw-amina",
        "reassigned_by": "mgr-leeds",
    }
    types = [e.event_type for e in events]
    assert types.index("JourneyStarted") < types.index("JourneyReassigned")
    # The follow-up planned with Amina falls due to Brian, who now holds the journey.
    (due,) = [e for e in events if isinstance(e, OutcomeFollowUpDue)]
    assert due.payload.link_worker_id == "lw-brian"


async def test_a_closed_journey_stays_with_whoever_closed_it(settings: Settings) -> None:
    app = create_app(settings)
    async with running(app) as client:
        journey = await start_journey(client, settings)
        jid, referral_id = journey["journey_id"], journey["referral_id"]
        closed = await client.post(
            f"/journeys/{jid}/close", headers=amina(settings), json={"reason": "moved_away"}
        )
        assignment = to_brian(referral_id)
        await publish_events(settings, assignment)
        await eventually(
            lambda: client.get(f"/journeys/{jid}/timeline", headers=amina(settings)),
            lambda r: str(assignment.event_id) in {e["event_id"] for e in r.json()["entries"]},
        )
        read_by_amina = await client.get(f"/journeys/{jid}", headers=amina(settings))
        read_by_brian = await client.get(f"/journeys/{jid}", headers=brian(settings))
        events = await published_journey_events(app, settings)

    assert closed.status_code == 200, closed.text
    assert read_by_amina.status_code == 200
    assert read_by_amina.json()["link_worker_id"] == "lw-amina"
    assert read_by_brian.status_code == 404
    assert "JourneyReassigned" not in {e.event_type for e in events}
