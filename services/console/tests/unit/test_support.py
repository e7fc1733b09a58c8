"""Finding support: the search as typed, each result as a link worker weighs it, and each
link of the journey with the provider's answer in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from linkwork_console.domain import support


@dataclass
class Posted:
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default).strip()

    def getlist(self, name: str) -> list[str]:
        return [self.fields[name]] if name in self.fields else []


FOUND = {
    "service": {
        "id": "s-1",
        "name": "Debt Advice Service",
        "description": "Budgeting",
        "minimum_age": 18,
    },
    "organization": {"id": "o-1", "name": "Leeds Money and Benefits Advice"},
    "needs": ["Debt advice"],
    "distance_m": 1629,
    "nearest_location": {"name": "City Advice Hub", "postcode": "LS2 7JL"},
    "schedules": [{"byday": "TU,TH", "opens_at": "09:30:00", "closes_at": "16:30:00"}],
    "capacity": {"capacity_total": 20, "capacity_available": 12, "places_in_use": 8, "full": False},
    "provider": {"links_considered": 10, "median_reply_hours": 5.5, "acceptance_rate": 0.8},
}


def test_the_search_is_read_as_typed_and_sent_without_empty_fields() -> None:
    search, errors = support.search_from(
        Posted({"need": "money_and_debt", "postcode": "ls6 1qp", "day": "TU", "age": "70"})
    )
    assert errors == []
    assert search.params == {
        "need": "money_and_debt",
        "postcode": "LS6 1QP",
        "day": "TU",
        "age": 70,
        "per_page": support.PER_PAGE,
    }
    assert search.criteria == {
        "need": "money_and_debt",
        "postcode": "LS6 1QP",
        "day": "TU",
        "age": 70,
    }


def test_an_age_that_is_not_a_number_is_refused_and_unknown_lists_left_out() -> None:
    search, errors = support.search_from(
        Posted({"age": "seventy", "need": "astrology", "day": "XX"})
    )
    assert [e.field for e in errors] == ["age"]
    assert search.need == "" and search.day == ""


def test_a_result_says_how_far_when_places_and_how_the_provider_answers() -> None:
    result = support.result_of(FOUND)
    assert result.distance == "1.0 miles away"
    assert result.place == "City Advice Hub, LS2 7JL"
    assert result.times == ["Tuesdays and Thursdays, 9:30am to 4:30pm"]
    assert result.places == "12 of 20 places free" and not result.full
    assert result.reply == "Usually replies within 6 hours and accepts 80% of links (of 10)"
    assert result.ages == "Ages 18 and over"


def test_a_service_with_no_place_is_by_phone_or_online() -> None:
    result = support.result_of({**FOUND, "distance_m": None, "nearest_location": None})
    assert result.distance == "No place to go: by phone or online"
    assert result.place == ""


def test_places_full_or_not_counted() -> None:
    assert support.places_words({"capacity_total": 8, "capacity_available": 0, "full": True}) == (
        "Full: all 8 places are taken",
        True,
    )
    assert support.places_words({"capacity_total": None}) == ("Places are not counted", False)


def test_a_provider_with_no_answers_yet_says_so() -> None:
    assert (
        support.reply_words({"links_considered": 0}) == "No answered links yet in the last 90 days"
    )
    assert support.reply_words({"median_reply_hours": 72, "acceptance_rate": None}) == (
        "Usually replies within 3 days"
    )
    assert support.reply_words({"median_reply_hours": 0.0}) == "Usually replies within an hour"
    assert support.reply_words({"median_reply_hours": 1.2}) == "Usually replies within 1 hour"


def test_schedules_and_ages_in_words() -> None:
    assert support.schedule_words({"byday": "MO,WE,FR", "opens_at": "13:00"}) == (
        "Mondays, Wednesdays and Fridays, 1pm"
    )
    assert (
        support.schedule_words({"description": "First Sunday of the month"})
        == "First Sunday of the month"
    )
    assert support.ages_words({"minimum_age": 16, "maximum_age": 25}) == "Ages 16 to 25"
    assert support.ages_words({}) == "All ages"
    assert support.distance_words(50) == "less than 0.1 miles away"


LINK = {
    "link_id": "l-1",
    "service_id": "s-1",
    "service_name": "Kirkstall Abbey Health Walk",
    "need_domain": "physical_activity",
    "note": "Tuesdays suit her",
    "linked_at": "2026-12-03T10:00:00Z",
    "expires_at": "2026-12-17T10:00:00Z",
    "answered_at": None,
    "attendances": [],
}


def test_each_link_says_where_it_stands_and_the_providers_answer() -> None:
    pending = support.link_of({**LINK, "status": "pending"})
    assert pending.tag[0] == "Waiting for an answer"
    assert pending.answer == "Not answered yet: the request expires on 17 December 2026"
    assert pending.need == "Physical activity"
    accepted = support.link_of(
        {**LINK, "status": "accepted", "answered_at": "2026-12-04T09:00:00Z"}
    )
    assert accepted.answer == "Accepted on 4 December 2026: they will contact them"
    declined = support.link_of(
        {
            **LINK,
            "status": "declined",
            "answered_at": "2026-12-04T09:00:00Z",
            "reason": "Full until March",
        }
    )
    assert declined.answer == "Declined on 4 December 2026: Full until March"
    attending = support.link_of(
        {**LINK, "status": "attending", "attendances": [{}, {}], "last_attended_on": "2026-12-10"}
    )
    assert attending.answer == "Attended 2 times, last on 10 December 2026"
    assert (
        support.link_of({**LINK, "status": "ended", "end_reason": "Moved"}).answer == "Ended: Moved"
    )
    assert support.link_of({**LINK, "status": "expired"}).tag[0] == "Expired: no answer"


def test_the_line_after_linking_names_the_service() -> None:
    links = [support.link_of({**LINK, "status": "pending"})]
    assert support.linked_words(links, "s-1") == (
        "Linked to Kirkstall Abbey Health Walk: the provider will be asked"
    )
    assert support.linked_words([], "s-9") == "Linked to the service: the provider will be asked"
