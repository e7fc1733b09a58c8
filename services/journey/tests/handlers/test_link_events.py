"""What the directory's link events do to a journey: its services follow the link (linked,
answered, attended, ended), each with a line on the timeline, once per event."""

from __future__ import annotations

from datetime import date

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinked,
    ServiceLinkEnded,
)
from linkwork_schemas.journey import JourneyStarted

DIRECTORY_EVENTS = "directory-events"
ATTENDED_ON = date(2026, 3, 10)


async def started_journey(tier: HandlerTier) -> tuple[Story, str]:
    """A started journey, and the story of its links (sharing its journey id)."""
    referral = Story()
    ran = await tier.consume("referral-events", referral.accepted())
    journey_id = ran.only(JourneyStarted).payload.journey_id
    return Story(referral_id=referral.referral_id, journey_id=journey_id), journey_id


def linked(links: Story) -> ServiceLinked:
    return links.link(ServiceLinked, service_name="Hyde Park Walkers", organization_id="o-1")


async def test_link_events_keep_the_journeys_services_up_to_date(tier: HandlerTier) -> None:
    links, journey_id = await started_journey(tier)
    events = [
        linked(links),
        links.link(ServiceLinkAccepted),
        links.link(ServiceLinkAttended, attended_on=ATTENDED_ON),
        links.link(
            ServiceLinkEnded,
            reason="the group has closed",
            ended_by="provider",
            organization_id="o-1",
            attended_sessions=1,
        ),
    ]

    ran = [await tier.consume(DIRECTORY_EVENTS, event) for event in events]

    assert [r.events for r in ran] == [[], [], [], []]
    journey = await tier.store.journeys.get(journey_id)
    assert journey is not None
    assert journey["services"] == [
        {
            "link_id": links.link_id,
            "service_id": "svc-walking",
            "service_name": "Hyde Park Walkers",
            "status": "ended",
            "attended_on": "2026-03-10",
            "ended_by": "provider",
            "attended_sessions": 1,
        }
    ]
    texts = [e["text"] for e in await tier.store.timeline.for_referral(links.referral_id)]
    assert texts[-4:] == [
        "Linked to Hyde Park Walkers",
        "The service accepted the link",
        "Attended the service on 2026-03-10",
        "The link was ended by the service after 1 session: the group has closed",
    ]


async def test_a_link_of_an_unknown_journey_is_skipped(tier: HandlerTier) -> None:
    links = Story()  # its journey never started here

    ran = await tier.consume(DIRECTORY_EVENTS, linked(links))

    assert ran.events == []
    assert await tier.store.journeys.count({}) == 0
    assert await tier.store.timeline.count({}) == 0


async def test_a_redelivered_link_event_changes_nothing(tier: HandlerTier) -> None:
    links, journey_id = await started_journey(tier)
    event = linked(links)
    await tier.consume(DIRECTORY_EVENTS, event)
    before = await tier.store.journeys.get(journey_id), await tier.store.timeline.count({})

    again = await tier.consume(DIRECTORY_EVENTS, event)

    assert again.events == []
    assert (
        await tier.store.journeys.get(journey_id),
        await tier.store.timeline.count({}),
    ) == before
