"""Providers reminded of links they have not answered, against the real broker and database:
halfway to expiry and two days before it, each once however often the timer runs (passes at
once included); none once the link is answered; a short expiry is reminded once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from linkwork_devstack.testing import read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.jobs import remind_providers
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.directory import ServiceLinkReminderDue

from .journeys import start_journeys
from .test_links import GARDEN_ORG, link, listed_with_capacity, provider


async def reminders_published(settings: Settings, count: int) -> list[ServiceLinkReminderDue]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda rs: (
            sum(r.headers["event_type"] == "ServiceLinkReminderDue" for r in rs) >= count
        ),
    )
    return [e for r in records if isinstance(e := parse_event(r.value), ServiceLinkReminderDue)]


async def test_a_provider_is_reminded_halfway_and_two_days_before_expiry_once_each(
    settings: Settings,
) -> None:
    app = create_app(settings)  # links expire after 14 days
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=3)
        await start_journeys(app, "j-1", "j-2")
        waiting = await link(client, settings, "j-1")
        answered = await link(client, settings, "j-2")
        accepted = await client.post(
            f"/links/{answered['link_id']}/accept", headers=provider(settings)
        )
        runtime = app.state.runtime
        linked_at = datetime.fromisoformat(waiting["linked_at"])

        async def passes(days: float, times: int = 3) -> list[int]:
            now = linked_at + timedelta(days=days)
            runs = (remind_providers(runtime, now) for _ in range(times))
            return list(await asyncio.gather(*runs))

        early = await passes(6.9)
        halfway = await passes(7.1)
        between = await passes(11.9)
        final = await passes(12.1)
        after = await passes(13.9)
        shown = await client.get(f"/links/{waiting['link_id']}", headers=provider(settings))
        found = await reminders_published(settings, 2)

    assert accepted.status_code == 200, accepted.text
    assert (sum(early), sum(halfway), sum(between), sum(final), sum(after)) == (0, 1, 0, 1, 0)
    reminders = [e.payload for e in found]
    assert [(r.link_id, r.reminder) for r in reminders] == [
        (waiting["link_id"], "halfway"),
        (waiting["link_id"], "two_days_left"),
    ]
    (first, _) = reminders
    assert first.organization_id == GARDEN_ORG["id"]
    assert first.provider_email == "hello@growers.example.org"
    assert first.expires_at == datetime.fromisoformat(shown.json()["expires_at"])
    assert shown.json()["status"] == "pending"


async def test_a_link_expiring_within_four_days_is_reminded_once(settings: Settings) -> None:
    settings = settings.model_copy(update={"link_expiry_days": 3.0})
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=3)
        await start_journeys(app, "j-3")
        linked = await link(client, settings, "j-3")
        runtime = app.state.runtime
        linked_at = datetime.fromisoformat(linked["linked_at"])
        counts = [
            await remind_providers(runtime, linked_at + timedelta(days=days))
            for days in (1.4, 1.6, 2.5, 2.9)
        ]

    assert counts == [0, 1, 0, 0]
