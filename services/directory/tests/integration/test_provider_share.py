"""What a provider sees of the person it is linked to, against the real broker and database:
their first name and preferred contact only while their consent `share_with_provider` holds
(learnt from referral.events); without it the need and a reference, and the link worker is told
to make the introduction; a withdrawal hides them again at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from linkwork_devstack.builders import publish_events
from linkwork_devstack.testing import bearer, eventually, running
from linkwork_directory.app import create_app
from linkwork_directory.settings import Settings
from linkwork_schemas.common import Person
from linkwork_schemas.referral import ConsentRecorded, ConsentSource, ConsentWithdrawn

from .journeys import known_journey, story_of
from .test_links import GARDEN, GARDEN_ORG, listed_with_capacity

PERSON = Person(
    given_name="Eileen",
    family_name="Murphy",
    phone="07700 900123",
    email="eileen@example.org",
    preferred_channel="sms",
)


async def test_a_provider_sees_the_persons_name_and_contact_only_while_they_consent(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    provider = bearer(settings, "p-1", "provider", organization_id=GARDEN_ORG["id"])
    willing, unwilling = story_of(str(uuid.uuid4())), story_of(str(uuid.uuid4()))
    consent = willing.build(
        ConsentRecorded,
        referral_id=willing.referral_id,
        purpose="share_with_provider",
        source=ConsentSource.PHONE,
        recorded_by="lw-amina",
        recorded_at=datetime.now(UTC),
    )
    withdrawal = willing.build(
        ConsentWithdrawn,
        referral_id=willing.referral_id,
        purpose="share_with_provider",
        source=ConsentSource.PHONE,
        withdrawn_by="lw-amina",
        withdrawn_at=datetime.now(UTC),
    )
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=5)
        await publish_events(
            settings,
            consent,
            willing.journey_started(person=PERSON),
            unwilling.journey_started(person=PERSON),
        )
        for story in (willing, unwilling):
            await known_journey(app, story.journey_id)
        consents = app.state.runtime.store.consents
        await eventually(lambda: consents.get(willing.referral_id), lambda c: c is not None)

        async def link(journey_id: str) -> dict[str, Any]:
            body = {
                "journey_id": journey_id,
                "service_id": GARDEN["id"],
                "need_domain": "loneliness",
            }
            made = await client.post("/links", json=body, headers=amina)
            assert made.status_code == 201, made.text
            answer: dict[str, Any] = made.json()
            return answer

        shared, unshared = await link(willing.journey_id), await link(unwilling.journey_id)
        seen = (await client.get("/links", headers=provider)).json()["items"]
        await publish_events(settings, withdrawal)
        after = await eventually(
            lambda: client.get(f"/links/{shared['link_id']}", headers=provider),
            lambda r: r.json()["person"] is None,
        )

    assert shared["person"] == {
        "given_name": "Eileen",
        "preferred_channel": "sms",
        "phone": "07700 900123",
    }
    assert shared["introduction"] == "provider_contacts_person"
    assert unshared["person"] is None
    assert unshared["introduction"] == "link_worker_introduces"
    by_link = {item["link_id"]: item for item in seen}
    assert by_link[shared["link_id"]]["person"]["given_name"] == "Eileen"
    plain = by_link[unshared["link_id"]]
    assert plain["person"] is None and plain["need_domain"] == "loneliness"
    assert "Murphy" not in str(seen) and "eileen@example.org" not in str(seen)
    assert after.json()["introduction"] == "link_worker_introduces"
