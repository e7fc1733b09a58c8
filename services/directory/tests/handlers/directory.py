"""A small directory for handler-tier tests, made through the directory's own actions: two
services of one provider with places counted, and links of a story's journey to them."""

from __future__ import annotations

from typing import Any

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier
from linkwork_directory.actions import capacity, links, listing
from linkwork_directory.actions.links import LinkRequest
from linkwork_directory.oruk import build
from linkwork_directory.oruk.feed import parse_object
from linkwork_directory.oruk.models import Service
from linkwork_directory.settings import Settings
from linkwork_runtime.auth import Principal

JOURNEY_EVENTS = "journey-events"  # the app's subscription to journey.events
GROWERS = build.organization("growers", "Chapeltown Growers", "Community gardening")
GARDEN = build.service(
    "garden", "Chapeltown Community Garden", "Grow food", GROWERS, email="hello@growers.example"
)
WALKS = build.service(
    "walks", "Meanwood Walking Group", "Gentle walks", GROWERS, email="walks@growers.example"
)
DIRECTORY_MANAGER = Principal(sub="dm-1", roles=frozenset({"directory_manager"}))
GROWERS_DESK = Principal(sub="prov-1", roles=frozenset({"provider"}), organization_id=GROWERS["id"])


def link_worker(story: Story) -> Principal:
    return Principal(sub=story.link_worker, roles=frozenset({"link_worker"}), team_id=story.team)


async def listed(tier: HandlerTier, service: dict[str, Any], places: int) -> None:
    """The service listed by a directory manager, with `places` for new people."""
    parsed, _ = parse_object(service, "$", "service")
    assert isinstance(parsed, Service)
    await tier.run(lambda tx: listing.list_service(tx, parsed))
    await tier.run(lambda tx: capacity.set_capacity(tx, service["id"], places, DIRECTORY_MANAGER))


async def linked(
    tier: HandlerTier, settings: Settings, story: Story, service: dict[str, Any]
) -> str:
    """A new (pending) link of the story's journey to the service, by its link worker."""
    request = LinkRequest(journey_id=story.journey_id, service_id=service["id"])
    ran = await tier.run(lambda tx: links.link_person(tx, request, link_worker(story), settings))
    return str(ran.result["link_id"])


async def places_free(tier: HandlerTier, service: dict[str, Any]) -> int:
    record = await tier.store.services.get(service["id"])
    assert record is not None
    return int(record["capacity"]["total"] - record["capacity"]["in_use"])
