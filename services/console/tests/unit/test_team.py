"""The manager's pages' rules: the team dashboard (caseloads against caps, the waiting list,
overdue first contacts), one link worker's caseload, and the link worker form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_console.domain import link_worker_form as form
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.team import (
    ASSIGNED,
    DUPLICATES,
    OVERDUE,
    UNASSIGNED,
    WAITING,
    caseload_rows,
    dashboard_of,
    path_id,
    worker_load,
)

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def worker(wid: str, name: str, cap: int, open_: int, active: bool = True) -> dict[str, Any]:
    return {
        "link_worker_id": wid,
        "name": name,
        "caseload_cap": cap,
        "open_caseload": open_,
        "spare": cap - open_,
        "active": active,
        "practices": ["B86001"],
        "fte": 1.0,
        "email": None,
        "pcn": None,
    }


def referral(rid: str, days_ago: float, **fields: Any) -> dict[str, Any]:
    return {
        "referral_id": rid,
        "status": fields.pop("status", WAITING),
        "urgency": fields.pop("urgency", "routine"),
        "person": {"given_name": "Ada", "family_name": rid.upper()},
        "referrer": {"ods_code": "B86001", "organisation_name": "Burley Park Medical Centre"},
        "received_at": (NOW - timedelta(days=days_ago)).isoformat(),
        **fields,
    }


def page(*items: dict[str, Any], total: int | None = None) -> dict[str, Any]:
    return {"items": list(items), "total": len(items) if total is None else total}


def test_each_caseload_is_told_against_its_cap_in_words_and_as_a_bar() -> None:
    load = worker_load(worker("lw-amina", "Amina Shah", 58, 10))
    assert load.in_words == "10 of 58 places taken"
    assert load.filled_percent == 17 and load.spare == 48 and not load.full


def test_a_caseload_over_its_cap_fills_the_bar_and_says_by_how_much() -> None:
    load = worker_load(worker("lw-brian", "Brian Walker", 4, 6))
    assert load.filled_percent == 100 and load.full and load.over_by == 2


def test_a_worker_with_no_cap_and_no_referrals_has_an_empty_bar() -> None:
    assert worker_load(worker("lw-zed", "Zed", 0, 0)).filled_percent == 0


def test_active_workers_come_first_and_inactive_ones_take_no_spare_places() -> None:
    workers = [worker("lw-dev", "Devon", 23, 0, active=False), worker("lw-amy", "Amy", 10, 4)]
    team = dashboard_of(workers, {}, NOW)
    assert [w.name for w in team.workers] == ["Amy", "Devon"]
    assert team.active_workers == 1 and team.spare == 6 and team.open == 4


def test_the_waiting_list_keeps_the_services_order_and_says_how_long_each_waited() -> None:
    # The referral service reads it urgent first, then the longest waiting (order=waiting).
    waiting = page(
        referral("urgent", 2, urgency="urgent"),
        referral("old", 9),
        referral("new", 1),
    )
    team = dashboard_of([], {WAITING: waiting}, NOW)
    assert [r.referral_id for r in team.waiting.rows] == ["urgent", "old", "new"]
    assert [r.waited for r in team.waiting.rows] == ["2 days", "9 days", "1 day"]
    assert team.waiting.rows[0].urgent and team.waiting.rows[0].href == "/referrals/urgent"


def test_a_referral_received_today_has_waited_less_than_a_day() -> None:
    team = dashboard_of([], {WAITING: page(referral("r", 0.1))}, NOW)
    assert team.waiting.rows[0].waited == "Less than a day"


def test_overdue_first_contacts_say_who_has_them_and_how_overdue() -> None:
    # The referral service lists them (overdue=true), the nearest deadline first.
    due = {"late": NOW - timedelta(days=3), "later": NOW - timedelta(days=1)}
    overdue = page(
        *(
            referral(
                rid,
                10,
                status=ASSIGNED,
                link_worker_id="lw-amina",
                first_contact_due=when.isoformat(),
                first_contact_at=None,
            )
            for rid, when in due.items()
        )
    )
    team = dashboard_of([worker("lw-amina", "Amina Shah", 58, 4)], {OVERDUE: overdue}, NOW)
    assert [r.referral_id for r in team.overdue.rows] == ["late", "later"]
    first = team.overdue.rows[0]
    assert first.overdue_by == "3 days" and first.link_worker == "Amina Shah"
    assert first.due == "30 November 2026"


def test_a_list_longer_than_one_page_says_it_is_cut_short() -> None:
    pages = {
        DUPLICATES: page(referral("d", 1, status="possible_duplicate"), total=250),
        OVERDUE: page(total=300),
        UNASSIGNED: page(referral("r", 0, status="received")),
    }
    team = dashboard_of([], pages, NOW)
    assert team.duplicates.cut_short and team.duplicates.total == 250
    assert team.overdue.cut_short and team.overdue.total == 300
    assert not team.unassigned.cut_short and team.unassigned.total == 1


def test_a_link_workers_caseload_shows_overdue_first_then_urgent() -> None:
    answer = {
        "open": [
            referral("routine", 2, status="accepted", first_contact_at=NOW.isoformat()),
            referral("urgent", 1, status=ASSIGNED, urgency="urgent"),
            referral(
                "overdue",
                9,
                status=ASSIGNED,
                first_contact_due=(NOW - timedelta(days=2)).isoformat(),
            ),
        ]
    }
    rows = caseload_rows(answer, NOW)
    assert [r.referral_id for r in rows] == ["overdue", "urgent", "routine"]
    assert [r.stage for r in rows] == ["Assigned", "Assigned", "On a journey"]


def test_a_link_workers_id_is_one_segment_of_their_pages_address() -> None:
    assert path_id("lw/odd id") == "lw%2Fodd%20id"
    assert worker_load(worker("lw/odd", "Odd", 1, 0)).href == "/team/link-workers/lw%2Fodd"


def typed(**values: str) -> dict[str, str]:
    return {"link_worker_id": "lw-dana", "name": "Dana Ng", "practices": "b86001, B86002"} | values


def test_a_new_link_worker_is_sent_with_blank_optional_fields_left_out() -> None:
    details, problems = form.details_of(typed(fte="0.8", active="yes"))
    assert not problems
    assert form.registration(details) == {
        "link_worker_id": "lw-dana",
        "name": "Dana Ng",
        "practices": ["B86001", "B86002"],
        "fte": 0.8,
        "active": True,
    }


def test_the_form_asks_for_what_it_needs_before_sending_anything() -> None:
    _, problems = form.details_of({"fte": "most days", "caseload_cap": "4.5"})
    assert {p.field for p in problems} == {
        "link_worker_id",
        "name",
        "practices",
        "fte",
        "caseload_cap",
    }
    assert FieldError("fte", "Enter their FTE as a number, like 0.8") in problems


def test_not_a_number_is_not_sent_as_one() -> None:
    _, problems = form.details_of(typed(fte="nan"))
    assert [p.field for p in problems] == ["fte"]


def test_a_change_sends_only_what_differs_from_the_record() -> None:
    current = worker("lw-dana", "Dana Ng", 58, 3) | {"practices": ["B86001", "B86002"]}
    details, _ = form.details_of(typed(fte="1.0", caseload_cap="58", active="yes", pcn="North"))
    assert form.changes(details, current) == {"pcn": "North"}


def test_a_new_fte_with_the_cap_left_as_it_was_lets_the_cap_follow_the_fte() -> None:
    current = worker("lw-dana", "Dana Ng", 58, 3) | {"practices": ["B86001", "B86002"]}
    details, _ = form.details_of(typed(fte="0.5", caseload_cap="58", active="yes"))
    assert form.changes(details, current) == {"fte": 0.5}


def test_a_blank_cap_asks_for_the_cap_the_fte_gives() -> None:
    current = worker("lw-dana", "Dana Ng", 20, 3) | {"practices": ["B86001", "B86002"]}
    details, _ = form.details_of(typed(fte="1.0", caseload_cap="", active="yes"))
    assert form.changes(details, current) == {"fte": 1.0}


def test_unticking_active_and_a_new_cap_are_both_sent() -> None:
    current = worker("lw-dana", "Dana Ng", 58, 3) | {"practices": ["B86001", "B86002"]}
    details, _ = form.details_of(typed(fte="1.0", caseload_cap="30"))
    assert form.changes(details, current) == {"active": False, "caseload_cap": 30}


def test_the_change_form_starts_with_the_record_as_it_is() -> None:
    values = form.values_of(worker("lw-dana", "Dana Ng", 35, 3) | {"fte": 0.6})
    assert values["practices"] == "B86001" and values["fte"] == "0.6"
    assert values["caseload_cap"] == "35" and values["active"] == "yes" and values["email"] == ""


def test_an_id_already_registered_is_said_by_the_user_id_field() -> None:
    refused = FormState(
        values={}, errors=[FieldError(None, "Not registered: link worker 'lw-amina' exists")]
    )
    shown = form.refused(refused, 409, registering=True)
    assert shown.error_for("link_worker_id") == "Not registered: link worker 'lw-amina' exists"


def test_the_services_own_words_are_opened_with_the_fields_name() -> None:
    refused = FormState(
        errors=[
            FieldError("practices", "Value error, not ODS codes: ['XX']"),
            FieldError("fte", "Input should be less than or equal to 1.5"),
        ]
    )
    shown = form.refused(refused, 422)
    assert [e.message for e in shown.errors] == [
        "Practices: not ODS codes: ['XX']",
        "FTE: input should be less than or equal to 1.5",
    ]
