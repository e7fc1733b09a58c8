"""A link of a journey to a service, folded from the directory's link events: the need,
the provider and service, and when it was linked, answered and attended. No person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linkwork_insights.domain.facts import Facts, day, moment
from linkwork_schemas import Event
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
)

UNSPECIFIED = "unspecified"


def new_link(link_id: str) -> Facts:
    return {"_id": link_id, "attended_sessions": 0}


def _common(link: Facts, e: Any) -> None:
    link.update(journey_id=e.payload.journey_id, service_id=e.payload.service_id)


def _linked(link: Facts, e: ServiceLinked) -> None:
    p = e.payload
    link.update(
        service_name=p.service_name,
        provider=p.organization_id,
        need=str(p.need_domain) if p.need_domain else UNSPECIFIED,
        linked_at=moment(e.occurred_at),
        month=moment(e.occurred_at)[:7],
    )


def _answered(link: Facts, e: Event, answer: str) -> None:
    link.setdefault("answered_at", moment(e.occurred_at))
    link.setdefault("answer", answer)


def _accepted(link: Facts, e: ServiceLinkAccepted) -> None:
    link["accepted_at"] = link.get("accepted_at") or moment(e.occurred_at)
    _answered(link, e, "accepted")


def _declined(link: Facts, e: ServiceLinkDeclined) -> None:
    if e.payload.declined_by in (None, "provider"):
        _answered(link, e, "declined")
    link["ended"] = "declined"


def _expired(link: Facts, e: ServiceLinkExpired) -> None:
    link["ended"] = "expired"


def _ended(link: Facts, e: ServiceLinkEnded) -> None:
    link["ended"] = "ended"


def _attended(link: Facts, e: ServiceLinkAttended) -> None:
    link["attended_sessions"] = link.get("attended_sessions", 0) + 1
    first = link.get("attended_on")
    attended = day(e.payload.attended_on)
    link["attended_on"] = attended if first is None or attended < first else first
    if e.payload.completed:
        link["ended"] = "completed"


FOLDS: dict[type[Event], Callable[[Facts, Any], None]] = {
    ServiceLinked: _linked,
    ServiceLinkAccepted: _accepted,
    ServiceLinkDeclined: _declined,
    ServiceLinkExpired: _expired,
    ServiceLinkEnded: _ended,
    ServiceLinkAttended: _attended,
}


def apply_link(link: Facts, event: Event) -> Facts:
    folded = dict(link)
    fold = FOLDS.get(type(event))
    if fold is not None:
        _common(folded, event)
        fold(folded, event)
    return folded
