"""Risk flags and case notes against the real broker and database: a flag is raised, read
first on the journey, listed when its review is due, reviewed and removed, each published on
journey.events keyed by the journey; a restricted note is read only by its author, the
team's managers and information governance (who read every team's, audited, and change none),
on the journey and on its timeline; a correction supersedes a note and both
stay; bad requests are refused with the field named."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas import parse_event
from linkwork_schemas.journey import NoteCorrected, RiskFlagRaised, RiskFlagRemoved

from .test_appointments import journey_events
from .test_full_journey import amina, start_journey


def today() -> date:
    """Today as the service will read it: asked at each use, so a run across midnight (UTC)
    does not send yesterday's date as today's."""
    return datetime.now(UTC).date()


def manager(settings: Settings, team: str = "leeds-north") -> dict[str, str]:
    return bearer(settings, f"mgr-{team}", "manager", team_id=team)


async def test_a_flag_is_read_first_listed_when_due_reviewed_and_removed(
    settings: Settings,
) -> None:
    me, brian = amina(settings), bearer(settings, "lw-brian", "link_worker")
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}/risk-flags"

        async def post(path: str, body: dict[str, Any], who: dict[str, str] = me) -> Any:
            return await client.post(f"{base}{path}", headers=who, json=body)

        alone = await post(
            "",
            {
                "kind": "do_not_visit_alone",
                "description": "Her son has been aggressive to visitors: visit in pairs",
                "review_on": str(today()),
            },
        )
        later = await post(
            "",
            {
                "kind": "communication_needs",
                "description": "Uses BSL; book an interpreter",
                "communication": ["interpreter", "hearing"],
                "review_on": str(today() + timedelta(days=90)),
            },
        )
        flag_id = alone.json()["flag_id"]
        read = (await client.get(f"/journeys/{jid}", headers=me)).json()
        listed = (await client.get("/journeys", headers=me)).json()["items"]
        due_mine = (await client.get("/risk-flags/due", headers=me)).json()
        due_team = (await client.get("/risk-flags/due", headers=manager(settings))).json()
        due_brian = (await client.get("/risk-flags/due", headers=brian)).json()
        other_team = await client.get("/risk-flags/due", headers=manager(settings, "york"))
        reviewed = await post(
            f"/{flag_id}/review",
            {
                "note": "Son has moved out; keep for now",
                "next_review_on": str(today().replace(year=today().year + 1) - timedelta(days=1)),
            },
        )
        due_after = (await client.get("/risk-flags/due", headers=me)).json()
        removed = await post(f"/{flag_id}/remove", {"reason": "Son no longer lives there"})
        again = await post(f"/{flag_id}/review", {"note": "x", "next_review_on": str(today())})
        stranger = await post(f"/{flag_id}/remove", {"reason": "x"}, brian)
        after = (await client.get(f"/journeys/{jid}", headers=me)).json()
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        records = await journey_events(settings, "RiskFlagRemoved")

    assert alone.status_code == 201, alone.text
    assert later.status_code == 201, later.text
    assert list(read)[:2] == ["journey_id", "risk_flags"]  # the flags before anything else
    flags = {f["kind"]: f for f in read["risk_flags"]}
    assert flags["do_not_visit_alone"]["review_due"] is True
    assert flags["communication_needs"]["review_due"] is False
    assert flags["communication_needs"]["communication"] == ["interpreter", "hearing"]
    assert [list(item)[:2] for item in listed] == [["journey_id", "risk_flags"]]
    assert [(i["journey_id"], i["flag"]["flag_id"]) for i in due_mine["items"]] == [(jid, flag_id)]
    assert [i["flag"]["flag_id"] for i in due_team["items"]] == [flag_id]
    assert due_brian["items"] == []
    assert other_team.status_code == 200 and other_team.json()["items"] == []
    assert reviewed.status_code == 200, reviewed.text
    assert due_after["items"] == []
    assert removed.status_code == 200, removed.text
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "risk_flag_removed"
    assert stranger.status_code == 404
    assert [f["kind"] for f in after["risk_flags"]] == ["communication_needs"]
    (gone,) = after["removed_risk_flags"]
    assert (gone["flag_id"], gone["removed_by"]) == (flag_id, "lw-amina")
    assert [(r["kind"], r["note"]) for r in gone["reviews"]] == [
        ("reviewed", "Son has moved out; keep for now"),
        ("removed", "Son no longer lives there"),
    ]
    texts = [e["text"] for e in timeline["entries"]]
    assert (
        "Risk flag raised, do not visit alone: Her son has been aggressive to visitors: "
        "visit in pairs" in texts
    )
    assert (
        "Risk flag raised, communication needs (interpreter, hearing): "
        "Uses BSL; book an interpreter" in texts
    )
    assert "Risk flag removed: Son no longer lives there" in texts

    events = [(r.key, parse_event(r.value)) for r in records]
    raised = [e for k, e in events if isinstance(e, RiskFlagRaised) and k == jid.encode()]
    assert [e.payload.kind for e in raised] == ["do_not_visit_alone", "communication_needs"]
    assert raised[0].payload.raised_by == "lw-amina"
    assert [e.payload.flag_id for _, e in events if isinstance(e, RiskFlagRemoved)] == [flag_id]


async def test_bad_flags_are_refused_with_the_field_named(settings: Settings) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]

        async def raise_flag(body: dict[str, Any]) -> httpx.Response:
            return await client.post(
                f"/journeys/{jid}/risk-flags",
                headers=me,
                json={"description": "x", "review_on": str(today()), **body},
            )

        past = await raise_flag({"kind": "other", "review_on": str(today() - timedelta(days=1))})
        far = await raise_flag({"kind": "other", "review_on": str(today() + timedelta(days=400))})
        which = await raise_flag({"kind": "communication_needs"})
        not_comm = await raise_flag({"kind": "lone_working", "communication": ["sight"]})
        unknown = await raise_flag({"kind": "dangerous"})
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()
        closed = await client.post(
            f"/journeys/{jid}/close", headers=me, json={"reason": "moved_away"}
        )
        on_closed = await raise_flag({"kind": "other"})

    assert (past.status_code, past.json()["detail"]["where"]) == (422, "review_on")
    assert "in the past" in past.json()["detail"]["message"]
    assert (far.status_code, far.json()["detail"]["where"]) == (422, "review_on")
    assert (which.status_code, which.json()["detail"]["where"]) == (422, "communication")
    assert (not_comm.status_code, not_comm.json()["detail"]["where"]) == (422, "communication")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "kind"]
    assert shown["risk_flags"] == []
    assert closed.status_code == 200, closed.text
    assert on_closed.status_code == 409
    assert on_closed.json()["detail"]["error"] == "journey_closed"


async def test_a_restricted_note_is_read_only_by_its_author_and_the_teams_managers(
    settings: Settings,
) -> None:
    me, mine_manager = amina(settings), manager(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]

        async def note(body: dict[str, Any], who: dict[str, str]) -> httpx.Response:
            return await client.post(f"/journeys/{jid}/notes", headers=who, json=body)

        open_note = await note({"category": "phone_call", "text": "Called her; she is keen"}, me)
        theirs = await note(
            {
                "category": "safeguarding",
                "text": "Discussed with the GP: concerns about her son",
                "restricted": True,
            },
            mine_manager,
        )
        own_restricted = await note(
            {"category": "case_discussion", "text": "My own worry", "restricted": True}, me
        )
        hidden_id = theirs.json()["note_id"]
        as_worker = (await client.get(f"/journeys/{jid}", headers=me)).json()
        as_manager = (await client.get(f"/journeys/{jid}", headers=mine_manager)).json()
        worker_line = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        manager_line = (await client.get(f"/journeys/{jid}/timeline", headers=mine_manager)).json()
        correct_hidden = await client.post(
            f"/journeys/{jid}/notes/{hidden_id}/correct", headers=me, json={"text": "x"}
        )
        other_manager = await client.get(f"/journeys/{jid}", headers=manager(settings, "york"))

    assert open_note.status_code == 201, open_note.text
    assert theirs.status_code == 201, theirs.text
    assert own_restricted.status_code == 201
    assert [n["text"] for n in as_worker["notes"]] == ["My own worry", "Called her; she is keen"]
    assert [n["text"] for n in as_manager["notes"]] == [
        "My own worry",
        "Discussed with the GP: concerns about her son",
        "Called her; she is keen",
    ]
    assert hidden_id not in str(as_worker)
    worker_texts = " ".join(e["text"] for e in worker_line["entries"])
    assert "concerns about her son" not in worker_texts
    assert "Note (case discussion, restricted): My own worry" in worker_texts
    assert "Note (safeguarding, restricted): Discussed with the GP: concerns about her son" in [
        e["text"] for e in manager_line["entries"]
    ]
    assert correct_hidden.status_code == 404
    assert other_manager.status_code == 404


def governance(settings: Settings) -> dict[str, str]:
    """Information governance: organisation-wide, no team."""
    return bearer(settings, "ig-lead", "information_governance")


async def test_information_governance_reads_any_teams_journey_with_its_restricted_notes_audited(
    settings: Settings,
) -> None:
    ig, mine_manager = governance(settings), manager(settings)
    async with running(create_app(settings)) as client:
        journey = await start_journey(client, settings)
        jid, rid = journey["journey_id"], journey["referral_id"]
        restricted = await client.post(
            f"/journeys/{jid}/notes",
            headers=mine_manager,
            json={"category": "safeguarding", "text": "Concerns about her son", "restricted": True},
        )
        read = await client.get(f"/journeys/{jid}", headers=ig)
        listed = await client.get(f"/journeys?referral_id={rid}", headers=ig)
        line = await client.get(f"/journeys/{jid}/timeline", headers=ig)
        story = await client.get(f"/referrals/{rid}/timeline", headers=ig)
        unknown = await client.get("/referrals/no-such-referral/timeline", headers=ig)
        add = await client.post(
            f"/journeys/{jid}/notes", headers=ig, json={"category": "other", "text": "x"}
        )
        flag = await client.post(
            f"/journeys/{jid}/risk-flags",
            headers=ig,
            json={"kind": "other", "description": "x", "review_on": str(today())},
        )
        audit = await client.get("/audit", params={"sub": "ig-lead"}, headers=ig)
        after = (await client.get(f"/journeys/{jid}", headers=mine_manager)).json()

    assert restricted.status_code == 201, restricted.text
    assert read.status_code == 200, read.text
    assert [n["text"] for n in read.json()["notes"]] == ["Concerns about her son"]
    assert [j["journey_id"] for j in listed.json()["items"]] == [jid]
    restricted_line = "Note (safeguarding, restricted): Concerns about her son"
    assert restricted_line in [e["text"] for e in line.json()["entries"]]
    assert restricted_line in [e["text"] for e in story.json()["entries"]]
    assert unknown.status_code == 404
    assert (add.status_code, flag.status_code) == (403, 403)
    assert [n["text"] for n in after["notes"]] == ["Concerns about her son"]
    assert after["risk_flags"] == []
    reads = {
        (e["route"], e["outcome"], e["status"])
        for e in audit.json()["items"]
        if e["kind"] == "read"
    }
    assert {
        ("/journeys/{journey_id}", "allowed", 200),
        ("/journeys/{journey_id}/timeline", "allowed", 200),
        ("/referrals/{referral_id}/timeline", "allowed", 200),
    } <= reads
    changes = [e for e in audit.json()["items"] if e["kind"] != "read"]
    assert [(e["method"], e["outcome"], e["status"]) for e in changes] == [
        ("POST", "refused", 403)
    ] * 2


async def test_a_correction_supersedes_a_note_and_both_stay_even_once_closed(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}/notes"
        first = await client.post(
            base, headers=me, json={"category": "contact", "text": "Met at the library on Monday"}
        )
        note_id = first.json()["note_id"]
        await client.post(f"/journeys/{jid}/close", headers=me, json={"reason": "goals_met"})
        corrected = await client.post(
            f"{base}/{note_id}/correct", headers=me, json={"text": "Met at the library on Tuesday"}
        )
        twice = await client.post(f"{base}/{note_id}/correct", headers=me, json={"text": "Wed"})
        empty = await client.post(base, headers=me, json={"category": "contact", "text": ""})
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()["notes"]
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        records = await journey_events(settings, "NoteCorrected")

    assert first.status_code == 201, first.text
    assert corrected.status_code == 201, corrected.text
    assert twice.status_code == 409
    assert twice.json()["detail"]["error"] == "note_superseded"
    assert corrected.json()["note_id"] in twice.json()["detail"]["message"]
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "text"]
    latest, original = shown
    assert (latest["text"], latest["corrects"], latest["category"]) == (
        "Met at the library on Tuesday",
        note_id,
        "contact",
    )
    assert (original["text"], original["superseded_by"]) == (
        "Met at the library on Monday",
        latest["note_id"],
    )
    texts = [e["text"] for e in timeline["entries"]]
    assert "Note (contact): Met at the library on Monday" in texts
    assert "Note corrected (contact): Met at the library on Tuesday" in texts
    (event,) = [
        e
        for r in records
        if isinstance(e := parse_event(r.value), NoteCorrected) and e.payload.journey_id == jid
    ]
    assert (event.payload.corrects, event.payload.written_by) == (note_id, "lw-amina")
