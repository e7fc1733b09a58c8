"""Linking a person to a service, and recording that no suitable service exists: each one
request to the directory."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


async def link_service(
    backends: Backends,
    session: Session,
    journey_id: str,
    service_id: str,
    need_domain: str,
    note: str,
) -> Any:
    """Ask the service's provider to take the person on (`ServiceLinked`)."""
    body = {
        "journey_id": journey_id,
        "service_id": service_id,
        "need_domain": need_domain or None,
        "note": note or None,
    }
    return await backends.directory.post("/links", session.token, body)


async def record_unmet_need(
    backends: Backends, session: Session, from_search: dict[str, Any]
) -> Any:
    """Confirm a search that found nothing: the directory runs it again, then keeps only the
    need, the postcode district and an age band (`UnmetNeedRecorded`)."""
    body = {"from_search": {k: v for k, v in from_search.items() if v not in (None, "")}}
    return await backends.directory.post("/unmet-needs", session.token, body)
