"""The journeys the directory knows, as the journey service announces them: whose each is and
whether it is still open, so a link is made only to an open journey by someone working on it.
Only ids, owner and status are kept, and, until the journey closes, the little a provider may
be given if the person consents (first name, preferred contact: domain/provider_share.py); the
rest of the person's details stay with the journey service."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from linkwork_directory.domain.provider_share import person_for_provider
from linkwork_runtime.caller import works_on
from linkwork_schemas.journey import (
    JourneyClosedPayload,
    JourneyReassignedPayload,
    JourneyStartedPayload,
)


class JourneyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def started_journey(started: JourneyStartedPayload) -> dict[str, Any]:
    return {
        "journey_id": started.journey_id,
        "referral_id": started.referral_id,
        "link_worker_id": started.link_worker_id,
        "team_id": started.team_id,
        "status": JourneyStatus.OPEN.value,
        "started_at": started.started_at,
        "person_for_provider": person_for_provider(started.person),
    }


def closed_unseen_journey(closed: JourneyClosedPayload) -> dict[str, Any]:
    """A journey whose close arrives without its start (lost, or past the topic's retention):
    enough of it to refuse links to it as closed rather than as unknown."""
    return {
        "journey_id": closed.journey_id,
        "referral_id": closed.referral_id,
        "link_worker_id": closed.link_worker_id,
        "team_id": None,
    }


def reassigned_owner(reassigned: JourneyReassignedPayload) -> dict[str, Any]:
    """Whose a reassigned journey is now: its record and its links still open say so."""
    return {"link_worker_id": reassigned.link_worker_id, "team_id": reassigned.team_id}


def reassigned_unseen_journey(reassigned: JourneyReassignedPayload) -> dict[str, Any]:
    """A journey whose reassignment arrives without its start (lost, or past the topic's
    retention): only open journeys are reassigned, so it is kept as open."""
    return {
        "journey_id": reassigned.journey_id,
        "referral_id": reassigned.referral_id,
        "status": JourneyStatus.OPEN.value,
    }


# The journey service's access rule, the caseload rule every service applies: the journey's
# link worker, or a manager of its team (of any team, when the manager's token names none).
may_link = works_on
