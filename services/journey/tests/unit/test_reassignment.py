"""A referral reassigned after its journey started: which journeys move, to whom, what the
journey keeps of the move, and how it reads on the timeline."""

from __future__ import annotations

from typing import Any

from linkwork_journey.domain.access import can_read
from linkwork_journey.domain.journey import handed_over, reassignment
from linkwork_journey.domain.timeline import describe
from linkwork_runtime.auth import Principal
from linkwork_schemas.journey import JourneyReassigned
from linkwork_schemas.referral import ReferralAssignedPayload

JOURNEY: dict[str, Any] = {
    "_id": "j-1",
    "referral_id": "r-1",
    "link_worker_id": "lw-amina",
    "team_id": "leeds-north",
    "status": "open",
}


def assigned(link_worker_id: str, team_id: str | None = "leeds-south") -> ReferralAssignedPayload:
    return ReferralAssignedPayload(
        referral_id="r-1",
        link_worker_id=link_worker_id,
        team_id=team_id,
        assigned_by="mgr-leeds",
        reassigned_from="lw-amina",
    )


def test_an_open_journey_moves_to_the_new_link_worker_and_team() -> None:
    move = reassignment(JOURNEY, assigned("lw-brian"))
    assert move is not None
    assert move.model_dump() == {
        "journey_id": "j-1",
        "referral_id": "r-1",
        "link_worker_id": "lw-brian",
        "team_id": "leeds-south",
        "reassigned_from": "lw-amina",
        "reassigned_by": "mgr-leeds",
    }


def test_a_closed_journey_stays_with_whoever_held_it() -> None:
    assert reassignment({**JOURNEY, "status": "closed"}, assigned("lw-brian")) is None


def test_an_assignment_to_the_journeys_own_link_worker_moves_nothing() -> None:
    assert reassignment(JOURNEY, assigned("lw-amina", "leeds-north")) is None


def test_the_handover_gives_the_journey_to_the_new_worker_and_says_who_moved_it() -> None:
    move = reassignment(JOURNEY, assigned("lw-brian"))
    event = JourneyReassigned.build(
        aggregate_id="j-1", payload=move, producer="journey", causation_id="ev-assigned"
    )
    owner, line = handed_over(event)
    moved = {**JOURNEY, **owner}
    brian = Principal(sub="lw-brian", roles=frozenset({"link_worker"}), team_id="leeds-south")
    amina = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="leeds-north")
    assert can_read(brian, moved) and not can_read(amina, moved)
    assert line == {
        "event_id": str(event.event_id),
        "event_type": "JourneyReassigned",
        "at": event.occurred_at,
        "by": "mgr-leeds",
        "from": "lw-amina",
        "to": "lw-brian",
        "team_id": "leeds-south",
        "caused_by": "ev-assigned",
    }
    assert describe(event) == "Journey handed over from link worker lw-amina to lw-brian"
