"""Linking a person to a service, and the link's life: the provider accepts (taking a place)
or declines, the person attends, the link ends (giving the place back). Each step is one
transaction with its event; a step is taken only from the state it expects, so a race (an
answer and the expiry timer, two providers' clicks) has one winner."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from linkwork_directory.domain import links as rules
from linkwork_directory.domain.capacity import Capacity, ServiceFull
from linkwork_directory.domain.links import LinkStatus
from linkwork_directory.errors import Conflict, NotFound, NotPermitted, Unprocessable
from linkwork_directory.journey_check import linkable_journey
from linkwork_directory.link_capacity import recount
from linkwork_directory.store import Links, Organizations, Services
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.directory import (
    LinkPayload,
    ServiceLinkAccepted,
    ServiceLinked,
    ServiceLinkedPayload,
)

OPEN = (LinkStatus.PENDING, *rules.HOLDS_PLACE)


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    journey_id: str = Field(min_length=1, max_length=100)
    service_id: str = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=2000, description="For the provider")
    need_domain: NeedDomain | None = None


def ids(link: Document) -> dict[str, Any]:
    """The fields every link event carries."""
    return {k: link[k] for k in ("link_id", "journey_id", "service_id", "link_worker_id")}


async def link_person(
    tx: Transaction, request: LinkRequest, principal: Principal, expiry_days: float
) -> Document:
    journey = await linkable_journey(tx, request.journey_id, principal)
    service = await Services(tx.db, tx.session).get(request.service_id)
    if service is None:
        raise Unprocessable("service_id", f"no service {request.service_id!r}")
    if service.get("withdrawn_at") or service["oruk"]["status"] != "active":
        raise Conflict(
            f"{service['oruk']['name']} is not taking people (it is "
            f"{'withdrawn' if service.get('withdrawn_at') else service['oruk']['status']})"
        )
    links = Links(tx.db, tx.session)
    open_links = await links.find(
        {
            "journey_id": request.journey_id,
            "service_id": request.service_id,
            "status": {"$in": OPEN},
        }
    )
    if open_links:
        raise Conflict(
            f"journey {request.journey_id} already has link {open_links[0]['_id']} "
            f"to this service ({open_links[0]['status']})"
        )
    organization = await Organizations(tx.db, tx.session).get(service["organization_id"])
    now = datetime.now(UTC)
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
        "linked_at": now,
        "answered_at": None,
        "expires_at": now + timedelta(days=expiry_days),
        "attendances": [],
        "history": [{"event": "ServiceLinked", "at": now, "by": principal.sub}],
    }
    await links.add(link)
    await tx.record(
        ServiceLinked,
        aggregate_id=link_id,
        payload=ServiceLinkedPayload(
            **ids(link),
            service_name=link["service_name"],
            organization_id=link["organization_id"],
            provider_email=link["provider_email"],
            need_domain=request.need_domain,
            note=request.note,
        ),
    )
    return link


async def load(
    tx: Transaction, link_id: str, principal: Principal, may: Callable[[Principal, Document], bool]
) -> Document:
    link = await Links(tx.db, tx.session).get(link_id)
    if link is None or not (rules.can_see(principal, link) or may(principal, link)):
        raise NotFound(f"no link {link_id!r}")
    if not may(principal, link):
        raise NotPermitted(f"{principal.sub} may not do this to link {link_id}")
    return link


async def move(
    tx: Transaction, link: Document, step: str, to: LinkStatus, by: str, **fields: Any
) -> datetime:
    """Take one step from the link's current state; Conflict when someone got there first."""
    try:
        rules.ensure_allowed(step, link["status"])
    except rules.InvalidLinkStep as exc:
        raise Conflict(str(exc)) from None
    now = datetime.now(UTC)
    history = {"event": step, "at": now, "by": by, **fields}
    moved = await Links(tx.db, tx.session).move(
        link["_id"], link["status"], {"status": to, **fields}, history
    )
    if not moved:
        raise Conflict(f"link {link['_id']} changed meanwhile; read it again")
    return now


async def accept(tx: Transaction, link_id: str, principal: Principal) -> None:
    link = await load(tx, link_id, principal, rules.can_answer)
    service = await Services(tx.db, tx.session).get(link["service_id"])
    assert service is not None  # services are never deleted
    capacity = Capacity(service["capacity"]["total"], service["capacity"]["in_use"])
    try:
        taken = capacity.taking_one(service["oruk"]["name"])
    except ServiceFull as exc:
        raise Conflict(str(exc)) from None
    now = datetime.now(UTC)
    await move(tx, link, "accept", LinkStatus.ACCEPTED, principal.sub, answered_at=now)
    await recount(tx, link["service_id"], taken)
    await tx.record(ServiceLinkAccepted, aggregate_id=link_id, payload=LinkPayload(**ids(link)))
