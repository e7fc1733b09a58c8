"""The public self-referral door against the real broker and database: no token needed; each
answer a person cannot use is refused naming the field and what to do, never what was typed;
the same form sent twice is one referral; a robot's form (the hidden honeypot filled) is
answered as accepted but opens nothing and is kept as refused without its answers; a body too
large is 413; past the per-address rate limit, 429 with Retry-After, another address unhurt."""

from __future__ import annotations

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ReferralReceived

from .test_routing_by_where import self_referral
from .test_team_boundaries import manager_of

NUMBER = "9434765919"


async def test_each_answer_to_correct_is_named_with_what_to_do_and_never_repeated(
    settings: Settings,
) -> None:
    wrong = self_referral(
        "LS99 ZZZ9",
        given_name="",
        birth_date="2999-01-01",
        nhs_number="943 476 5918",
        email="not-an-address",
        needs=["loneliness", "astrology"],
        consent_to_contact=False,
    )
    async with running(create_app(settings)) as client:
        typed = await client.post("/self-referrals", json=wrong)
        dated = await client.post(
            "/self-referrals",
            json=self_referral("LS6 1AA", birth_date="2999-01-01", nhs_number="943 476 5918"),
        )
        unreachable = await client.post(
            "/self-referrals", json={**self_referral("LS6 1AA"), "postcode": None}
        )
        unreadable = await client.post(
            "/self-referrals", content=b"given_name=Pat", headers={"content-type": "text/plain"}
        )

    assert typed.status_code == 422
    fields = {e["field"]: e["message"] for e in typed.json()["errors"]}
    assert set(fields) == {"given_name", "needs"}  # what cannot be read at all comes first
    assert fields["given_name"] == "Enter your first name"
    assert "astrology" not in typed.text and "not-an-address" not in typed.text
    assert dated.status_code == 422
    by_field = {e["field"]: e["message"] for e in dated.json()["errors"]}
    assert set(by_field) == {"birth_date", "nhs_number"}
    assert "2999" not in dated.text and "5918" not in dated.text
    assert "Leave it blank if you do not know it" in by_field["nhs_number"]
    assert unreachable.status_code == 422
    assert [e["field"] for e in unreachable.json()["errors"]] == ["contact"]
    assert unreadable.status_code == 422


async def test_the_same_form_twice_is_one_referral_and_a_known_person_is_not_revealed(
    settings: Settings,
) -> None:
    form = self_referral("LS6 1AA", nhs_number=NUMBER, form_id="form-7f3a9c21")
    async with running(create_app(settings)) as client:
        first = await client.post("/self-referrals", json=form)
        again = await client.post("/self-referrals", json=form)
        second_form = await client.post(
            "/self-referrals", json={**form, "form_id": "form-8b4d0e32"}
        )
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: sum(r.headers["event_type"] == "ReferralReceived" for r in rs) >= 2,
        )

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"] == "form-7f3a9c21"
    assert second_form.status_code == 201
    assert second_form.json() == {**first.json(), "reference": "form-8b4d0e32"}
    # Two referrals sit on different partitions: read them by source id, not in order.
    received = {
        e.payload.source_referral_id: e.payload
        for r in records
        if isinstance(e := parse_event(r.value), ReferralReceived)
    }
    assert received.keys() == {"form-7f3a9c21", "form-8b4d0e32"}
    first_id = received["form-7f3a9c21"].referral_id
    assert received["form-8b4d0e32"].possible_duplicate_of == first_id


async def test_a_robots_form_is_answered_as_accepted_and_opens_nothing(settings: Settings) -> None:
    robot = self_referral("LS6 1AA", website="https://cheap-pills.example")
    async with running(create_app(settings)) as client:
        answered = await client.post("/self-referrals", json=robot)
        person = await client.post("/self-referrals", json=self_referral("LS6 2AB"))
        await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: any(r.headers["event_type"] == "ReferralReceived" for r in rs),
        )
        refused = await client.get(
            "/submissions", params={"status": "refused"}, headers=bearer(settings, "ops-1", "ops")
        )
        opened = await client.get("/triage", headers=manager_of(settings, "leeds-north"))

    assert answered.status_code == person.status_code == 201
    assert answered.json().keys() == person.json().keys()
    assert [i["person"]["postcode"] for i in opened.json()["items"]] == ["LS6 2AB"]
    (kept,) = refused.json()["items"]
    assert kept["reasons"][0]["rule"] == "self_referral.honeypot"
    assert kept["original"] == {} and "Oduya" not in refused.text


async def test_a_form_too_large_is_413_and_too_many_from_one_address_is_429(
    settings: Settings,
) -> None:
    limited = settings.model_copy(
        update={"self_referral_per_minute": 2, "self_referral_max_body_bytes": 2000}
    )
    app = create_app(limited)
    async with running(app):

        def from_address(host: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(host, 4000))
            return httpx.AsyncClient(transport=transport, base_url="http://service")

        async with from_address("203.0.113.7") as busy, from_address("198.51.100.2") as other:
            huge = await busy.post(
                "/self-referrals", json=self_referral("LS6 1AA", help_with="x" * 1900)
            )
            second = await busy.post("/self-referrals", json=self_referral("LS6 1AA"))
            third = await busy.post("/self-referrals", json=self_referral("LS6 1AA"))
            elsewhere = await other.post("/self-referrals", json=self_referral("LS6 1AA"))

    assert huge.status_code == 413
    assert second.status_code == 201
    assert third.status_code == 429
    assert int(third.headers["Retry-After"]) >= 1
    assert "try again" in third.json()["detail"]["message"]
    assert elsewhere.status_code == 201
