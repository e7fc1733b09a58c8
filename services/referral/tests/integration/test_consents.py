"""The person's consents on a referral over HTTP against the real broker and database: the
referral's own `consent_to_contact` and chosen channel are consents from the referral; the link
worker records one heard on the phone (with an expiry) and withdraws another; every read of the
referral shows the current ones; each change is an event on referral.events, in order."""

from __future__ import annotations

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ConsentRecorded, ConsentWithdrawn

from .test_people import refer
from .test_team_boundaries import register


def purposes(answer: dict[str, object]) -> list[str]:
    consents = answer["consents"]
    assert isinstance(consents, list)
    return [consent["purpose"] for consent in consents]


async def test_consents_are_recorded_withdrawn_shown_and_published(settings: Settings) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        referral_id = await refer(
            client, settings, 1, "B86001", preferred_channel="sms", consent_to_contact=True
        )
        url = f"/referrals/{referral_id}/consents"
        at_intake = (await client.get(url, headers=amina)).json()
        shared = await client.post(
            url,
            json={
                "purpose": "share_with_provider",
                "source": "phone",
                "expires_at": "2099-01-01T00:00:00Z",
            },
            headers=amina,
        )
        withdrawn = await client.post(
            f"{url}/sms/withdraw", json={"source": "phone"}, headers=amina
        )
        again = await client.post(f"{url}/sms/withdraw", headers=amina)
        past = await client.post(
            url, json={"purpose": "email", "expires_at": "2020-01-01T00:00:00Z"}, headers=amina
        )
        from_intake = await client.post(
            url, json={"purpose": "email", "source": "referral"}, headers=amina
        )
        stranger = await client.get(url, headers=bearer(settings, "lw-b", "link_worker"))
        shown = (await client.get(f"/referrals/{referral_id}", headers=amina)).json()
        listed = (await client.get(url, headers=amina)).json()
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda rs: any(r.headers["event_type"] == "ConsentWithdrawn" for r in rs),
        )

    assert purposes(at_intake) == ["contact", "sms"]
    assert at_intake["consents"][0]["source"] == "referral"
    assert shared.status_code == 201, shared.text
    assert withdrawn.status_code == 200, withdrawn.text
    assert again.status_code == 409
    assert (past.status_code, past.json()["detail"]["where"]) == (422, "expires_at")
    assert from_intake.status_code == 422
    assert stranger.status_code == 404
    assert purposes(shown) == ["contact", "share_with_provider"]
    assert shown["consents"][1]["recorded_by"] == "lw-amina"
    assert shown["consents"][1]["expires_at"].startswith("2099-01-01")
    assert purposes(listed) == ["contact", "share_with_provider"]
    assert [c["event"] for c in listed["changes"]] == ["ConsentRecorded", "ConsentWithdrawn"]
    changes = [
        (type(e).__name__, e.payload.purpose.value, e.payload.source.value)
        for r in records
        if isinstance(e := parse_event(r.value), ConsentRecorded | ConsentWithdrawn)
    ]
    assert changes == [
        ("ConsentRecorded", "contact", "referral"),
        ("ConsentRecorded", "sms", "referral"),
        ("ConsentRecorded", "share_with_provider", "phone"),
        ("ConsentWithdrawn", "sms", "phone"),
    ]
    types = [r.headers["event_type"] for r in records]
    first = types.index("ReferralReceived")
    assert types[first : first + 3] == ["ReferralReceived", "ConsentRecorded", "ConsentRecorded"]
