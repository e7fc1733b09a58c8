"""Safeguarding concerns on the team page and a lead's caseload: escalated first, then the
longest waiting; when and on which journey each was raised (never what it is); an
"Acknowledge" form each, its refusal shown at it; and where an acknowledgement returns."""

from __future__ import annotations

from typing import Any

from linkwork_console.app import templates
from linkwork_console.domain.concerns import done_at, home_of, waiting_of
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.identity import Identity


def concern(concern_id: str, status: str, raised_at: str, **fields: Any) -> dict[str, Any]:
    return {
        "concern_id": concern_id,
        "journey_id": f"jny-{concern_id}",
        "status": status,
        "raised_at": raised_at,
        "escalated_at": None,
        **fields,
    }


OPEN = {
    "items": [
        concern("new", "open", "2026-12-04T10:02:00Z"),
        concern("old", "open", "2026-12-04T09:00:00Z"),
    ]
}
ESCALATED = {
    "items": [
        concern("esc", "escalated", "2026-12-04T05:00:00Z", escalated_at="2026-12-04T09:00:00Z")
    ]
}


def test_escalated_concerns_come_first_then_the_longest_waiting() -> None:
    shown = waiting_of([ESCALATED, OPEN])
    assert [c.concern_id for c in shown] == ["esc", "old", "new"]
    assert shown[0].tag == ("Escalated", "nhsuk-tag--red")
    assert shown[0].escalated == "4 December 2026 at 09:00"
    assert shown[2].raised == "4 December 2026 at 10:02" and shown[2].escalated == ""
    assert shown[2].journey_href == "/journeys/jny-new"


def test_an_acknowledgement_returns_to_the_page_that_lists_the_concerns() -> None:
    manager = Identity(sub="mgr", name="M", roles=frozenset({"manager"}))
    lead = Identity(sub="lw", name="L", roles=frozenset({"link_worker"}))
    assert home_of(manager) == "team" and home_of(lead) == "caseload"
    assert done_at("team") == "/team?done=acknowledged#safeguarding"
    assert done_at("notifications") == "/notifications?done=acknowledged"


def section(concerns: Any, form: FormState | None = None, always: bool = True) -> str:
    page = templates().from_string(
        '{% from "components/concerns.html" import concerns_section with context %}'
        "{{ concerns_section(concerns, 'team', always=always) }}"
    )
    return page.render(concerns=concerns, form=form or FormState(), always=always, csrf_token="t")


def test_each_concern_links_its_journey_and_has_an_acknowledge_form() -> None:
    html = section(waiting_of([OPEN]))
    assert 'href="/journeys/jny-old"' in html
    assert 'action="/safeguarding-concerns/old/acknowledge"' in html
    assert 'name="back" value="team"' in html and 'name="csrf_token" value="t"' in html
    assert "Safeguarding concerns" in html and "Open" in html


def test_a_refused_acknowledgement_shows_the_services_reason_at_its_form() -> None:
    said = "The concern was not acknowledged: acknowledged by mgr-leeds at 10:05"
    state = FormState(errors=[FieldError("acknowledge-old", said)], name="acknowledge-old")
    html = section(waiting_of([OPEN]), state)
    assert html.count(said) == 1
    assert 'id="acknowledge-old-error"' in html


def test_none_waiting_says_so_and_a_caseload_without_any_shows_nothing() -> None:
    assert "No safeguarding concerns are waiting" in section([])
    assert "Safeguarding concerns" not in section([], always=False)
    assert "notifications are unavailable" in section(None, always=False)
