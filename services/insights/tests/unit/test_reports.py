"""Each report's figures from facts whose answers were worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from linkwork_insights.domain.connections import connections
from linkwork_insights.domain.counts import referrals_by_month, unmet_needs
from linkwork_insights.domain.disclosure import SUPPRESSED
from linkwork_insights.domain.facts import age_band, district
from linkwork_insights.domain.outcomes import outcomes
from linkwork_insights.domain.periods import filters
from linkwork_insights.domain.statistics import mean_with_interval, percentile
from linkwork_insights.domain.waits import waits
from linkwork_runtime.refusals import Unprocessable


def referral(n: int, month: str, practice: str, **more: object) -> dict[str, object]:
    return {"_id": f"r{n}", "month": month, "practice": practice, "route": "gp", **more}


def test_age_band_and_district_keep_no_birth_date_or_full_postcode() -> None:
    assert age_band(date(1948, 5, 2), date(2026, 5, 1)) == "75+"
    assert age_band(date(1990, 6, 1), date(2026, 5, 31)) == "35-44"
    assert district("ls6 1aa") == "LS6" and district("M1 1AE") == "M1" and district("nope") is None


def test_median_and_90th_percentile_interpolate_between_ranks() -> None:
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == pytest.approx(9.1)


def test_mean_change_interval_uses_students_t() -> None:
    # mean 2, sd 1, n 4: 2 +/- 3.182 * 1 / 2
    found = mean_with_interval([1, 2, 2, 3])
    assert found is not None and found.mean == 2
    assert found.low == pytest.approx(2 - 3.182 * (2 / 3) ** 0.5 / 2)


def test_referrals_by_practice_and_month_with_totals() -> None:
    facts = [referral(i, "2026-01", "B86001") for i in range(6)]
    facts += [referral(10 + i, "2026-02", "B86001") for i in range(7)]
    facts += [referral(20 + i, "2026-01", "B86002") for i in range(5)]
    facts += [referral(30 + i, "2026-02", "B86002") for i in range(8)]
    report = referrals_by_month(facts, ["2026-01", "2026-02"], "practice", 5)
    assert report["rows"] == [
        {"practice": "B86001", "2026-01": 6, "2026-02": 7, "total": 13},
        {"practice": "B86002", "2026-01": 5, "2026-02": 8, "total": 13},
        {"practice": "total", "2026-01": 11, "2026-02": 15, "total": 26},
    ]


def test_referrals_by_reason_count_a_referral_in_each_domain_once_in_the_total() -> None:
    both = [
        referral(i, "2026-01", "B86001", reason_domains=["housing", "loneliness"]) for i in range(5)
    ]
    report = referrals_by_month(both, ["2026-01"], "reason", 5)
    assert report["rows"][-1] == {"reason": "total", "2026-01": 5, "total": 5}
    assert report["rows"][0] == {"reason": "housing", "2026-01": 5, "total": 5}


def test_waits_in_days_median_and_90th_percentile() -> None:
    received = "2026-01-01T00:00:00+00:00"
    facts = [
        {"received_at": received, "assigned_at": f"2026-01-0{1 + d}T00:00:00+00:00"}
        for d in (1, 2, 3, 4, 5)
    ]
    facts += [{"received_at": received}] * 5  # never assigned
    rows = {row["wait"]: row for row in waits(facts, 5)["rows"]}
    assigned = rows["received_to_assigned"]
    assert (assigned["n"], assigned["median_days"], assigned["p90_days"]) == (5, 3.0, 4.6)
    assert (assigned["referrals"], assigned["not_reached"]) == (10, 5)
    contact = rows["received_to_first_contact"]
    assert contact["n"] == 0 and contact["median_days"] is None and contact["not_reached"] == 10


def test_a_wait_whose_not_reached_is_small_hides_its_n_too() -> None:
    received = "2026-01-01T00:00:00+00:00"
    facts = [{"received_at": received, "assigned_at": "2026-01-03T00:00:00+00:00"}] * 6
    facts.append({"received_at": received})  # 7 referrals, 1 never assigned: 7 - 6 gives it
    (assigned, *_) = waits(facts, 5)["rows"]
    assert assigned["not_reached"] == SUPPRESSED and assigned["n"] == SUPPRESSED
    assert assigned["median_days"] is None and assigned["referrals"] == 7


def test_outcomes_closures_goals_and_wellbeing_change() -> None:
    def ended(n: int, reason: str, swemwbs: tuple[float, float] | None) -> dict[str, object]:
        measures = []
        if swemwbs:
            measures = [
                {
                    "measure_id": f"b{n}",
                    "instrument": "SWEMWBS",
                    "kind": "baseline",
                    "on": "2026-01-01",
                    "scores": {"total": swemwbs[0]},
                },
                {
                    "measure_id": f"f{n}",
                    "instrument": "SWEMWBS",
                    "kind": "follow_up",
                    "on": "2026-03-01",
                    "scores": {"total": swemwbs[1]},
                },
            ]
        goals = {"g1": {"status": "achieved"}, "g2": {"status": "set"}}
        return {"_id": f"r{n}", "closure_reason": reason, "goals": goals, "measures": measures}

    facts = [ended(i, "goals_met", (20, 20 + i)) for i in range(1, 6)]  # changes 1..5
    facts += [ended(10 + i, "disengaged", None) for i in range(5)]
    baseline_only = ended(99, "moved_away", None)
    baseline_only["measures"] = [
        {
            "measure_id": "b99",
            "instrument": "SWEMWBS",
            "kind": "baseline",
            "on": "2026-01-01",
            "scores": {"total": 18},
        }
    ]
    report = outcomes([*facts, baseline_only], 5)
    assert report["ended"] == 11
    assert report["closures"] == [
        {"closure_reason": "disengaged", "n": SUPPRESSED},  # the tie broken by name
        {"closure_reason": "goals_met", "n": 5},
        {"closure_reason": "moved_away", "n": SUPPRESSED},
    ]
    assert report["goals"] == {"set": 22, "achieved": 11, "achieved_rate": 0.5}
    (swemwbs,) = [row for row in report["measures"] if row["instrument"] == "SWEMWBS"]
    # changes 1,2,3,4,5: mean 3, sd 1.5811, t(4) 2.776: 3 +/- 1.963
    assert swemwbs["n"] == 5 and swemwbs["mean_change"] == 3.0
    assert (swemwbs["ci95_low"], swemwbs["ci95_high"]) == (1.04, 4.96)
    assert swemwbs["no_follow_up"] == SUPPRESSED  # 1 with a baseline and no follow-up


def test_a_mean_is_not_shown_when_its_n_is_suppressed() -> None:
    facts = [
        {
            "_id": "r1",
            "closure_reason": "goals_met",
            "goals": {},
            "measures": [
                {
                    "measure_id": "b",
                    "instrument": "UCLA3",
                    "kind": "baseline",
                    "on": "2026-01-01",
                    "scores": {"total": 8},
                },
                {
                    "measure_id": "f",
                    "instrument": "UCLA3",
                    "kind": "follow_up",
                    "on": "2026-02-01",
                    "scores": {"total": 5},
                },
            ],
        }
    ]
    (ucla,) = outcomes(facts, 5)["measures"]
    assert ucla["n"] == SUPPRESSED and ucla["mean_change"] is None and ucla["ci95_low"] is None


def test_connections_by_need_and_provider_with_reply_times() -> None:
    links = [
        {
            "need": "loneliness",
            "provider": "org-1",
            "linked_at": "2026-01-01T00:00:00+00:00",
            "answered_at": f"2026-01-0{1 + d}T00:00:00+00:00",
            "accepted_at": "x",
            "attended_sessions": int(d > 2),
        }
        for d in (1, 2, 3, 4, 5, 6)
    ]
    report = connections(links, 5)
    need = report["by_need"][0]
    assert (need["linked"], need["accepted"], need["replies"], need["reply_median_days"]) == (
        6,
        6,
        6,
        3.5,
    )
    assert need["attended"] == SUPPRESSED  # 4 attended
    assert report["by_need"][-1]["attended"] == SUPPRESSED  # and its total, the only other


def test_unmet_needs_by_need_and_district() -> None:
    recorded = [{"need": "housing", "area": "LS6"}] * 6 + [{"need": "housing", "area": "LS7"}] * 2
    recorded += [{"need": "money_and_debt", "area": "LS6"}] * 9 + [
        {"need": "money_and_debt", "area": "LS7"}
    ] * 7
    rows = unmet_needs(recorded, 5)["rows"]
    assert rows[0] == {"need": "housing", "LS6": SUPPRESSED, "LS7": SUPPRESSED, "total": 8}
    assert rows[1] == {"need": "money_and_debt", "LS6": SUPPRESSED, "LS7": SUPPRESSED, "total": 16}
    assert rows[2] == {"need": "total", "LS6": 15, "LS7": 9, "total": 24}


@pytest.mark.parametrize(
    ("first", "last", "where"),
    [("2026-13", "2026-12", "from"), ("2026-01", "26-1", "to"), ("2026-05", "2026-01", "from")],
)
def test_a_bad_month_is_refused_naming_the_parameter(first: str, last: str, where: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        filters(first, last)
    assert refused.value.where == where and where in refused.value.message


def test_when_datetimes_are_stored_as_text_they_compare_in_order() -> None:
    from linkwork_insights.domain.facts import moment

    assert moment(datetime(2026, 1, 2, 9, tzinfo=UTC)) < moment(
        datetime(2026, 1, 10, 8, tzinfo=UTC)
    )
