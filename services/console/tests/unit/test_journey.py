"""A journey as its page shows it: words for the service's codes, the person, what matters,
goals by how they stand, and the summary once closed."""

from __future__ import annotations

from datetime import date

from linkwork_console.domain import journey as rules
from linkwork_schemas.common import NeedDomain

JOURNEY = {
    "journey_id": "j-1",
    "status": "open",
    "person": {
        "given_name": "Amina",
        "family_name": "Okafor",
        "birth_date": "1940-06-16",
        "nhs_number": "9650355359",
        "postcode": "LS3 9ZP",
        "address_lines": [],
    },
    "started_at": "2026-12-03T12:42:01Z",
    "link_worker_id": "lw-amina",
    "assessments": [
        {
            "needs": [{"domain": "housing", "priority": "low"}],
            "barriers": [],
            "at": "2026-11-01T10:00:00Z",
            "assessed_by": "lw-amina",
        },
        {
            "needs": [
                {"domain": "physical_activity", "priority": "medium"},
                {"domain": "loneliness", "priority": "high"},
            ],
            "barriers": ["no transport"],
            "at": "2026-12-03T10:00:00Z",
            "assessed_by": "lw-amina",
        },
    ],
    "goals": [
        {
            "goal_id": "g1",
            "description": "Join the walking group",
            "need_domain": "physical_activity",
            "status": "open",
            "updates": [{"note": "Looked up the route", "at": "2026-12-03T11:00:00Z"}],
        },
        {
            "goal_id": "g2",
            "description": "Benefits check",
            "status": "achieved",
            "outcome_note": "Done at the drop-in",
            "updates": [
                {
                    "status": "achieved",
                    "outcome_note": "Done at the drop-in",
                    "at": "2026-12-04T11:00:00Z",
                }
            ],
        },
        {
            "goal_id": "g3",
            "description": "Swimming",
            "status": "abandoned",
            "outcome_note": "Pool closed",
            "updates": [
                {"status": "abandoned", "outcome_note": "Pool closed", "at": "2026-12-05T11:00:00Z"}
            ],
        },
    ],
}


def test_every_need_domain_of_the_journey_service_has_words() -> None:
    assert set(rules.NEED_DOMAINS) == {d.value for d in NeedDomain}
    assert rules.need_words("money_and_debt") == "Money and debt"


def test_an_unknown_need_is_still_readable() -> None:
    assert rules.need_words("gardening_club") == "Gardening club"


def test_the_person_is_shown_with_their_age_today() -> None:
    rows = dict(rules.person_rows(JOURNEY, date(2026, 12, 3)))
    assert rows["Date of birth"] == "16 June 1940 (aged 86)"
    assert rows["NHS number"] == "965 035 5359"
    assert rows["Address"] == "LS3 9ZP"
    assert rows["Email"] == "Not given"


def test_age_turns_on_the_birthday() -> None:
    assert rules.age_on("1940-06-16", date(2026, 6, 15)) == 85
    assert rules.age_on("1940-06-16", date(2026, 6, 16)) == 86
    assert rules.age_on(None, date(2026, 6, 16)) is None


def test_the_latest_assessment_comes_first_and_earlier_ones_are_kept() -> None:
    shown = rules.assessments_of(JOURNEY)
    assert [n.name for n in shown[0].needs] == ["Physical activity", "Loneliness"]
    assert shown[0].needs[1].priority == "High"
    assert shown[0].barriers == ["no transport"]
    assert shown[1].on == "1 November 2026"


def test_support_is_first_searched_for_what_matters_most() -> None:
    assert rules.first_need(JOURNEY) == "loneliness"
    assert rules.first_need({"assessments": []}) is None


def test_goals_are_sorted_by_how_they_stand_with_their_updates_in_words() -> None:
    goals = rules.goals_of(JOURNEY)
    assert [g.goal_id for g in goals.open] == ["g1"]
    assert goals.open[0].need == "Physical activity"
    assert goals.open[0].updates[0].note == "Looked up the route"
    assert goals.achieved[0].updates[0].note == "Achieved: Done at the drop-in"
    assert goals.abandoned[0].tag[0] == "Abandoned"
    assert goals.abandoned[0].outcome_note == "Pool closed"


def test_an_open_journey_has_no_summary_yet() -> None:
    assert rules.summary_of(JOURNEY) is None
    assert rules.status_of(JOURNEY)[0] == "Open"


def test_a_closed_journey_shows_the_summary_sent_back() -> None:
    closed = {
        **JOURNEY,
        "status": "closed",
        "closure_reason": "goals_met",
        "closed_at": "2027-02-01T10:00:00Z",
        "summary": {
            "needs": ["loneliness"],
            "goals": [
                {"description": "Join the walking group", "status": "achieved", "note": "Tuesdays"}
            ],
            "services_linked": ["Kirkstall Abbey Health Walk"],
            "services_attended": [],
            "contacts": 4,
        },
    }
    summary = rules.summary_of(closed)
    assert summary is not None
    assert summary.reason == "Their goals are met"
    assert summary.closed_on == "1 February 2027"
    assert summary.needs == ["Loneliness"]
    assert summary.goals == [("Join the walking group", "Achieved", "Tuesdays")]
    assert summary.contacts == 4
    assert rules.status_of(closed)[0] == "Closed"
