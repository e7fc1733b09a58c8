"""The services a journey's person was linked to, kept up to date from directory events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_schemas import Event
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkExpired,
)

STATUS: dict[type[Event], str] = {
    ServiceLinkAccepted: "accepted",
    ServiceLinkDeclined: "declined",
    ServiceLinkExpired: "expired",
    ServiceLinkAttended: "attended",
}


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
    return current
