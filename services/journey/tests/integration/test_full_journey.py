"""A whole journey against the real broker and database: from ReferralAccepted through
contacts, what matters, goals, two outcome measures and a service link, to JourneyClosed
with the summary the message back needs; a link ended early after attending; and the
follow-up reminder across a restart."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_all, read_topic, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
)
from linkwork_schemas.envelope import Event
from linkwork_schemas.journey import JourneyClosed, OutcomeFollowUpDue, OutcomeMeasured


def today() -> date:
    """Today as the service will read it: asked at each use, so a run across midnight (UTC)
    does not send yesterday's date as today's."""
    return datetime.now(UTC).date()


async def start_journey(client: httpx.AsyncClient, settings: Settings) -> dict[str, Any]:
    """A journey of lw-amina (team leeds-north), started by publishing its ReferralAccepted."""
    accepted = Story().accepted()
    await publish_events(settings, accepted)
    referral_id = accepted.payload.referral_id
    listing = await eventually(
        lambda: client.get(f"/journeys?referral_id={referral_id}", headers=amina(settings)),
        lambda r: r.json().get("total") == 1,
    )
    journey: dict[str, Any] = listing.json()["items"][0]
    return journey


def amina(settings: Settings) -> dict[str, str]:
    return bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")


ONS4_START = {"life_satisfaction": 3, "worthwhile": 4, "happiness": 3, "anxiety": 8}
ONS4_LATER = {"life_satisfaction": 7, "worthwhile": 7, "happiness": 6, "anxiety": 4}


async def test_a_journey_from_acceptance_to_closure_with_its_summary(settings: Settings) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        journey = await start_journey(client, settings)
        jid, base = journey["journey_id"], f"/journeys/{journey['journey_id']}"

        async def post(path: str, body: dict[str, Any]) -> httpx.Response:
            return await client.post(f"{base}{path}", json=body, headers=me)

        contact = await post(
            "/contacts", {"mode": "phone", "occurred_on": str(today()), "duration_minutes": 30}
        )
        await post(
            "/contacts", {"mode": "face_to_face", "occurred_on": str(today()), "attended": False}
        )
        await post("/contacts", {"mode": "home_visit", "occurred_on": str(today())})
        future = await post(
            "/contacts", {"mode": "phone", "occurred_on": str(today() + timedelta(days=3))}
        )
        await post(
            "/assessments",
            {"needs": [{"domain": "loneliness", "priority": "high"}], "barriers": ["no transport"]},
        )
        await post(
            "/assessments",
            {
                "needs": [
                    {"domain": "loneliness", "priority": "high"},
                    {"domain": "physical_activity"},
                ],
                "barriers": ["no transport", "confidence"],
            },
        )
        walk = (
            await post(
                "/goals",
                {"description": "Join the walking group", "need_domain": "physical_activity"},
            )
        ).json()["goal_id"]
        cook = (await post("/goals", {"description": "Cook with others"})).json()["goal_id"]
        await post(f"/goals/{walk}/progress", {"note": "Went once with her neighbour"})
        await post(f"/goals/{walk}/achieve", {"note": "Goes every Tuesday"})
        again = await post(f"/goals/{walk}/progress", {"note": "still going"})
        await post(f"/goals/{cook}/abandon", {"reason": "the club closed"})
        out_of_range = await post(
            "/measures",
            {
                "instrument": "ONS4",
                "measured_on": str(today()),
                "items": {**ONS4_START, "anxiety": 12},
            },
        )
        baseline = await post(
            "/measures", {"instrument": "ONS4", "measured_on": str(today()), "items": ONS4_START}
        )
        follow_up = await post(
            "/measures", {"instrument": "ONS4", "measured_on": str(today()), "items": ONS4_LATER}
        )
        ucla = {"lack_companionship": 3, "left_out": 3, "isolated": 2}
        await post("/measures", {"instrument": "UCLA3", "measured_on": str(today()), "items": ucla})
        await post(
            "/measures",
            {
                "instrument": "UCLA3",
                "measured_on": str(today()),
                "items": {"lack_companionship": 2, "left_out": 1, "isolated": 1},
            },
        )
        await link_and_attend(settings, jid)
        await eventually(
            lambda: client.get(base, headers=me),
            lambda r: any(s.get("attended_on") for s in r.json().get("services", [])),
        )
        closed = await post("/close", {"reason": "goals_met"})
        after = await post("/contacts", {"mode": "phone", "occurred_on": str(today())})
        stranger = await client.post(
            f"{base}/contacts",
            headers=bearer(settings, "lw-brian", "link_worker"),
            json={"mode": "phone", "occurred_on": str(today())},
        )
        timeline = (await client.get(f"{base}/timeline", headers=me)).json()

    assert contact.status_code == 201 and contact.json()["event_type"] == "ContactLogged"
    assert future.status_code == 422 and "occurred_on" in future.json()["detail"]["message"]
    assert again.status_code == 409
    assert out_of_range.status_code == 422
    assert "items.anxiety: 12 is out of range" in out_of_range.json()["detail"]["message"]
    assert baseline.json()["kind"] == "baseline"
    assert follow_up.json()["kind"] == "follow_up"
    assert follow_up.json()["change_from_baseline"] == {
        "life_satisfaction": 4,
        "worthwhile": 3,
        "happiness": 3,
        "anxiety": -4,
    }
    assert follow_up.json()["labels"]["anxiety"] == "medium"
    assert after.status_code == 409
    assert stranger.status_code == 404

    summary = closed.json()["summary"]
    assert summary["needs"] == ["loneliness", "physical_activity"]  # the latest assessment
    assert summary["contacts"] == 2  # the did-not-attend is not counted
    assert {(g["description"], g["status"]) for g in summary["goals"]} == {
        ("Join the walking group", "achieved"),
        ("Cook with others", "abandoned"),
    }
    assert summary["services_linked"] == ["Hyde Park Walkers"]
    assert summary["services_attended"] == ["Hyde Park Walkers"]
    changes = {c["instrument"]: c["change"] for c in summary["measure_changes"]}
    assert changes == {
        "ONS4": {"life_satisfaction": 4, "worthwhile": 3, "happiness": 3, "anxiety": -4},
        "UCLA3": {"total": -4},
    }

    texts = [e["text"] for e in timeline["entries"]]
    assert texts[0] == "Referral accepted by link worker lw-amina"
    assert "Linked to Hyde Park Walkers" in texts
    assert "Goal set: Join the walking group" in texts
    assert texts[-1] == "Journey closed: goals met"
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.JOURNEY_EVENTS),
        until=lambda r: any(x.headers["event_type"] == "JourneyClosed" for x in r),
    )
    events = [parse_event(r.value) for r in records]
    assert sum(isinstance(e, OutcomeMeasured) for e in events) == 4
    (final,) = [e for e in events if isinstance(e, JourneyClosed)]
    assert final.payload.closed_by == "lw-amina"
    assert final.payload.summary.model_dump(mode="json") == summary


async def link_and_attend(settings: Settings, journey_id: str) -> None:
    story = Story(journey_id=journey_id, link_id="l-1")
    service = {"service_id": "s-walkers"}
    await publish_events(
        settings,
        story.link(
            ServiceLinked, **service, service_name="Hyde Park Walkers", organization_id="o-1"
        ),
        story.link(ServiceLinkAttended, **service, attended_on=today()),
    )


async def test_follow_up_due_is_raised_once_across_a_restart(settings: Settings) -> None:
    eager = settings.model_copy(update={"follow_up_weeks": 0, "follow_up_check_seconds": 0.2})
    async with running(create_app(eager)) as client:
        journey = await start_journey(client, eager)
        await client.post(
            f"/journeys/{journey['journey_id']}/measures",
            headers=amina(eager),
            json={
                "instrument": "SWEMWBS",
                "measured_on": str(date.today()),
                "items": dict.fromkeys(
                    [
                        "optimistic",
                        "useful",
                        "relaxed",
                        "dealing_with_problems",
                        "thinking_clearly",
                        "close_to_others",
                        "own_mind",
                    ],
                    3,
                ),
            },
        )
        await read_topic(
            eager.kafka_bootstrap_servers,
            eager.topic(topics.JOURNEY_EVENTS),
            until=lambda r: any(x.headers["event_type"] == "OutcomeFollowUpDue" for x in r),
        )
    async with running(create_app(eager)):  # restarted: its passes must not raise it again
        await asyncio.sleep(1.5)
    records = await read_all(eager.kafka_bootstrap_servers, eager.topic(topics.JOURNEY_EVENTS))
    due = [
        e for e in map(parse_event, (r.value for r in records)) if isinstance(e, OutcomeFollowUpDue)
    ]
    assert len(due) == 1
    assert due[0].payload.instrument == "SWEMWBS"
    assert due[0].payload.link_worker_id == "lw-amina"


async def test_a_link_ended_after_attending_reads_as_ended_and_counts_as_attended(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        journey = await start_journey(client, settings)
        jid, base = journey["journey_id"], f"/journeys/{journey['journey_id']}"
        walkers, garden = str(uuid.uuid4()), str(uuid.uuid4())
        await publish_events(
            settings,
            *link_story(jid, walkers, "Hyde Park Walkers", "accepted", "attended", "ended"),
            *link_story(jid, garden, "Chapeltown Garden", "declined"),
        )
        shown = await eventually(
            lambda: client.get(base, headers=me),
            lambda r: {s["status"] for s in r.json().get("services", [])} == {"ended", "declined"},
        )
        closed = await client.post(f"{base}/close", headers=me, json={"reason": "disengaged"})
        timeline = (await client.get(f"{base}/timeline", headers=me)).json()

    services = {s["service_name"]: s for s in shown.json()["services"]}
    assert services["Hyde Park Walkers"]["status"] == "ended"
    assert services["Hyde Park Walkers"]["attended_on"] == str(today())
    assert services["Chapeltown Garden"]["status"] == "declined"
    summary = closed.json()["summary"]
    assert sorted(summary["services_linked"]) == ["Chapeltown Garden", "Hyde Park Walkers"]
    assert summary["services_attended"] == ["Hyde Park Walkers"]
    texts = [e["text"] for e in timeline["entries"]]
    assert "The link was ended by the service after 1 session: she moved to Bradford" in texts
    assert "The service declined the link: full" in texts
    assert sum(text.startswith("The service declined") for text in texts) == 1


def link_story(journey_id: str, link_id: str, name: str, *steps: str) -> list[Event]:
    """A link's events as the directory publishes them: linked, then the steps named."""
    story = Story(journey_id=journey_id, link_id=link_id)
    ending = {
        "reason": "she moved to Bradford",
        "ended_by": "provider",
        "organization_id": "o-1",
        "attended_sessions": 1,
        "last_attended_on": today(),
    }
    fields: dict[str, tuple[type[Event], dict[str, Any]]] = {
        "linked": (ServiceLinked, {"service_name": name, "organization_id": "o-1"}),
        "accepted": (ServiceLinkAccepted, {}),
        "declined": (ServiceLinkDeclined, {"reason": "full", "declined_by": "provider"}),
        "attended": (ServiceLinkAttended, {"attended_on": today()}),
        "ended": (ServiceLinkEnded, ending),
    }
    return [
        story.link(cls, service_id=f"s-{link_id}", **extra)
        for cls, extra in (fields[step] for step in ("linked", *steps))
    ]
