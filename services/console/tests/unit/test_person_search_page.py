"""The "Find a person" page as its template writes it: the search field keeps what was
typed; the service's reason for refusing a search is the NHS.UK error summary and the field's
inline error; an empty result says "No one found" with what to try; a cut-short result asks
to narrow the search; more than one page has the NHS.UK pagination, keeping the search."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from linkwork_console.app import templates
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.person_search import Found, Search, found_of

TODAY = date(2026, 12, 3)
AMINA = {
    "risk_flags": [{"flag_id": "f1", "kind": "do_not_visit_alone", "description": "Pairs"}],
    "person": {
        "given_name": "Amina",
        "family_name": "Patel",
        "birth_date": "1950-03-14",
        "nhs_number": "9434765919",
        "postcode": "LS6 1AA",
    },
    "open_referral": {
        "referral_id": "ref-2",
        "status": "accepted",
        "received_at": "2026-11-20T09:30:00Z",
        "journey_id": "jny-9",
    },
    "referrals": [{"referral_id": "ref-2", "status": "accepted", "journey_id": "jny-9"}],
}


def page(search: Search, found: Found | None, *errors: FieldError) -> str:
    request = SimpleNamespace(state=SimpleNamespace(csp_nonce="n"), url=SimpleNamespace(path="/"))
    form = FormState(values={"q": search.q}, errors=list(errors), name="search")
    context: dict[str, Any] = {
        "nav": [],
        "current_path": "/people",
        "title": "Find a person",
        "scope": "on your caseload",
    }
    template = templates().get_template("people/page.html")
    return template.render(request=request, search=search, found=found, form=form, **context)


def answer(total: int, page: int = 1, **fields: Any) -> Found:
    items = fields.pop("items", [AMINA])
    envelope = {"total": total, "page": page, "per_page": 20, "items": items, **fields}
    return found_of(envelope, TODAY)


def test_a_person_found_has_her_details_flags_and_links_to_her_referral_and_journey() -> None:
    html = page(Search("ami pat"), answer(1))
    assert 'value="ami pat"' in html
    assert "1 person found" in html
    assert "943 476 5919" in html and "14 March 1950" in html and "Age 76" in html
    assert "Do not visit alone" in html and "Accepted" in html
    assert 'href="/referrals/ref-2"' in html and 'href="/journeys/jny-9"' in html
    assert "nhsuk-pagination" not in html


def test_a_refused_search_has_the_error_summary_and_the_inline_error_on_the_field() -> None:
    reason = "The NHS number is not valid (its check digit does not match)"
    html = page(Search("943 476 5918"), None, FieldError("q", reason))
    assert "<title>Error: Find a person" in html
    assert "nhsuk-error-summary" in html and 'href="#q"' in html
    assert 'id="q-error"' in html and html.count(reason) == 2  # the summary and the field
    assert "No one found" not in html


def test_no_one_found_says_what_to_try() -> None:
    html = page(Search("zzz"), answer(0, items=[]))
    assert "No one found" in html
    assert "You can only find people on your caseload" in html
    assert "the start of their given or family name is enough" in html


def test_a_cut_short_result_asks_to_narrow_the_search() -> None:
    assert "Narrow your search" in page(Search("a"), answer(1, truncated=True))
    assert "Narrow your search" not in page(Search("a"), answer(1, truncated=False))


def test_more_than_one_page_has_pagination_that_keeps_the_search() -> None:
    html = page(Search("pat", 2), answer(45, page=2))
    assert "nhsuk-pagination" in html
    assert 'href="/people?q=pat&amp;page=1"' in html and 'href="/people?q=pat&amp;page=3"' in html
    assert "Page 3 of 3" in html
