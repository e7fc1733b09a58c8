"""Referrals from anyone, routed by where the person lives, against the real broker and
database: a person refers themselves with only a postcode, in a team's catchment, and is
assigned to that team's link worker; one outside every catchment is in triage, listed for
every manager, and a manager routes it; catchments are kept per team and an entry kept by
another team is refused; an agency refers with its organisation from its token and reads
back only what it sent."""

from __future__ import annotations

import random
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralAwaitingTriage,
    ReferralReceived,
    ReferralRouted,
    TeamCatchmentChanged,
)

from .test_team_boundaries import manager_of, register

NORTH, SOUTH = "leeds-north", "leeds-south"


def self_referral(postcode: str, **answers: Any) -> dict[str, Any]:
    """The public form as a person fills it in: no NHS number, only a postcode to reach them."""
    return {
        "given_name": "Pat",
        "family_name": "Oduya",
        "birth_date": "1961-04-09",
        "postcode": postcode,
        "needs": ["loneliness", "money_and_debt"],
        "help_with": "Since my husband died I hardly see anyone, and the bills worry me",
        "consent_to_contact": True,
        **answers,
    }


def events(records: list[Any], kind: type[Any]) -> list[Any]:
    return [e for r in records if isinstance(e := parse_event(r.value), kind)]


async def test_a_self_referral_is_routed_by_postcode_and_one_outside_every_catchment_is_triaged(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        for team, worker in ((NORTH, "lw-amina"), (SOUTH, "lw-sam")):
            assert (await register(client, settings, team, worker, "B86001")).status_code == 201
        kept = await client.put(
            f"/teams/{NORTH}/catchment",
            json={"entries": ["LS6", "ls16", "LS7 3"]},
            headers=manager_of(settings, NORTH),
        )
        inside = await client.post("/self-referrals", json=self_referral("ls6 1aa"))
        outside = await client.post("/self-referrals", json=self_referral("BD1 1AA"))
        triage = (await client.get("/triage", headers=manager_of(settings, SOUTH))).json()
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: len(rs) >= 5,
        )
        received = {e.payload.person.postcode: e.payload for e in events(records, ReferralReceived)}
        triaged_id = received["BD1 1AA"].referral_id
        before = await client.get(f"/referrals/{triaged_id}", headers=manager_of(settings, SOUTH))
        routed = await client.post(
            f"/referrals/{triaged_id}/route",
            json={"team_id": SOUTH},
            headers=manager_of(settings, SOUTH),
        )
        again = await client.post(
            f"/referrals/{triaged_id}/route",
            json={"team_id": NORTH},
            headers=manager_of(settings, NORTH),
        )
        after = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: len(events(rs, ReferralAssigned)) >= 2,
        )
        triage_after = (await client.get("/triage", headers=manager_of(settings, NORTH))).json()

    assert kept.status_code == 200, kept.text
    assert kept.json()["entries"] == ["LS16", "LS6", "LS7 3"]
    assert inside.status_code == 201, inside.text
    assert inside.json()["status"] == "received" and "referral_id" not in inside.json()
    assert outside.status_code == 201, outside.text
    north = received["LS6 1AA"]
    assert north.route == "self" and north.person.nhs_number is None
    assert north.source_system == "self-referral"
    assert north.source_referral_id == inside.json()["reference"]
    assert [r.domain for r in north.reasons] == [None, "loneliness", "money_and_debt"]
    (changed,) = events(records, TeamCatchmentChanged)
    assert changed.payload.team_id == NORTH and changed.payload.changed_by == f"mgr-{NORTH}"
    assigned = {e.payload.referral_id: e.payload for e in events(after, ReferralAssigned)}
    assert assigned[north.referral_id].link_worker_id == "lw-amina"
    assert assigned[north.referral_id].team_id == NORTH
    (waiting,) = events(records, ReferralAwaitingTriage)
    assert waiting.payload.referral_id == triaged_id and waiting.payload.route == "self"
    assert [item["referral_id"] for item in triage["items"]] == [triaged_id]
    assert before.json()["status"] == "awaiting_triage"
    assert "route" in before.json()["allowed_actions"]
    assert routed.status_code == 200, routed.text
    assert routed.json()["status"] == "assigned" and routed.json()["team_id"] == SOUTH
    (route_event,) = events(after, ReferralRouted)
    assert route_event.payload.team_id == SOUTH and route_event.payload.routed_by == f"mgr-{SOUTH}"
    assert assigned[triaged_id].link_worker_id == "lw-sam"
    assert again.status_code == 404  # now the south's: the north's manager does not see it
    assert triage_after["items"] == []


async def test_a_manager_routes_to_a_named_link_worker_and_bad_routes_are_refused(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, NORTH, "lw-amina", "B86001")
        await register(client, settings, NORTH, "lw-brian", "B86001")
        sent = await client.post("/self-referrals", json=self_referral("ZE2 9AA"))
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: len(events(rs, ReferralAwaitingTriage)) >= 1,
        )
        (waiting,) = events(records, ReferralAwaitingTriage)
        url = f"/referrals/{waiting.payload.referral_id}/route"
        mgr = manager_of(settings, NORTH)
        no_team = await client.post(url, json={"team_id": "nowhere"}, headers=mgr)
        stranger = await client.post(
            url, json={"team_id": NORTH, "link_worker_id": "lw-elsewhere"}, headers=mgr
        )
        worker = await client.post(
            url, json={"team_id": NORTH}, headers=bearer(settings, "lw-amina", "link_worker")
        )
        teamless = await client.get("/triage", headers=bearer(settings, "m", "manager"))
        chosen = await client.post(
            url, json={"team_id": NORTH, "link_worker_id": "lw-brian"}, headers=mgr
        )
        twice = await client.post(url, json={"team_id": NORTH}, headers=mgr)

    assert sent.status_code == 201
    assert (no_team.status_code, no_team.json()["detail"]["where"]) == (422, "team_id")
    assert (stranger.status_code, stranger.json()["detail"]["where"]) == (422, "link_worker_id")
    assert worker.status_code == 403
    assert teamless.status_code == 403
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["link_worker_id"] == "lw-brian"
    assert chosen.json()["routed_by"] == "manager"
    assert twice.status_code == 409  # assigned now: nothing left to route


async def test_catchments_are_kept_per_team_and_an_entry_another_team_keeps_is_refused(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        north, south = manager_of(settings, NORTH), manager_of(settings, SOUTH)
        first = await client.put(
            f"/teams/{NORTH}/catchment", json={"entries": ["LS6", "LS"]}, headers=north
        )
        claimed = await client.put(
            f"/teams/{SOUTH}/catchment", json={"entries": ["LS11", "ls6"]}, headers=south
        )
        nested = await client.put(
            f"/teams/{SOUTH}/catchment", json={"entries": ["LS11", "LS6 2"]}, headers=south
        )
        bad = await client.put(
            f"/teams/{SOUTH}/catchment", json={"entries": ["LS11", "LS6 1AA"]}, headers=south
        )
        others = await client.put(f"/teams/{NORTH}/catchment", json={"entries": []}, headers=south)
        read = await client.get(f"/teams/{SOUTH}/catchment", headers=south)
        read_other = await client.get(f"/teams/{NORTH}/catchment", headers=south)

    assert first.status_code == 200 and first.json()["entries"] == ["LS", "LS6"]
    assert claimed.status_code == 409
    assert claimed.json()["detail"]["error"] == "catchment_claimed"
    assert "LS6" in claimed.json()["detail"]["message"] and NORTH in claimed.text
    assert nested.status_code == 200, nested.text  # more specific than the north's: allowed
    assert (bad.status_code, bad.json()["detail"]["where"]) == (422, "entries[1]")
    assert others.status_code == 403 and read_other.status_code == 403
    assert read.json()["entries"] == ["LS11", "LS6 2"]
    assert read.json()["kinds"] == {"LS11": "district", "LS6 2": "sector"}


async def test_an_agency_refers_for_its_organisation_and_reads_back_only_its_own(
    settings: Settings,
) -> None:
    housing = bearer(settings, "housing-1", "agency", organization_id="leeds-housing")
    charity = bearer(settings, "charity-1", "agency", organization_id="age-uk-leeds")
    document = submission(random.Random(5))
    document["route"] = "local_authority"
    document["referrer"] = {"organisation_name": "Leeds Housing Options"}
    async with running(create_app(settings)) as client:
        await register(client, settings, NORTH, "lw-amina", "B86001")
        await client.put(
            f"/teams/{NORTH}/catchment",
            json={"entries": ["LS"]},
            headers=manager_of(settings, NORTH),
        )
        document["patient"]["postcode"] = "LS6 1AA"
        sent = await client.post("/referrals", json=document, headers=housing)
        as_gp = await client.post(
            "/referrals",
            json={**document, "route": "gp", "source_referral_id": "H-2"},
            headers=housing,
        )
        with_ods = dict(document, source_referral_id="H-3")
        with_ods["referrer"] = {"ods_code": "B86001"}
        practice_code = await client.post("/referrals", json=with_ods, headers=housing)
        claimed = dict(document, source_referral_id="H-4")
        claimed["referrer"] = {"organisation_name": "X", "organization_id": "leeds-housing"}
        by_practice = await client.post(
            "/referrals", json=claimed, headers=bearer(settings, "p", "practice", ods_code="B86001")
        )
        no_claim = await client.post(
            "/referrals", json=document, headers=bearer(settings, "a", "agency")
        )
        referral_id = sent.json()["referral_id"]
        own = await client.get(f"/referrals/{referral_id}", headers=housing)
        other = await client.get(f"/referrals/{referral_id}", headers=charity)
        listed = (await client.get("/referrals", headers=housing)).json()
        not_listed = (await client.get("/referrals", headers=charity)).json()

    def rules(answer: httpx.Response) -> list[str]:
        return [r["rule"] for r in answer.json()["reasons"]]

    assert sent.status_code == 201, sent.text
    assert own.status_code == 200
    assert own.json()["referrer"]["organization_id"] == "leeds-housing"
    assert own.json()["route"] == "local_authority"
    assert own.json()["status"] == "assigned" and own.json()["link_worker_id"] == "lw-amina"
    assert own.json()["allowed_actions"] == []
    assert other.status_code == 404
    assert [i["referral_id"] for i in listed["items"]] == [referral_id]
    assert not_listed["items"] == []
    assert (as_gp.status_code, rules(as_gp)) == (422, ["route.agency"])
    assert (practice_code.status_code, rules(practice_code)) == (422, ["referrer.ods_code.agency"])
    assert (by_practice.status_code, rules(by_practice)) == (
        422,
        ["referrer.organization_id.token"],
    )
    assert no_claim.status_code == 403
