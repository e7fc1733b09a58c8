"""The services a journey's person was linked to, kept up to date from directory events. A link
that ends early after acceptance is `ended`, not declined; what was attended still counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_schemas import Event
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
)

STATUS: dict[type[Event], str] = {
    ServiceLinkAccepted: "accepted",
    ServiceLinkDeclined: "declined",
    ServiceLinkEnded: "ended",
    ServiceLinkExpired: "expired",
    ServiceLinkAttended: "attended",
}
LINK_EVENTS: tuple[type[Event], ...] = (ServiceLinked, *STATUS)  # what the services follow


def services_after(services: list[Mapping[str, Any]], event: Event) -> list[dict[str, Any]]:
    current = [dict(s) for s in services]
    if isinstance(event, ServiceLinked):
        linked = event.payload
        if not any(s["link_id"] == linked.link_id for s in current):
            current.append(
                {
                    "link_id": linked.link_id,
                    "service_id": linked.service_id,
                    "service_name": linked.service_name,
                    "status": "linked",
                }
            )
        return current
    link_id = getattr(event.payload, "link_id", None)
    for service in current:
        if service["link_id"] == link_id:
            service["status"] = STATUS.get(type(event), service["status"])
            if isinstance(event, ServiceLinkAttended):
                service["attended_on"] = event.payload.attended_on.isoformat()
            if isinstance(event, ServiceLinkEnded):
                _note_end(service, event)
    return current


def _note_end(service: dict[str, Any], event: ServiceLinkEnded) -> None:
    ended = event.payload
    service["ended_by"] = ended.ended_by
    service["attended_sessions"] = ended.attended_sessions
    if ended.last_attended_on and not service.get("attended_on"):
        service["attended_on"] = ended.last_attended_on.isoformat()
