"""Linking a person (their journey) to a service, and the steps of a link's life that the
other link actions share: load it for a caller, move it from the state it is in. A provider
accepting takes a place. A step is taken only from the state it expects, so a race (an answer
and the expiry timer, two providers' clicks) has one winner."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from linkwork_directory.actions.capacity import recount
from linkwork_directory.domain import links as rules
from linkwork_directory.domain import reminders
from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.journeys import JourneyStatus, may_link
from linkwork_directory.domain.links import LinkStatus, event_fields
from linkwork_directory.settings import Settings
from linkwork_directory.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Conflict, NotPermitted, Unprocessable, permitted
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.directory import (
    LinkPayload,
    ServiceLinkAccepted,
    ServiceLinked,
    ServiceLinkedPayload,
)


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    journey_id: str = Field(min_length=1, max_length=100)
    service_id: str = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=2000, description="For the provider")
    need_domain: NeedDomain | None = None


async def link_person(
    tx: Tx, request: LinkRequest, principal: Principal, settings: Settings
) -> Document:
    journey = await linkable_journey(tx, request.journey_id, principal)
    service = await tx.store.services.get(request.service_id)
    if service is None:
        raise Unprocessable(f"no service {request.service_id!r}", where="service_id")
    if service.get("withdrawn_at") or service["oruk"]["status"] != "active":
        raise Conflict(
            f"{service['oruk']['name']} is not taking people (it is "
            f"{'withdrawn' if service.get('withdrawn_at') else service['oruk']['status']})"
        )
    open_links = await tx.store.links.open_to_service(request.journey_id, request.service_id)
    if open_links:
        raise Conflict(
            f"journey {request.journey_id} already has link {open_links[0]['_id']} "
            f"to this service ({open_links[0]['status']})"
        )
    organization = await tx.store.organizations.get(service["organization_id"])
    link_id = str(uuid.uuid4())
    link = {
        "_id": link_id,
        "link_id": link_id,
        **request.model_dump(mode="json"),
        "service_name": service["oruk"]["name"],
        "organization_id": service["organization_id"],
        "provider_email": service["oruk"].get("email")
        or (organization or {}).get("oruk", {}).get("email"),
        # The journey's link worker and team, whoever made the link: they hear the answer.
        "link_worker_id": journey["link_worker_id"],
        "team_id": journey["team_id"] or principal.team_id,
        "status": LinkStatus.PENDING,
        "linked_at": tx.now,
        "answered_at": None,
        "expires_at": tx.now + timedelta(days=settings.link_expiry_days),
        "attendances": [],
        "history": [{"event": "ServiceLinked", "at": tx.now, "by": principal.sub}],
    }
    plan = reminders.planned(tx.now, link["expires_at"])
    link |= {"reminders": plan, "next_reminder_at": plan[0]["at"]}
    await tx.store.links.add(link)
    await tx.record(
        ServiceLinked,
        aggregate_id=link_id,
        payload=ServiceLinkedPayload(
            **event_fields(link),
            service_name=link["service_name"],
            organization_id=link["organization_id"],
            provider_email=link["provider_email"],
            need_domain=request.need_domain,
            note=request.note,
        ),
    )
    return link


async def linkable_journey(tx: Tx, journey_id: str, principal: Principal) -> Document:
    """The journey, if this caller may link it now: the directory knows it (from
    journey.events), the caller works on it and it is open."""
    journey = await tx.store.journeys.get(journey_id)
    if journey is None:
        raise Unprocessable(
            f"no journey {journey_id!r} is known to the directory yet; check the id, or, if "
            "the journey has only just started, try again in a moment",
            where="journey_id",
        )
    if not may_link(principal, journey):
        raise NotPermitted(
            f"{principal.sub} may not link journey {journey_id}: only its link worker "
            "and their team's manager may"
        )
    open_now = journey["status"] == JourneyStatus.OPEN
    if not open_now or not await tx.store.journeys.hold_open(journey_id, tx.now):
        raise Conflict(f"journey {journey_id} is closed: no new links can be made to it")
    return journey


async def load(
    tx: Tx, link_id: str, principal: Principal, may: Callable[[Principal, Document], bool]
) -> Document:
    """The link, if the caller may take this step on it (404 if they may not even see it)."""
    return permitted(
        await tx.store.links.get(link_id),
        "link",
        link_id,
        sees=lambda link: rules.can_see(principal, link),
        may=lambda link: may(principal, link),
        who=principal.sub,
    )


async def move(tx: Tx, link: Document, step: str, to: LinkStatus, by: str, **fields: Any) -> None:
    """Take one step from the link's current state; Conflict when someone got there first."""
    rules.ensure_allowed(step, link["status"])
    history = {"event": step, "at": tx.now, "by": by, **fields}
    moved = await tx.store.links.move(
        link["_id"], link["status"], {"status": to, **fields}, history
    )
    if not moved:
        raise Conflict(f"link {link['_id']} changed meanwhile; read it again")


async def accept(tx: Tx, link_id: str, principal: Principal) -> None:
    link = await load(tx, link_id, principal, rules.can_answer)
    service = await tx.store.services.get(link["service_id"])
    assert service is not None  # services are never deleted
    taken = Capacity.of(service).taking_one(service["oruk"]["name"])
    await move(tx, link, "accept", LinkStatus.ACCEPTED, principal.sub, answered_at=tx.now)
    await recount(tx, link["service_id"], taken)
    await tx.record(
        ServiceLinkAccepted, aggregate_id=link_id, payload=LinkPayload(**event_fields(link))
    )
