"""Pure rules of links, capacity, provider responsiveness, unmet-need reports, ORUK feeds and
pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.capacity import Capacity, ServiceFull
from linkwork_directory.domain.changes import changed_fields
from linkwork_directory.domain.links import (
    InvalidLinkStep,
    can_answer,
    can_see,
    ensure_allowed,
    link_scope,
)
from linkwork_directory.domain.responsiveness import LinkOutcome, responsiveness
from linkwork_directory.domain.unmet_needs import age_band, summarise
from linkwork_directory.oruk import build
from linkwork_directory.oruk.feed import FeedError, parse_feed, with_ids
from linkwork_directory.oruk.page import page
from linkwork_runtime.paging import PageRequest

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Caller:
    sub: str
    roles: frozenset[str]
    team_id: str | None = None
    organization_id: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles


def test_capacity_is_taken_until_full_and_given_back() -> None:
    capacity = Capacity(2, 0).taking_one("Lunch club").taking_one("Lunch club")
    assert capacity.full and capacity.available == 0
    with pytest.raises(ServiceFull, match="2 of 2 places"):
        capacity.taking_one("Lunch club")
    assert capacity.giving_back_one().available == 1
    assert not Capacity(None, 40).full and Capacity(None, 0).available is None
    assert Capacity(1, 3).available == 0  # a lowered total never goes negative


def test_link_steps_follow_the_link_state_and_providers_see_only_their_own() -> None:
    ensure_allowed("accept", "pending")
    with pytest.raises(InvalidLinkStep, match="allowed when it is accepted or attending"):
        ensure_allowed("attend", "pending")
    link = {"organization_id": "org-1", "link_worker_id": "lw-1", "team_id": "north"}
    provider = Caller("p", frozenset({"provider"}), organization_id="org-1")
    other = Caller("q", frozenset({"provider"}), organization_id="org-2")
    manager = Caller("m", frozenset({"manager"}), team_id="north")
    assert can_answer(provider, link) and not can_answer(other, link)
    assert can_see(manager, link) and not can_see(other, link)
    assert not can_answer(Caller("lw-1", frozenset({"link_worker"})), link)


def test_a_manager_whose_token_names_no_team_sees_no_link_not_every_link() -> None:
    """Found by the access suite: an empty (or missing) team claim saw every team's links."""
    link = {"organization_id": "org-1", "link_worker_id": "lw-1", "team_id": "north"}
    for no_team in ("", None):
        manager = Caller("m", frozenset({"manager"}), team_id=no_team)
        assert link_scope(manager) is None
        assert not can_see(manager, link)


def test_responsiveness_counts_answers_and_expiries_not_pending_links() -> None:
    outcomes = [
        LinkOutcome("accepted", T0, T0 + timedelta(hours=2)),
        LinkOutcome("completed", T0, T0 + timedelta(hours=10)),
        LinkOutcome("declined", T0, T0 + timedelta(hours=30)),
        LinkOutcome("expired", T0, None),
        LinkOutcome("pending", T0, None),
    ]
    assert responsiveness(outcomes) == {
        "links_considered": 4,
        "median_reply_hours": 10.0,
        "acceptance_rate": 0.5,
    }
    assert responsiveness([])["acceptance_rate"] is None


def test_unmet_needs_are_banded_and_summed_by_need_and_area() -> None:
    assert [age_band(a) for a in (16, 18, 34, 64, 65, 90)] == [
        "0-17",
        "18-24",
        "25-34",
        "55-64",
        "65+",
        "65+",
    ]
    rows = [
        {"need_domain": "housing", "area": "LS6", "age_band": "65+", "count": 2},
        {"need_domain": "housing", "area": "LS7", "age_band": None, "count": 1},
        {"need_domain": "caring", "area": "LS6", "age_band": "25-34", "count": 1},
    ]
    summary = summarise(rows)
    assert summary["total"] == 4
    assert summary["by_need"][0] == {"need_domain": "housing", "count": 3}
    assert summary["by_area"][0] == {"area": "LS6", "count": 3}
    assert [(r["need_domain"], r["area"], r["age_bands"]) for r in summary["by_need_and_area"]] == [
        ("housing", "LS6", {"65+": 2}),
        ("caring", "LS6", {"25-34": 1}),
        ("housing", "LS7", {"unknown": 1}),
    ]


def test_feeds_are_flattened_and_refused_with_the_path_of_the_problem() -> None:
    org = build.organization("o", "Org", "About")
    service = build.service(
        "s",
        "Walk",
        "Walks",
        org,
        locations=[build.location("l", "Park", "Park Lane", "LS8 2ER", 53.83, -1.50)],
    )
    bundle = Bundle()
    for item, where in parse_feed({"contents": [service]}):
        bundle.add(item, where)
    assert bundle.counts() == {
        "organizations": 1,
        "services": 1,
        "locations": 1,
        "service_at_locations": 1,
        "taxonomies": 0,
        "taxonomy_terms": 0,
    }
    broken = {**service, "service_at_locations": [{"id": build.stable_id("x")}]}
    with pytest.raises(FeedError) as refused:
        parse_feed([service, broken])
    assert refused.value.where == "$[1].service_at_locations[0]"
    assert with_ids({"name": "x", "schedules": [{"byday": "MO"}]})["schedules"][0]["id"]


def test_changes_ignore_absent_versus_null_and_pages_flag_their_ends() -> None:
    assert changed_fields({"a": 1, "b": None}, {"a": 2}) == ["a"]
    assert page([], 0, PageRequest(1, 10)) | {"contents": []} == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
