"""Safeguarding concerns as the team page (and a safeguarding lead's caseload) shows them:
those still waiting for someone to acknowledge them, escalated first and then the oldest, each
with when it was raised, on which journey and, escalated, when. Ids and times only: what the
concern is stays on the journey."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linkwork_console.domain.identity import Identity
from linkwork_console.domain.moments import long_datetime

WAITING = ("escalated", "open")  # the statuses still to acknowledge, in the order shown
STATUS_TAGS = {
    "open": ("Open", "nhsuk-tag--orange"),
    "escalated": ("Escalated", "nhsuk-tag--red"),
    "acknowledged": ("Acknowledged", "nhsuk-tag--green"),
}
DONE = {"acknowledged": "Safeguarding concern acknowledged"}
# Where an acknowledgement returns to: the page that lists the concerns, or the inbox.
DONE_AT = {
    "team": "/team?done=acknowledged#safeguarding",
    "caseload": "/caseload?done=acknowledged#safeguarding",
    "notifications": "/notifications?done=acknowledged",
}


@dataclass(frozen=True)
class Concern:
    concern_id: str
    journey_href: str
    raised: str
    escalated: str
    status: str
    tag: tuple[str, str]


def concern_of(found: Mapping[str, Any]) -> Concern:
    status = str(found.get("status") or "open")
    return Concern(
        concern_id=str(found["concern_id"]),
        journey_href=f"/journeys/{found['journey_id']}",
        raised=long_datetime(found.get("raised_at")),
        escalated=long_datetime(found.get("escalated_at")),
        status=status,
        tag=STATUS_TAGS.get(status, (status.capitalize(), "nhsuk-tag--grey")),
    )


def waiting_of(pages: Iterable[Mapping[str, Any]]) -> list[Concern]:
    """The concerns in the service's answers (one per status), escalated first, then the
    longest waiting first."""
    found = [item for page in pages for item in page.get("items", [])]
    order = {status: rank for rank, status in enumerate(WAITING)}
    found.sort(key=lambda c: (order.get(str(c.get("status")), len(order)), str(c.get("raised_at"))))
    return [concern_of(c) for c in found]


def home_of(identity: Identity) -> str:
    """The page of theirs that lists the concerns: a manager's team, a lead's caseload."""
    return "team" if identity.has("manager") else "caseload"


def done_at(back: str) -> str:
    return DONE_AT[back]
