"""Pure rules of assignment, deadlines and lifecycle."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from linkwork_referral.domain.capacity import Candidate, default_caseload_cap, pick_link_worker
from linkwork_referral.domain.lifecycle import InvalidTransition, ensure_allowed
from linkwork_referral.domain.working_days import add_working_days


def worker(name: str, cap: int, open_: int, practices: str = "B86001", active: bool = True):
    return Candidate(name, cap, open_, frozenset(practices.split(",")), active)


@pytest.mark.parametrize(("fte", "cap"), [(1.0, 58), (0.5, 29), (0.2, 12), (0.01, 1)])
def test_default_cap_follows_250_people_a_year_per_fte(fte: float, cap: int) -> None:
    assert default_caseload_cap(fte) == cap


def test_most_spare_capacity_relative_to_cap_wins() -> None:
    # 3 of 4 places free (75%) beats 5 of 10 (50%), though 5 is more places.
    chosen = pick_link_worker([worker("a", 10, 5), worker("b", 4, 1)], "B86001")
    assert chosen is not None and chosen.link_worker_id == "b"


def test_ties_break_on_places_then_id_whatever_the_order() -> None:
    pool = [worker("c", 4, 2), worker("b", 2, 1), worker("a", 4, 2)]
    assert pick_link_worker(pool, "B86001").link_worker_id == "a"  # type: ignore[union-attr]
    assert pick_link_worker(reversed(pool), "B86001").link_worker_id == "a"  # type: ignore[union-attr]


def test_full_inactive_or_other_practice_workers_are_not_eligible() -> None:
    pool = [worker("full", 3, 3), worker("away", 9, 0, active=False), worker("far", 9, 0, "B86009")]
    assert pick_link_worker(pool, "B86001") is None
    assert pick_link_worker(pool, None) is None


def test_working_days_skip_the_weekend() -> None:
    friday = datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert add_working_days(friday, 1).weekday() == 0  # Monday
    assert add_working_days(friday, 5) == datetime(2026, 12, 4, 9, tzinfo=UTC)
    assert add_working_days(friday, 0) == friday


def test_transitions_not_allowed_say_what_is() -> None:
    ensure_allowed("accept", "assigned")
    with pytest.raises(InvalidTransition, match="cannot accept a referral that is declined"):
        ensure_allowed("accept", "declined")
    with pytest.raises(InvalidTransition, match="allowed when it is: assigned"):
        ensure_allowed("accept", "received")


def test_the_steps_offered_follow_the_state_and_who_is_asking() -> None:
    from linkwork_referral.domain.access import allowed_actions
    from linkwork_runtime.auth import Principal

    amina = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="north")
    brian = Principal(sub="lw-brian", roles=frozenset({"link_worker"}), team_id="north")
    manager = Principal(sub="mgr", roles=frozenset({"manager"}), team_id="north")
    other_manager = Principal(sub="mgr-2", roles=frozenset({"manager"}), team_id="south")
    duplicate = {"status": "possible_duplicate", "link_worker_id": "lw-amina", "team_id": "north"}
    closed = {**duplicate, "status": "closed"}
    assert allowed_actions(amina, duplicate) == ["review_duplicate", "withdraw"]
    assert allowed_actions(brian, duplicate) == []
    assert allowed_actions(manager, duplicate) == ["review_duplicate", "withdraw"]
    assert allowed_actions(other_manager, duplicate) == []
    assert allowed_actions(amina, closed) == []


def test_information_governance_sees_every_referral_and_may_take_no_step() -> None:
    from linkwork_referral.domain.access import allowed_actions, can_see, readable_by
    from linkwork_runtime.auth import Principal

    ig = Principal(sub="ig-lead", roles=frozenset({"information_governance"}))
    # A manager of no team who is also IG: reads everything, works on nothing.
    both = Principal(sub="mgr-ig", roles=frozenset({"manager", "information_governance"}))
    referral = {"status": "assigned", "link_worker_id": "lw-amina", "team_id": "north"}
    assert readable_by(ig) == {} and can_see(ig, referral)
    assert allowed_actions(ig, referral) == []
    assert can_see(both, referral) and allowed_actions(both, referral) == []
