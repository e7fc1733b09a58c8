"""Correcting the person on a referral over HTTP against the real broker and database: the
link worker corrects a name and a phone number (PersonDetailsCorrected names the fields; the
name search finds the new name); a corrected NHS number runs the duplicate check again; bad
values are refused naming the field, never repeating it; an ended referral is not changed."""

from __future__ import annotations

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import PersonDetailsCorrected

from .test_people import ZOE, ZOLA, refer
from .test_team_boundaries import manager_of, register


async def test_the_link_worker_corrects_the_person_and_every_copy_can_follow(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        zoe = await refer(client, settings, 1, "B86001", **ZOE)
        zola = await refer(client, settings, 2, "B86001", **ZOLA)

        async def correct(
            referral_id: str, body: dict[str, object], who: dict[str, str] = amina
        ) -> httpx.Response:
            return await client.post(f"/referrals/{referral_id}/person", json=body, headers=who)

        renamed = await correct(zola, {"family_name": "Smythe", "phone": "07700 900456"})
        same = await correct(zola, {"family_name": "Smythe"})
        bad_number = await correct(zola, {"nhs_number": "943 476 5918"})
        bad_postcode = await correct(zola, {"postcode": "NOT A CODE"})
        stranger = await correct(
            zola, {"phone": "07700 900789"}, bearer(settings, "lw-b", "link_worker")
        )
        practice = await correct(
            zola, {"phone": "07700 900789"}, bearer(settings, "p", "practice", ods_code="B86001")
        )
        merged = await correct(zola, {"nhs_number": ZOE["nhs_number"]})
        shown = (await client.get(f"/referrals/{zola}", headers=amina)).json()
        found = (await client.get("/people", params={"q": "smythe"}, headers=amina)).json()
        await client.post(
            f"/referrals/{zoe}/withdraw",
            json={"reason": "moved away"},
            headers=manager_of(settings, "leeds-north"),
        )
        ended = await correct(zoe, {"phone": "07700 900111"})
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: (
                sum(r.headers["event_type"] == "PersonDetailsCorrected" for r in rs) >= 2
            ),
        )

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["fields"] == ["family_name", "phone"]
    assert same.status_code == 422
    assert (bad_number.status_code, bad_number.json()["detail"]["where"]) == (422, "nhs_number")
    assert "5918" not in bad_number.text
    assert (bad_postcode.status_code, bad_postcode.json()["detail"]["where"]) == (422, "postcode")
    assert stranger.status_code == 404
    assert practice.status_code == 403
    assert merged.status_code == 200, merged.text
    assert merged.json()["possible_duplicate_of"] == zoe
    assert shown["person"]["family_name"] == "Smythe" and shown["person"]["phone"] == "07700 900456"
    assert shown["possible_duplicate_of"] == zoe
    assert [i["person"]["family_name"] for i in found["items"]] == ["Smythe"]
    assert ended.status_code == 409
    corrections = [
        e.payload for r in records if isinstance(e := parse_event(r.value), PersonDetailsCorrected)
    ]
    assert [(c.referral_id, c.fields, c.corrected_by) for c in corrections] == [
        (zola, ["family_name", "phone"], "lw-amina"),
        (zola, ["nhs_number"], "lw-amina"),
    ]
