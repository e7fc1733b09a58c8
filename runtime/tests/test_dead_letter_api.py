"""Ops read what a service's consumers dead-lettered, and replay it once its cause is fixed,
over that service's own HTTP API (`/dead-letters`): against the real broker and database,
with a probe service consuming referral.events."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, eventually, publish, read_all, running
from linkwork_runtime import dead_letter
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import topics
from linkwork_schemas.referral import ReferralClosed, ReferralWithdrawn

from .test_consumer import app_with, closed, record_effect, send, withdrawn

EVENTS = topics.REFERRAL_EVENTS
NOT_JSON = b"\x00\xffnot json at all"


def ops(settings: ServiceSettings) -> dict[str, str]:
    return bearer(settings, "ops-1", "ops")


async def kept_by_anyone(settings: ServiceSettings) -> list[Any]:
    dlq = settings.topic(topics.dead_letter_topic(EVENTS))
    return await read_all(settings.kafka_bootstrap_servers, dlq)


async def another_consumers_dead_letter(settings: ServiceSettings) -> None:
    """A message another service's consumer kept on the same dead-letter topic."""
    await publish(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(EVENTS)),
        withdrawn("r-theirs").to_bytes(),
        key=b"same-key",
        headers={dead_letter.CONSUMER: "someone-else", dead_letter.REASON: "theirs"},
    )


async def listed(client: httpx.AsyncClient, settings: ServiceSettings) -> dict[str, Any]:
    body: dict[str, Any] = (
        await client.get(f"/dead-letters/{EVENTS}", headers=ops(settings))
    ).json()
    return body


async def test_a_refused_event_is_listed_shown_and_replayed_over_http_once_fixed(
    settings: ServiceSettings,
) -> None:
    fixed = {"yet": False}

    async def close(event: ReferralClosed, tx: Transaction[Any]) -> None:
        if not fixed["yet"]:
            raise ValueError("cannot close this referral: a bug, say")
        await record_effect(event, tx)

    app = app_with(settings, {ReferralClosed: close, ReferralWithdrawn: record_effect})
    async with running(app) as client:
        db = app.state.runtime.db
        await another_consumers_dead_letter(settings)
        await send(settings, closed("r-replayed").to_bytes())
        await send(settings, NOT_JSON)
        await eventually(lambda: kept_by_anyone(settings), lambda r: len(r) == 3)
        counts = (await client.get("/dead-letters", headers=ops(settings))).json()
        first = await listed(client, settings)
        refused, unreadable = first["items"]
        at = f"/dead-letters/{EVENTS}/{refused['partition']}/{refused['offset']}"
        shown = (await client.get(at, headers=ops(settings))).json()
        raw = f"/dead-letters/{EVENTS}/{unreadable['partition']}/{unreadable['offset']}"
        shown_raw = (await client.get(raw, headers=ops(settings))).json()
        fixed["yet"] = True
        position = {"partition": refused["partition"], "offset": refused["offset"]}
        replayed = await client.post(
            f"/dead-letters/{EVENTS}/replay", json={"messages": [position]}, headers=ops(settings)
        )
        effect = await eventually(lambda: db["effects"].find_one({"_id": "r-replayed"}), bool)
        # Replayed again, all of them: the event is skipped (idempotent consumer); the
        # unreadable message fails again and is kept again, marked as replayed.
        again = await client.post(
            f"/dead-letters/{EVENTS}/replay", json={"all": True}, headers=ops(settings)
        )
        await send(settings, withdrawn("r-marker").to_bytes())
        await eventually(lambda: db["effects"].find_one({"_id": "r-marker"}), bool)
        await eventually(lambda: listed(client, settings), lambda body: body["total"] == 3)
        after = await listed(client, settings)
        effects = await db["effects"].find_one({"_id": "r-replayed"})

    assert counts == {
        "consumer": settings.consumer_group,
        "topics": [{"topic": EVENTS, "dead_letter_topic": f"{EVENTS}.dlq", "kept": 2}],
    }
    assert (first["total"], first["page"], first["per_page"]) == (2, 1, 50)
    assert refused["kind"] == "handler_refused" and "a bug, say" in refused["reason"]
    assert refused["consumer"] == settings.consumer_group and refused["replayed"] is False
    assert set(refused) == {
        *("partition", "offset", "failed_at", "consumer", "kind", "where", "reason"),
        "replayed",
    }
    assert "r-replayed" not in str(first)  # the list says why, never what the message held
    assert unreadable["kind"] == "invalid_message"
    assert shown["base64"] is False and '"referral_id":"r-replayed"' in shown["content"]
    assert shown["headers"][dead_letter.REASON] == refused["reason"]
    assert shown["reason"] == refused["reason"]
    assert shown_raw["base64"] is True
    assert base64.b64decode(shown_raw["content"]) == NOT_JSON
    assert replayed.status_code == 200
    assert replayed.json() == {"replayed": 1, "messages": [position]}
    assert effect is not None
    assert again.json()["replayed"] == 2
    assert effects is not None and effects["count"] == 1
    assert [item["replayed"] for item in after["items"]] == [False, False, True]
    assert after["items"][2]["kind"] == "invalid_message"


async def test_dead_letters_are_for_ops_of_the_topics_the_service_consumes(
    settings: ServiceSettings,
) -> None:
    app = app_with(settings, {ReferralWithdrawn: record_effect})
    async with running(app) as client:
        await another_consumers_dead_letter(settings)
        (foreign,) = await eventually(lambda: kept_by_anyone(settings), lambda r: len(r) == 1)
        not_ops = await client.get("/dead-letters", headers=bearer(settings, "lw-1", "link_worker"))
        nobody = await client.get(f"/dead-letters/{EVENTS}")
        unknown = await client.get(f"/dead-letters/{topics.GP_REFERRALS}", headers=ops(settings))
        theirs = await client.get(
            f"/dead-letters/{EVENTS}/{foreign.partition}/{foreign.offset}", headers=ops(settings)
        )
        mine = await listed(client, settings)
        replay = f"/dead-letters/{EVENTS}/replay"
        neither = await client.post(replay, json={}, headers=ops(settings))
        both = await client.post(
            replay,
            json={"all": True, "messages": [{"partition": 0, "offset": 0}]},
            headers=ops(settings),
        )
        missing = await client.post(
            replay, json={"messages": [{"partition": 1, "offset": 41}]}, headers=ops(settings)
        )
        elsewhere = await client.post(
            f"/dead-letters/{topics.GP_REFERRALS}/replay", json={"all": True}, headers=ops(settings)
        )

    assert not_ops.status_code == 403 and "['ops']" in not_ops.json()["detail"]["message"]
    assert nobody.status_code == 401
    assert unknown.status_code == 404
    assert unknown.json()["detail"]["message"] == (
        f"probe does not consume '{topics.GP_REFERRALS}'; it consumes ['{EVENTS}']"
    )
    assert theirs.status_code == 404  # another consumer's dead letter is not this service's
    assert mine["total"] == 0 and mine["items"] == []
    for answer in (neither, both):
        assert answer.status_code == 422
        assert answer.json()["detail"] == {
            "error": "unprocessable",
            "message": "give messages (one or more) or all: true, not both",
            "where": "messages",
        }
    assert missing.status_code == 404
    assert missing.json()["detail"]["message"] == (
        f"nothing kept at 1/41 of {EVENTS}.dlq for consumer {settings.consumer_group}"
    )
    assert elsewhere.status_code == 404
