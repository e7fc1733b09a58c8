"""The demo day walked over HTTP on a started journey, as `make up` does: the journey then
shows what matters, two goals, the contacts, the appointment ahead and the baselines."""

from __future__ import annotations

from linkwork_devstack.testing import running
from linkwork_journey.app import create_app
from linkwork_journey.dev.demo_journey import walk_demo_day
from linkwork_journey.settings import Settings

from .test_full_journey import amina, start_journey


async def test_the_demo_day_fills_a_started_journey(settings: Settings) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        journey_id = (await start_journey(client, settings))["journey_id"]
        answers = await walk_demo_day(client, f"/journeys/{journey_id}", me)
        journey = (await client.get(f"/journeys/{journey_id}", headers=me)).json()

    assert [a["event_type"] for a in answers] == [
        "ContactLogged",
        "NeedsAssessed",
        "RiskFlagRaised",
        "GoalSet",
        "GoalSet",
        "GoalProgressed",
        "OutcomeMeasured",
        "OutcomeMeasured",
        "ContactLogged",
        "NoteAdded",
        "ContactScheduled",
    ]
    assert [(f["kind"], f["communication"]) for f in journey["risk_flags"]] == [
        ("communication_needs", ["hearing"])
    ]
    assert [n["category"] for n in journey["notes"]] == ["phone_call"]
    (assessment,) = journey["assessments"]
    assert [(n["domain"], n["priority"]) for n in assessment["needs"]] == [
        ("loneliness", "high"),
        ("physical_activity", "medium"),
        ("money_and_debt", "low"),
    ]
    assert assessment["barriers"] == ["no transport", "low confidence going out alone"]
    goals = {g["description"]: g for g in journey["goals"]}
    assert set(goals) == {"Join the Hyde Park walking group", "Get a benefits check"}
    assert [u["note"] for u in goals["Join the Hyde Park walking group"]["updates"]] == [
        "Looked up the Tuesday route together; her neighbour may go with her"
    ]
    assert goals["Get a benefits check"]["updates"] == []
    assert [c["mode"] for c in journey["contacts"]] == ["home_visit", "phone"]
    (appointment,) = journey["appointments"]
    assert (appointment["mode"], appointment["status"]) == ("face_to_face", "scheduled")
    assert appointment["location"] == "Hyde Park Surgery, room 2"
    assert [(m["instrument"], m["kind"]) for m in journey["measures"]] == [
        ("ONS4", "baseline"),
        ("UCLA3", "baseline"),
    ]
