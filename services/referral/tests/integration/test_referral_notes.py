"""Case notes on a referral over HTTP against the real broker and database: its link worker and
the team's managers add them and correct them (both versions stay); a restricted note is read
only by its author, the managers and information governance (which reads any team's referral
and takes no step on it); the referring practice reads the referral without the
team's notes; each is published on referral.events keyed by the referral."""

from __future__ import annotations

from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ReferralNoteAdded, ReferralNoteCorrected

from .test_people import ZOE, refer
from .test_team_boundaries import manager_of, register


async def test_notes_on_a_referral_are_kept_corrected_and_restricted(settings: Settings) -> None:
    manager = manager_of(settings, "leeds-north")
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    practice = bearer(settings, "burley", "practice", ods_code="B86001")
    governance = bearer(settings, "ig-lead", "information_governance")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        referral_id = await refer(client, settings, 1, "B86001", **ZOE)
        base = f"/referrals/{referral_id}/notes"

        async def post(path: str, body: dict[str, Any], who: dict[str, str]) -> httpx.Response:
            return await client.post(f"{base}{path}", json=body, headers=who)

        first = await post("", {"category": "phone_call", "text": "Left a message"}, amina)
        hidden = await post(
            "",
            {"category": "safeguarding", "text": "GP mentions concerns", "restricted": True},
            manager,
        )
        corrected = await post(
            f"/{first.json()['note_id']}/correct", {"text": "Left a voicemail at 10:00"}, amina
        )
        again = await post(f"/{first.json()['note_id']}/correct", {"text": "x"}, amina)
        not_hers = await post(f"/{hidden.json()['note_id']}/correct", {"text": "x"}, amina)
        by_practice = await post("", {"category": "other", "text": "x"}, practice)
        empty = await post("", {"category": "other", "text": ""}, amina)
        as_amina = (await client.get(f"/referrals/{referral_id}", headers=amina)).json()
        as_manager = (await client.get(f"/referrals/{referral_id}", headers=manager)).json()
        as_practice = (await client.get(f"/referrals/{referral_id}", headers=practice)).json()
        listed = (await client.get("/referrals", headers=amina)).json()["items"]
        as_governance = (await client.get(f"/referrals/{referral_id}", headers=governance)).json()
        by_governance = await post("", {"category": "other", "text": "x"}, governance)
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: any(r.headers["event_type"] == "ReferralNoteCorrected" for r in rs),
        )

    assert first.status_code == hidden.status_code == corrected.status_code == 201, first.text
    assert corrected.json()["corrects"] == first.json()["note_id"]
    assert again.status_code == 409 and again.json()["detail"]["error"] == "note_superseded"
    assert not_hers.status_code == 404
    assert by_practice.status_code == 403
    assert empty.status_code == 422
    assert [n["text"] for n in as_amina["case_notes"]] == [
        "Left a voicemail at 10:00",
        "Left a message",
    ]
    assert as_amina["case_notes"][1]["superseded_by"] == corrected.json()["note_id"]
    assert [n["text"] for n in as_manager["case_notes"]] == [
        "Left a voicemail at 10:00",
        "GP mentions concerns",
        "Left a message",
    ]
    assert "case_notes" not in as_practice or as_practice["case_notes"] == []
    assert as_governance["case_notes"] == as_manager["case_notes"]
    assert as_governance["allowed_actions"] == []
    assert by_governance.status_code == 403
    assert "GP mentions concerns" not in str(listed)
    events = [(r.key, parse_event(r.value)) for r in records]
    notes = [(k, e) for k, e in events if isinstance(e, ReferralNoteAdded | ReferralNoteCorrected)]
    assert [(k, e.event_type) for k, e in notes] == [
        (referral_id.encode(), "ReferralNoteAdded"),
        (referral_id.encode(), "ReferralNoteAdded"),
        (referral_id.encode(), "ReferralNoteCorrected"),
    ]
