"""Find a person in a real browser (Debian's Chromium) against the whole stack: a link worker
finds a person of hers by the start of her names, typed in capitals, without the accent and
in the other order, from the box on her caseload, and goes to the referral; once the journey
has started and a "do not visit alone" flag is raised, her row links to the journey and
carries the flag; an NHS number whose check digit is wrong comes back with the NHS.UK error
summary naming the field; a person on another link worker's caseload is never found by her,
while their manager finds them. Every page passes the axe check.

Each test sends the referrals it searches for, with family names of their own, as a GP
system would; they share the module's stack."""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

AMINA, MANAGER = "lw-amina", "mgr-leeds"
HER_PRACTICE = "B86001"  # shared with lw-chloe: sent again until one is hers
NOT_HERS = "B86003"  # lw-brian's and lw-chloe's practice, never lw-amina's


@dataclass(frozen=True)
class Person:
    referral_id: str
    given_name: str
    family_name: str
    nhs_number: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def letters(count: int) -> str:
    return "".join(random.choices(string.ascii_lowercase, k=count))


def referred(console_stack: Any, practice: str, family_name: str, link_worker: str) -> Person:
    """A referral from `practice` for a person of that family name, on `link_worker`'s caseload
    (sent again, a new person each time, until the practice's link workers give it to her)."""
    for _ in range(8):
        document = console_stack.send_referral(practice, family_name)
        referral = console_stack.referral_for(document)
        if referral["link_worker_id"] == link_worker:
            person = referral["person"]
            return Person(
                referral["referral_id"],
                person["given_name"],
                person["family_name"],
                person["nhs_number"],
            )
    raise AssertionError(f"eight referrals from {practice} in a row went to someone else")


def row_of(visit: Any, person: Person) -> Any:
    return visit.page.locator(f"#people tr[data-referral-id='{person.referral_id}']")


def search(visit: Any, typed: str) -> None:
    visit.page.fill("#q", typed)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Search", exact=True).click()


def her_journey(console_stack: Any, person: Person) -> str:
    """She reaches the person and they agree: the journey service starts the journey."""
    return str(console_stack.journey_for(person.referral_id, AMINA)["journey_id"])


def test_she_finds_a_person_of_hers_by_the_start_of_her_names_and_opens_the_referral(
    visit: Any, console_stack: Any
) -> None:
    suffix = letters(6)
    person = referred(console_stack, HER_PRACTICE, f"Ámira{suffix}", AMINA)
    visit.sign_in(AMINA)
    page = visit.page
    # Capitals, no accent, the family name first: "AMIRAQX am" finds "Amina Ámiraqxzwrt".
    typed = f"AMIRA{suffix[:2].upper()} {person.given_name[:2].lower()}"
    page.fill("#find-person-q", typed)  # the box on her caseload
    visit.step("caseload-search-box")
    with page.expect_navigation():
        page.get_by_role("button", name="Find", exact=True).click()

    assert "/people?q=" in page.url  # a search she can bookmark
    assert page.locator("h1").inner_text() == "Find a person"
    assert page.input_value("#q") == typed
    row = row_of(visit, person)
    assert row.count() == 1
    said = row.inner_text()
    assert person.name in said, said
    nhs = person.nhs_number
    assert f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" in said, said
    assert "Assigned" in said and "1 referral" in said and "Age " in said, said
    assert row.locator("a[href^='/journeys/']").count() == 0  # no journey yet
    visit.step("found-by-name")
    page.reload()  # the same search, as a bookmark would open it
    assert row_of(visit, person).count() == 1

    with page.expect_navigation():
        row.get_by_role("link", name=f"Referral of {person.name}").click()
    assert page.url.endswith(f"/referrals/{person.referral_id}")
    assert page.locator("h1").inner_text() == person.name
    visit.shot("her-referral")


def test_once_her_journey_has_a_do_not_visit_alone_flag_the_row_links_to_it_and_says_so(
    visit: Any, console_stack: Any
) -> None:
    person = referred(console_stack, HER_PRACTICE, f"Flagg{letters(6)}", AMINA)
    journey_id = her_journey(console_stack, person)
    review_on = (date.today() + timedelta(days=30)).isoformat()
    flag = {"kind": "do_not_visit_alone", "description": "Visit in pairs", "review_on": review_on}
    with console_stack.api("journey", AMINA, "link_worker") as api:
        assert api.post(f"/journeys/{journey_id}/risk-flags", json=flag).is_success
    visit.sign_in(AMINA)
    visit.page.goto("/caseload")
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name="Find a person").click()  # the header's link
    assert visit.page.url.endswith("/people")

    # The referral service learns of the flag from the journey's event: a moment later.
    deadline = time.monotonic() + 30
    while True:
        search(visit, person.family_name.lower())
        said = row_of(visit, person).inner_text()
        if "Do not visit alone" in said or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "Do not visit alone" in said and "Accepted" in said, said
    journey = row_of(visit, person).get_by_role("link", name=f"Journey of {person.name}")
    assert journey.get_attribute("href") == f"/journeys/{journey_id}"
    visit.step("found-with-flag-and-journey")


def test_an_nhs_number_whose_check_digit_is_wrong_is_named_in_the_error_summary(
    visit: Any,
) -> None:
    visit.sign_in(AMINA)
    visit.page.goto("/people")
    visit.step("find-a-person")

    search(visit, "943 476 5918")  # 943 476 5919 is an NHS number; this one is not

    reason = "The NHS number is not valid (its check digit does not match)"
    summary = visit.page.locator(".nhsuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    link = summary.get_by_role("link", name=reason)
    assert link.get_attribute("href") == "#q"
    assert reason in visit.page.locator("#q-error").inner_text()
    assert visit.page.input_value("#q") == "943 476 5918"  # kept, to correct
    assert visit.page.title().startswith("Error:")
    assert visit.page.locator("#people").count() == 0  # no results under an error
    visit.step("nhs-number-not-valid")
    link.click()
    assert visit.page.evaluate("document.activeElement.id") == "q"


def test_she_never_finds_a_person_on_another_link_workers_caseload_but_their_manager_does(
    visitor: Any, console_stack: Any
) -> None:
    family_name = f"Elsewhere{letters(6)}"
    theirs = referred(console_stack, NOT_HERS, family_name, "lw-brian")
    amina = visitor("link-worker")
    amina.sign_in(AMINA)
    amina.page.goto("/people")

    search(amina, family_name)

    main = amina.page.locator("main").inner_text()
    assert "No one found" in main
    assert "You can only find people on your caseload" in main
    assert family_name not in main and theirs.nhs_number not in main
    assert row_of(amina, theirs).count() == 0
    amina.step("not-found-for-her")
    # Nor by NHS number, which names one person exactly.
    search(amina, theirs.nhs_number)
    assert "No one found" in amina.page.locator("main").inner_text()

    manager = visitor("manager")
    manager.sign_in(MANAGER)
    manager.page.goto("/people")
    search(manager, family_name)
    assert row_of(manager, theirs).count() == 1
    manager.step("found-for-the-manager")
