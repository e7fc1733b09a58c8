"""Finding a person over HTTP against the real database: by any part of a name in either
order, whatever the case or accents, by NHS number and birth date; one item per person with
their open referral; only within what the caller may see; bad searches refused without
repeating what was typed; referrals stored before name search found once the service starts."""

from __future__ import annotations

import random
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from linkwork_devstack.testing import bearer, eventually, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings

from .test_team_boundaries import manager_of, register

ZOE = {
    "given_name": "Zoë",
    "family_name": "O'Brien-Smith",
    "nhs_number": "9434765919",
    "birth_date": "1950-03-14",
}
ZOLA = {
    "given_name": "Zola",
    "family_name": "Smith",
    "nhs_number": "9000000009",
    "birth_date": "1961-07-01",
}


async def refer(
    client: httpx.AsyncClient, settings: Settings, seed: int, practice: str, **patient: Any
) -> str:
    document = submission(random.Random(seed))
    document["referrer"]["ods_code"] = practice
    document["patient"].update(patient)
    team = "leeds-north" if practice == "B86001" else "leeds-south"
    made = await client.post("/referrals", json=document, headers=manager_of(settings, team))
    assert made.status_code == 201, made.text
    referral_id: str = made.json()["referral_id"]
    return referral_id


def found(answer: httpx.Response) -> list[tuple[str, str]]:
    assert answer.status_code == 200, answer.text
    return [(i["person"]["given_name"], i["person"]["family_name"]) for i in answer.json()["items"]]


async def test_a_person_is_found_by_name_nhs_number_and_birth_date(settings: Settings) -> None:
    north = manager_of(settings, "leeds-north")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        first = await refer(client, settings, 1, "B86001", **ZOE)
        again = await refer(client, settings, 2, "B86001", **ZOE)  # referred twice
        await refer(client, settings, 3, "B86001", **ZOLA)

        async def search(q: str) -> httpx.Response:
            return await client.get("/people", params={"q": q}, headers=north)

        by = {
            q: found(await search(q))
            for q in (
                "zoe",
                "ZOË",
                "obrien",
                "o'brien",
                "smith zo",
                "smi-",
                "brien zoe",
                "smithjones",
                "zoey",
                "943 476 5919",
                "943-476-5919",
                "14/03/1950",
                "1950-03-14",
                "smith 01/07/1961",
                "zoe 9434765919 14/3/1950",
            )
        }
        one = (await search("zoe")).json()
        everyone = (await client.get("/people", headers=north)).json()

    zoe, zola = ("Zoë", "O'Brien-Smith"), ("Zola", "Smith")
    assert by["zoe"] == by["ZOË"] == by["obrien"] == by["o'brien"] == by["brien zoe"] == [zoe]
    assert by["smith zo"] == by["smi-"] == [zola, zoe]  # most recently referred first
    assert by["smithjones"] == [] and by["zoey"] == []
    assert by["943 476 5919"] == by["943-476-5919"] == by["14/03/1950"] == [zoe]
    assert by["1950-03-14"] == by["zoe 9434765919 14/3/1950"] == [zoe]
    assert by["smith 01/07/1961"] == [zola]
    (person,) = one["items"]
    assert next(iter(person)) == "risk_flags"
    assert person["person"]["nhs_number"] == "9434765919"
    assert [r["referral_id"] for r in person["referrals"]] == [again, first]  # newest first
    assert person["open_referral"]["referral_id"] == again
    assert person["open_referral"]["status"] == "possible_duplicate"
    assert everyone["total"] == 2 and everyone["truncated"] is False


async def test_a_search_never_reaches_another_teams_or_caseloads_people(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        await register(client, settings, "leeds-south", "lw-dan", "B86002")
        await refer(client, settings, 1, "B86001", **ZOE)
        await refer(client, settings, 2, "B86002", **ZOLA)

        async def search(headers: dict[str, str], q: str = "zo") -> list[tuple[str, str]]:
            return found(await client.get("/people", params={"q": q}, headers=headers))

        north = await search(manager_of(settings, "leeds-north"))
        south = await search(manager_of(settings, "leeds-south"))
        amina = await search(bearer(settings, "lw-amina", "link_worker", team_id="leeds-north"))
        dan = await search(bearer(settings, "lw-dan", "link_worker", team_id="leeds-south"))
        brian = await search(bearer(settings, "lw-brian", "link_worker", team_id="leeds-north"))
        by_number = await search(manager_of(settings, "leeds-south"), "9434765919")
        practice = await search(bearer(settings, "burley", "practice", ods_code="B86001"))
        no_team = await client.get(
            "/people", params={"q": "zo"}, headers=bearer(settings, "m", "manager", team_id="")
        )

    assert north == amina == practice == [("Zoë", "O'Brien-Smith")]
    assert south == dan == [("Zola", "Smith")]
    assert brian == [] and by_number == []
    assert no_team.status_code == 403


async def test_bad_searches_are_refused_without_repeating_what_was_typed(
    settings: Settings,
) -> None:
    north = manager_of(settings, "leeds-north")
    async with running(create_app(settings)) as client:
        answers = {
            q: await client.get("/people", params={"q": q}, headers=north)
            for q in ("943 476 5918", "31/02/1950", "12345", "a b c d e", "1950-01-01 1951-01-01")
        }
        long = await client.get("/people", params={"q": "x" * 201}, headers=north)

    for q, answer in answers.items():
        assert answer.status_code == 422, (q, answer.text)
        detail = answer.json()["detail"]
        assert detail["where"] == "q" and detail["message"].startswith("q: ")
        assert q not in detail["message"] and "5918" not in detail["message"]
    assert "check digit" in answers["943 476 5918"].json()["detail"]["message"]
    assert "calendar" in answers["31/02/1950"].json()["detail"]["message"]
    assert long.status_code == 422


async def test_referrals_stored_before_name_search_are_found_after_a_restart(
    settings: Settings,
) -> None:
    north = manager_of(settings, "leeds-north")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        referral_id = await refer(client, settings, 1, "B86001", **ZOE)
    # As a referral stored before name search was: no name keys.
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongodb_uri)
    referrals = mongo[settings.mongodb_database]["referrals"]
    await referrals.update_one({"_id": referral_id}, {"$unset": {"name_keys": ""}})
    stored = await referrals.find_one({"_id": referral_id})
    await mongo.close()
    async with running(create_app(settings)) as client:
        after = await eventually(
            lambda: client.get("/people", params={"q": "zoe"}, headers=north),
            lambda answer: answer.json()["total"] == 1,
        )

    assert stored is not None and "name_keys" not in stored
    assert found(after) == [("Zoë", "O'Brien-Smith")]
