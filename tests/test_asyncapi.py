"""Every service documents the events it publishes and the topics it consumes (AsyncAPI)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from linkwork_directory.app import create_app as directory_app
from linkwork_insights.app import create_app as insights_app
from linkwork_journey.app import create_app as journey_app
from linkwork_notifications.app import create_app as notifications_app
from linkwork_referral.app import create_app as referral_app
from linkwork_schemas import events_on, topics

SERVICES: dict[str, tuple[Any, str, set[str]]] = {
    "referral": (
        referral_app,
        topics.REFERRAL_EVENTS,
        # Besides its events, the FHIR messages it sends GP systems.
        {topics.GP_REFERRALS, topics.JOURNEY_EVENTS, topics.GP_RESPONSES, topics.GP_OUTCOMES},
    ),
    "journey": (
        journey_app,
        topics.JOURNEY_EVENTS,
        {topics.REFERRAL_EVENTS, topics.DIRECTORY_EVENTS},
    ),
    "directory": (
        directory_app,
        topics.DIRECTORY_EVENTS,
        {topics.JOURNEY_EVENTS, topics.REFERRAL_EVENTS},
    ),
    "notifications": (
        notifications_app,
        topics.NOTIFICATION_EVENTS,
        {topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS},
    ),
    "insights": (
        insights_app,
        topics.INSIGHTS_EVENTS,
        {topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS},
    ),
}


@pytest.mark.parametrize("service", SERVICES)
async def test_asyncapi_shows_every_published_event_and_every_consumed_topic(service: str) -> None:
    create_app, owned, consumed = SERVICES[service]
    app = create_app()  # built, not started: the document needs no connection
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        response = await client.get("/asyncapi.json")
    assert response.status_code == 200
    spec = response.json()
    addresses = {channel["address"] for channel in spec["channels"].values()}
    assert addresses == {owned} | consumed
    schemas = json.dumps(spec["components"]["schemas"])
    for cls in events_on(owned):
        assert f'"{cls.type_name()}"' in schemas, cls.type_name()
