"""Who reads which journeys: the rule on its own, without the service around it."""

from __future__ import annotations

from typing import Any

import pytest

from linkwork_journey.domain.access import can_read, journey_scope, narrow, scope_of, workable
from linkwork_runtime.auth import Principal
from linkwork_runtime.refusals import NotPermitted

AMINA = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="team-leeds")
BOB = Principal(sub="lw-bob", roles=frozenset({"link_worker"}), team_id="team-leeds")
LEEDS = Principal(sub="mgr-leeds", roles=frozenset({"manager"}), team_id="team-leeds")
YORK = Principal(sub="mgr-york", roles=frozenset({"manager"}), team_id="team-york")
EVERY_TEAM = Principal(sub="mgr-all", roles=frozenset({"manager"}))
PROVIDER = Principal(sub="prov-1", roles=frozenset({"provider"}), team_id="team-leeds")
IG = Principal(sub="ig-lead", roles=frozenset({"information_governance"}))

JOURNEY: dict[str, Any] = {"_id": "j-1", "link_worker_id": "lw-amina", "team_id": "team-leeds"}


def test_a_link_worker_is_scoped_to_their_own_journeys() -> None:
    assert journey_scope(AMINA) == {"link_worker_id": "lw-amina"}


def test_a_manager_is_scoped_to_their_team_and_to_nothing_without_one() -> None:
    assert journey_scope(LEEDS) == {"team_id": "team-leeds"}
    assert journey_scope(EVERY_TEAM) is None  # a missing team claim is no team


def test_other_roles_have_no_scope() -> None:
    assert journey_scope(PROVIDER) is None


def test_a_manager_who_also_works_cases_keeps_the_team_view() -> None:
    both = Principal(sub="mgr-lw", roles=frozenset({"manager", "link_worker"}), team_id="t-1")
    assert journey_scope(both) == {"team_id": "t-1"}


@pytest.mark.parametrize(
    ("principal", "readable"),
    [
        (AMINA, True),
        (BOB, False),
        (LEEDS, True),
        (YORK, False),
        (EVERY_TEAM, False),
        (PROVIDER, False),
    ],
)
def test_who_can_read_a_journey(principal: Principal, readable: bool) -> None:
    assert can_read(principal, JOURNEY) is readable


def test_a_journey_without_a_team_is_read_only_by_its_link_worker() -> None:
    teamless = JOURNEY | {"team_id": None}
    assert not can_read(LEEDS, teamless)
    assert not can_read(EVERY_TEAM, teamless)
    assert can_read(AMINA, teamless)


def test_narrow_keeps_what_was_asked_within_the_scope() -> None:
    asked = {"status": "open", "referral_id": None, "link_worker_id": "lw-amina"}
    assert narrow({"team_id": "team-leeds"}, asked) == {
        "status": "open",
        "link_worker_id": "lw-amina",
        "team_id": "team-leeds",
    }
    assert narrow({"link_worker_id": "lw-amina"}, asked) == {
        "status": "open",
        "link_worker_id": "lw-amina",
    }


def test_narrow_never_widens_or_replaces_a_scope() -> None:
    assert narrow({"link_worker_id": "lw-bob"}, {"link_worker_id": "lw-amina"}) is None
    assert narrow({}, {"link_worker_id": "lw-amina"}) == {"link_worker_id": "lw-amina"}


def test_information_governance_reads_every_journey_and_works_on_none() -> None:
    assert can_read(IG, JOURNEY) and can_read(IG, JOURNEY | {"team_id": None})
    assert scope_of(IG) == {}
    with pytest.raises(NotPermitted):
        workable(IG, JOURNEY, "j-1")


def test_a_manager_who_is_also_information_governance_works_only_on_their_team() -> None:
    both = Principal(
        sub="mgr-ig", roles=frozenset({"manager", "information_governance"}), team_id="team-york"
    )
    assert can_read(both, JOURNEY)
    with pytest.raises(NotPermitted):
        workable(both, JOURNEY, "j-1")
