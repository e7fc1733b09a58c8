"""Who may link a journey: the journey service's rule, applied to the directory's record."""

from __future__ import annotations

from linkwork_directory.domain.journeys import may_link, reassigned_owner
from linkwork_runtime.auth import Principal
from linkwork_schemas.journey import JourneyReassignedPayload

JOURNEY = {"journey_id": "j-1", "link_worker_id": "lw-amina", "team_id": "leeds-north"}


def caller(sub: str, role: str, team_id: str | None = None) -> Principal:
    return Principal(sub=sub, roles=frozenset({role}), team_id=team_id)


def test_the_journeys_link_worker_may_link_it_and_a_colleague_may_not() -> None:
    assert may_link(caller("lw-amina", "link_worker"), JOURNEY)
    assert not may_link(caller("lw-brian", "link_worker", "leeds-north"), JOURNEY)


def test_a_manager_may_link_their_teams_journeys_only() -> None:
    assert may_link(caller("mgr-north", "manager", "leeds-north"), JOURNEY)
    assert not may_link(caller("mgr-south", "manager", "leeds-south"), JOURNEY)
    assert not may_link(caller("mgr-all", "manager"), JOURNEY)  # no team claim: no team


def test_providers_and_ops_never_link() -> None:
    for role in ("provider", "ops", "directory_manager"):
        assert not may_link(caller("lw-amina", role, "leeds-north"), JOURNEY)


def test_a_reassigned_journey_is_linked_by_its_new_worker_and_team_not_the_old() -> None:
    handover = JourneyReassignedPayload(
        journey_id="j-1",
        referral_id="r-1",
        link_worker_id="lw-brian",
        team_id="leeds-south",
        reassigned_from="lw-amina",
        reassigned_by="mgr-north",
    )
    moved = {**JOURNEY, **reassigned_owner(handover)}
    assert may_link(caller("lw-brian", "link_worker"), moved)
    assert may_link(caller("mgr-south", "manager", "leeds-south"), moved)
    assert not may_link(caller("lw-amina", "link_worker", "leeds-north"), moved)
    assert not may_link(caller("mgr-north", "manager", "leeds-north"), moved)
