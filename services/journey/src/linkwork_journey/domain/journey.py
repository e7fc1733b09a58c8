"""A journey: a link worker's work with one person, from the accepted referral to closure."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from linkwork_schemas.journey import (
    JourneyReassigned,
    JourneyReassignedPayload,
    JourneyStarted,
    JourneyStartedPayload,
)
from linkwork_schemas.referral import ReferralAcceptedPayload, ReferralAssignedPayload


class JourneyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def start(accepted: ReferralAcceptedPayload, journey_id: str) -> JourneyStartedPayload:
    """The journey an accepted referral starts: same person, reasons and link worker.

    It starts when the link worker accepted the referral, not when the event arrived here.
    """
    return JourneyStartedPayload(
        journey_id=journey_id,
        referral_id=accepted.referral_id,
        link_worker_id=accepted.link_worker_id,
        team_id=accepted.team_id,
        person=accepted.person,
        reasons=accepted.reasons,
        started_at=accepted.accepted_at,
    )


def new_journey(started: JourneyStarted) -> dict[str, Any]:
    """The journey as stored once started; its history opens with the event that started it."""
    p = started.payload
    return {
        "_id": p.journey_id,
        "referral_id": p.referral_id,
        "link_worker_id": p.link_worker_id,
        "team_id": p.team_id,
        "person": p.person.model_dump(mode="json"),
        "reasons": [reason.model_dump(mode="json") for reason in p.reasons],
        "status": JourneyStatus.OPEN.value,
        "started_at": p.started_at,
        "history": [
            {
                "event_id": str(started.event_id),
                "event_type": started.event_type,
                "at": started.occurred_at,
                "caused_by": started.causation_id,
            }
        ],
    }


def reassignment(
    journey: Mapping[str, Any], assigned: ReferralAssignedPayload
) -> JourneyReassignedPayload | None:
    """The move a referral's (re)assignment makes of its journey: to the new link worker and
    team. None when there is nothing to move: the journey is closed (its story stays with
    whoever closed it) or is already that link worker's."""
    if (
        journey["status"] != JourneyStatus.OPEN
        or journey["link_worker_id"] == assigned.link_worker_id
    ):
        return None
    return JourneyReassignedPayload(
        journey_id=journey["_id"],
        referral_id=journey["referral_id"],
        link_worker_id=assigned.link_worker_id,
        team_id=assigned.team_id,
        reassigned_from=journey["link_worker_id"],
        reassigned_by=assigned.assigned_by,
    )


def handed_over(reassigned: JourneyReassigned) -> tuple[dict[str, Any], dict[str, Any]]:
    """The journey's new owner fields, and the history line that says who moved it, from whom,
    to whom and when."""
    p = reassigned.payload
    owner = {"link_worker_id": p.link_worker_id, "team_id": p.team_id}
    line = {
        "event_id": str(reassigned.event_id),
        "event_type": reassigned.event_type,
        "at": reassigned.occurred_at,
        "by": p.reassigned_by,
        "from": p.reassigned_from,
        "to": p.link_worker_id,
        "team_id": p.team_id,
        "caused_by": reassigned.causation_id,
    }
    return owner, line
