"""A journey's care record in a real browser (Debian's Chromium) against the whole stack: a
risk flag raised is the first thing on the journey page, and once its review is due it is on
the link worker's caseload and her manager's team page until it is reviewed; a flag form
missing its description comes back with the NHS.UK error summary naming the field and what
was typed kept; a manager's restricted note is not shown to the link worker, while an open
one is; a corrected note shows the correction over the earlier version, struck through.
Every page passes the axe check.

Each test starts a journey of its own (a referral of the link worker's accepted through the
referral service's API, as her "accept" button does), so they share the module's stack."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from linkwork_console.domain.journey_times import LONDON

AMINA, MANAGER = "lw-amina", "mgr-leeds"
HER_PRACTICE = "B86001"  # shared with lw-chloe: sent again until one is hers


@dataclass(frozen=True)
class Journey:
    journey_id: str
    name: str

    @property
    def page(self) -> str:
        return f"/journeys/{self.journey_id}"


def her_journey(console_stack: Any) -> Journey:
    """A journey of hers: she reaches the person, they agree, the journey service starts it."""
    referral = console_stack.fresh_referral(AMINA, HER_PRACTICE, "Care")
    found = console_stack.journey_for(referral["referral_id"], AMINA)
    person = referral["person"]
    return Journey(found["journey_id"], f"{person['given_name']} {person['family_name']}")


def today() -> date:
    return datetime.now(LONDON).date()


def open_form(visit: Any, details: str) -> None:
    """Open a form folded in an NHS.UK details element, if it is folded."""
    if visit.page.locator(f"#{details}").get_attribute("open") is None:
        visit.page.locator(f"#{details} > summary").click()


def fill_date(visit: Any, form: str, field: str, day: date) -> None:
    for box, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        visit.page.fill(f"#{form}-{field}-{box}", str(value))


def banner(visit: Any) -> str:
    """What the page says was done (the NHS.UK success banner), or why not."""
    said = visit.page.locator(".nhsuk-notification-banner, .nhsuk-error-summary").first
    return str(said.inner_text()).strip()


def main_text(visit: Any) -> str:
    return str(visit.page.locator("main").inner_text())


def raise_flag(visit: Any, kind: str, description: str, review_on: date) -> None:
    open_form(visit, "flag-details")
    visit.page.check(f"#flag input[name=kind][value={kind}]")
    visit.page.fill("#flag-description", description)
    fill_date(visit, "flag", "review_on", review_on)
    visit.page.locator("#flag").get_by_role("button", name="Raise risk flag").click()


def add_note(visit: Any, category: str, text: str, *, restricted: bool = False) -> None:
    open_form(visit, "note-details")
    visit.page.check(f"#note input[name=category][value={category}]")
    visit.page.fill("#note-text", text)
    if restricted:
        visit.page.check("#note-restricted")
    visit.page.locator("#note").get_by_role("button", name="Add note").click()
    assert "Note added" in banner(visit)


def due_row(visit: Any, journey: Journey) -> Any:
    return visit.page.locator(f"#flags-due tr[data-journey-id='{journey.journey_id}']")


def test_a_do_not_visit_alone_flag_is_read_first_and_is_due_on_her_caseload_until_reviewed(
    visitor: Any, console_stack: Any
) -> None:
    journey = her_journey(console_stack)
    amina = visitor()
    amina.sign_in(AMINA)
    page = amina.page
    page.goto(journey.page)
    assert "No risk flags" in page.locator("#risk-flags").inner_text()

    raise_flag(
        amina, "do_not_visit_alone", "Visit in pairs: a relative has been aggressive", today()
    )

    assert "Risk flag raised" in banner(amina)
    flag = page.locator("#risk-flags .nhsuk-card--warning")
    assert flag.count() == 1
    said = flag.inner_text()
    assert "Do not visit alone" in said and "a relative has been aggressive" in said, said
    assert "Review due" in said and f"Raised by {AMINA}" in said, said
    # First on the page: right under her name, before why she was referred and the rest.
    assert page.evaluate("document.querySelector('main h1').nextElementSibling.id") == "risk-flags"
    flag_top = flag.bounding_box()["y"]
    assert flag_top < page.locator("#why-referred").bounding_box()["y"]
    assert flag_top < page.locator("#case-notes").bounding_box()["y"]
    amina.step("journey-flag-raised")

    # Its review is due today: her caseload and her manager's team page list it.
    page.goto("/caseload")
    assert journey.name in due_row(amina, journey).inner_text()
    assert "Do not visit alone" in due_row(amina, journey).inner_text()
    amina.step("caseload-flag-due")
    manager = visitor("manager")
    manager.sign_in(MANAGER)
    manager.page.goto("/team")
    assert AMINA in due_row(manager, journey).inner_text()
    manager.step("team-flag-due")

    # She follows the link, reviews the flag and keeps it: due again in two months.
    due_row(amina, journey).get_by_role("link").click()
    flag_id = flag.get_attribute("data-flag-id")
    open_form(amina, f"flag-details-{flag_id}")
    amina.step("journey-flag-review-form")
    review = f"review-{flag_id}"
    page.fill(f"#{review}-note", "Spoke to the GP: still visit in pairs")
    fill_date(amina, review, "next_review_on", today() + timedelta(days=60))
    page.locator(f"#{review}").get_by_role(
        "button", name="Keep the flag and record the review"
    ).click()
    assert "Risk flag reviewed" in banner(amina)
    said = flag.inner_text()
    assert "Review due" not in said and "Spoke to the GP: still visit in pairs" in said, said
    amina.step("journey-flag-reviewed")
    page.goto("/caseload")
    assert due_row(amina, journey).count() == 0


def test_a_flag_without_a_description_comes_back_with_the_field_named_and_what_was_typed(
    visit: Any, console_stack: Any
) -> None:
    journey = her_journey(console_stack)
    visit.sign_in(AMINA)
    visit.page.goto(journey.page)
    review_on = today() + timedelta(days=30)

    raise_flag(visit, "lone_working", "", review_on)

    summary = visit.page.locator(".nhsuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    link = summary.get_by_role("link", name="Enter what the risk is and what to do about it")
    assert link.get_attribute("href") == "#flag-description"
    message = visit.page.locator("#flag-description-error").inner_text()
    assert "Enter what the risk is and what to do about it" in message
    # The form is open again with what she chose and typed.
    assert visit.page.locator("#flag-details").get_attribute("open") is not None
    assert visit.page.is_checked("#flag input[name=kind][value=lone_working]")
    assert visit.page.input_value("#flag-review_on-year") == str(review_on.year)
    assert visit.page.title().startswith("Error:")
    visit.step("flag-form-error")
    link.click()
    assert visit.page.evaluate("document.activeElement.id") == "flag-description"
    with console_stack.api("journey", AMINA, "link_worker") as api:
        assert api.get(journey.page).json()["risk_flags"] == []  # nothing was sent


def test_a_managers_restricted_note_is_not_shown_to_the_link_worker_but_an_open_one_is(
    visitor: Any, console_stack: Any
) -> None:
    journey = her_journey(console_stack)
    restricted = f"Safeguarding strategy meeting booked {uuid.uuid4().hex[:6]}"
    open_note = f"Discussed in supervision {uuid.uuid4().hex[:6]}"
    manager = visitor("manager")
    manager.sign_in(MANAGER)
    manager.page.goto(journey.page)
    add_note(manager, "safeguarding", restricted, restricted=True)
    add_note(manager, "case_discussion", open_note)
    notes = manager.page.locator("#case-notes").inner_text()
    assert restricted in notes and open_note in notes
    mine = manager.page.locator("#case-notes article", has_text=restricted)
    assert "Restricted" in mine.inner_text()
    manager.step("manager-sees-both-notes")

    amina = visitor("link-worker")
    amina.sign_in(AMINA)
    amina.page.goto(journey.page)

    seen = main_text(amina)  # the notes and the timeline
    assert open_note in seen
    assert restricted not in seen
    assert "Safeguarding strategy meeting" not in seen
    amina.step("link-worker-sees-the-open-note-only")


def test_a_corrected_note_shows_the_correction_over_the_earlier_version(
    visit: Any, console_stack: Any
) -> None:
    journey = her_journey(console_stack)
    visit.sign_in(AMINA)
    page = visit.page
    page.goto(journey.page)
    add_note(visit, "phone_call", "Rang on Monday: she will try the walking group")
    note = page.locator("#case-notes article").first
    note_id = note.get_attribute("data-note-id")

    open_form(visit, f"correct-details-{note_id}")
    visit.step("note-correction-form")
    correcting = f"correct-{note_id}"
    assert page.input_value(f"#{correcting}-text").startswith("Rang on Monday")  # starts as it was
    page.fill(f"#{correcting}-text", "Rang on Tuesday: she will try the walking group")
    page.locator(f"#{correcting}").get_by_role("button", name="Save the correction").click()

    assert "Note corrected" in banner(visit)
    thread = page.locator("#case-notes article").first
    latest = thread.locator(".linkwork-note__text").first.inner_text()
    assert latest == "Rang on Tuesday: she will try the walking group"
    earlier = thread.locator(".linkwork-note--superseded")
    assert earlier.locator("del").inner_text() == "Rang on Monday: she will try the walking group"
    assert "Corrected by a later note" in earlier.inner_text()
    # Only the latest version can be corrected again.
    assert page.locator(f"#correct-details-{note_id}").count() == 0
    assert thread.locator("details", has_text="Correct this note").count() == 1
    visit.step("note-corrected")
