"""Who sees what: a commissioner their PCN's or ICB's practices, a manager their team; the
filters narrow that and never widen it; the practice file names its faults."""

from __future__ import annotations

import pytest

from linkwork_insights.dev.practices import load_practices
from linkwork_insights.domain.periods import filters
from linkwork_insights.domain.practices import BadPracticeFile, read_practices
from linkwork_insights.domain.scope import criteria, scope_of
from linkwork_runtime.refusals import NotPermitted

SAMPLE = load_practices()
JAN = filters("2026-01", "2026-01")


def test_a_pcn_commissioner_counts_that_pcns_practices_only() -> None:
    scope = scope_of(
        {"commissioner"}, team_id=None, pcn_code="u00001", icb_code="QWO", practices=SAMPLE
    )
    assert scope.practices == {"B86001", "B86003"} and scope.owner == "pcn:U00001"


def test_an_icb_commissioner_counts_every_practice_of_the_icb() -> None:
    scope = scope_of(
        {"commissioner"}, team_id=None, pcn_code=None, icb_code="QWO", practices=SAMPLE
    )
    assert scope.practices == {"B86001", "B86002", "B86003", "B86099"}


def test_asking_for_another_pcns_practice_counts_nothing_and_a_manager_stays_in_the_team() -> None:
    pcn_a = scope_of(
        {"commissioner"}, team_id=None, pcn_code="U00001", icb_code=None, practices=SAMPLE
    )
    assert (
        criteria(pcn_a, filters("2026-01", "2026-01", practice="B86002"), SAMPLE).practices
        == frozenset()
    )
    assert (
        criteria(pcn_a, filters("2026-01", "2026-01", pcn="U00002"), SAMPLE).practices
        == frozenset()
    )
    manager = scope_of(
        {"manager"}, team_id="leeds-north", pcn_code=None, icb_code=None, practices=SAMPLE
    )
    other_team = criteria(manager, filters("2026-01", "2026-01", team="leeds-south"), SAMPLE)
    assert other_team.practices == frozenset() and other_team.team == "leeds-north"
    assert criteria(manager, JAN, SAMPLE).practices is None


@pytest.mark.parametrize(
    "claims", [{"pcn_code": "", "icb_code": None}, {"pcn_code": " ", "icb_code": ""}]
)
def test_a_commissioner_without_an_area_is_refused_not_given_every_area(
    claims: dict[str, str | None],
) -> None:
    with pytest.raises(NotPermitted):
        scope_of({"commissioner"}, team_id="leeds-north", practices=SAMPLE, **claims)


def test_a_practice_file_without_a_code_is_refused_naming_the_line() -> None:
    text = "practice_code,pcn_code,icb_code\nB86001,U00001,QWO\nB86002,,QWO\n"
    with pytest.raises(BadPracticeFile, match="line 3"):
        read_practices(text)
    with pytest.raises(BadPracticeFile, match="icb_code"):
        read_practices("practice_code,pcn_code\nB86001,U00001\n")
