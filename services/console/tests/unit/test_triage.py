"""The triage page's rules: each referral as where and why (never who), the route request
(the manager's own team by default), and what the banner says once it is routed."""

from __future__ import annotations

from datetime import UTC, datetime

from linkwork_console.domain.catchment import refusal, typed_entries, with_added, without
from linkwork_console.domain.triage import district_of, routed_words, routing, triage_of

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_a_referral_in_triage_shows_its_district_route_and_reasons_but_not_the_person() -> None:
    answer = {
        "total": 1,
        "items": [
            {
                "referral_id": "r-1",
                "received_at": "2026-12-01T09:00:00+00:00",
                "route": "self",
                "urgency": "urgent",
                "person": {"given_name": "Pat", "family_name": "Oduya", "postcode": "WF1 2AA"},
                "reasons": [{"text": "I hardly see anyone"}, {"text": "Housing"}],
            }
        ],
    }
    (row,) = triage_of(answer, NOW).rows
    assert (row.route, row.district, row.urgent, row.waited) == (
        "Self-referral",
        "WF1",
        True,
        "2 days",
    )
    assert row.reasons == ["I hardly see anyone", "Housing"]
    assert "Oduya" not in repr(row) and "2AA" not in repr(row)


def test_a_postcode_district_is_read_however_the_postcode_was_written() -> None:
    assert district_of("ls6 1aa") == "LS6"
    assert district_of("LS61AA") == "LS6"
    assert district_of(None) == "Not given"


def test_a_route_goes_to_the_managers_own_team_unless_another_is_typed() -> None:
    assert routing({"team_id": "", "link_worker_id": ""}, "leeds-north") == {
        "team_id": "leeds-north"
    }
    assert routing({"team_id": "leeds-south", "link_worker_id": "lw-sam"}, "leeds-north") == {
        "team_id": "leeds-south",
        "link_worker_id": "lw-sam",
    }


def test_the_banner_says_what_became_of_a_routed_referral() -> None:
    referral = {"status": "assigned", "team_id": "leeds-north", "link_worker_id": "lw-brian"}
    said = routed_words(referral, {"lw-brian": "Brian Walker"})
    assert said == "Referral routed to team leeds-north: assigned to Brian Walker"
    waiting = routed_words({"status": "awaiting_capacity", "team_id": "leeds-north"}, {})
    assert waiting == "Referral routed to team leeds-north: waiting for a place"


def test_entries_typed_with_commas_are_added_after_the_kept_ones_and_one_is_removed() -> None:
    assert typed_entries("ls27,  LS28  5;\n") == ["ls27", "LS28 5"]
    assert with_added(["LS6"], ["LS27"]) == ["LS6", "LS27"]
    assert without(["LS6", "LS7"], "LS6") == ["LS7"]


def test_a_refused_entry_is_named_without_quotes_next_to_the_add_box() -> None:
    bad = {
        "detail": {
            "error": "unprocessable",
            "message": "entries[1]: 'LS6 1AA' is not a postcode area (LS), district (LS6) or "
            "sector (LS6 1)",
            "where": "entries[1]",
        }
    }
    error = refusal(bad, ["LS6", "LS6 1AA"])
    assert error.field == "entry"
    assert error.message.startswith("LS6 1AA is not a postcode area (LS)")
    claimed = {
        "detail": {
            "error": "catchment_claimed",
            "message": "entries: BD1 is already in team leeds-south's catchment; one team keeps",
            "where": "entries",
        }
    }
    assert refusal(claimed, ["LS6", "BD1"]).message.startswith(
        "BD1 is already in team leeds-south's catchment"
    )
