"""Referrals from anyone, routed by where people live, in a real browser (Debian's Chromium)
against the whole stack: a manager sees a self-referral from outside every catchment on the
triage page (counted in the header, with its postcode district and reasons but not the
person's name), a route to a team that does not exist comes back in the NHS.UK error summary,
and routing it to a link worker of the team takes it off the list and says it is assigned to
her; the manager keeps the team's catchment on the team page (an entry added and removed, a
bad entry and one another team keeps refused naming the entry); a person refers themselves on
the public page with no sign-in, their mistakes shown next to each field and in the summary
with what they typed kept, then the reference, and the referral is the team's. Every page
passes the axe check.

The module's stack takes at most five public forms a minute from one address: these tests
send three."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from linkwork_devstack import demo

MANAGER = "mgr-leeds"


def banner(visit: Any) -> str:
    said = visit.page.locator(".nhsuk-notification-banner, .nhsuk-error-summary").first
    return str(said.inner_text()).strip()


def in_triage(console_stack: Any, words: str, timeout: float = 30) -> dict[str, Any]:
    """The referral awaiting triage whose reasons start with `words`, once intake has it."""
    deadline = time.monotonic() + timeout
    with console_stack.api("referral") as api:
        while time.monotonic() < deadline:
            items = api.get("/triage", params={"per_page": 100}).json()["items"]
            mine = [r for r in items if r["reasons"] and r["reasons"][0]["text"] == words]
            if mine:
                return dict(mine[0])
            time.sleep(0.25)
    raise AssertionError(f"no referral awaiting triage for {words!r} within {timeout}s")


def test_a_manager_routes_a_referral_from_triage_to_a_link_worker_of_the_team(
    visit: Any, console_stack: Any
) -> None:
    words = f"I would like to meet people near me ({uuid.uuid4().hex[:6]})"
    form = {
        "given_name": "Zebedee",
        "family_name": "Quarrington",
        "birth_date": "1958-07-01",
        "postcode": "WF1 2AA",  # Wakefield: outside every catchment
        "needs": ["loneliness"],
        "help_with": words,
        "consent_to_contact": True,
    }
    sent = httpx.post(f"{console_stack.config.url('referral')}/self-referrals", json=form)
    assert sent.status_code == 201, sent.text
    referral_id = in_triage(console_stack, words)["referral_id"]

    visit.sign_in(MANAGER)
    page = visit.page
    count = page.locator("#triage-count")
    assert count.inner_text().split()[0].isdigit() and int(count.inner_text().split()[0]) >= 1
    page.get_by_role("link", name="Triage").click()
    card = page.locator(f"[data-referral-id='{referral_id}']")
    text = card.inner_text()
    assert "Self-referral" in text and "WF1" in text and words in text and "Routine" in text
    assert "Quarrington" not in page.content() and "1958" not in page.content()
    visit.step("triage")

    card.get_by_label("Team").fill("no-such-team")
    with page.expect_navigation():
        card.get_by_role("button", name="Route this referral").click()
    summary = page.locator(".nhsuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    team_field = f"#route-{referral_id}-team_id"
    assert summary.locator(f"a[href='{team_field}']").count() == 1
    assert page.locator(team_field).input_value() == "no-such-team"  # kept as typed
    assert card.locator(".nhsuk-error-message").count() == 1
    visit.step("route-refused")

    card.get_by_label("Team").fill(demo.TEAM)
    card.get_by_label("Link worker (optional)").select_option("lw-brian")
    with page.expect_navigation():
        card.get_by_role("button", name="Route this referral").click()
    said = banner(visit)
    assert f"routed to team {demo.TEAM}" in said and "assigned to Brian Walker" in said, said
    assert page.locator(f"[data-referral-id='{referral_id}']").count() == 0
    visit.step("routed")
    with console_stack.api("referral") as api:
        routed = api.get(f"/referrals/{referral_id}").json()
    assert (routed["status"], routed["link_worker_id"]) == ("assigned", "lw-brian")
    assert routed["routed_by"] == "manager"


def catchment_rows(visit: Any) -> list[str]:
    rows = visit.page.locator("#catchment tr[data-entry]")
    return [str(rows.nth(i).get_attribute("data-entry")) for i in range(rows.count())]


def add_to_catchment(visit: Any, typed: str) -> None:
    visit.page.fill("#catchment-entry", typed)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Add", exact=True).click()


def test_a_manager_keeps_the_team_catchment_and_a_bad_or_claimed_entry_is_refused_by_name(
    visit: Any, console_stack: Any
) -> None:
    south = console_stack.token("mgr-south", "manager", team_id="leeds-south")
    claimed = httpx.put(
        f"{console_stack.config.url('referral')}/teams/leeds-south/catchment",
        json={"entries": ["BD1"]},
        headers={"Authorization": f"Bearer {south}"},
    )
    assert claimed.status_code == 200, claimed.text
    visit.sign_in(MANAGER)
    page = visit.page
    page.goto("/team#catchment")
    assert catchment_rows(visit) == sorted(demo.CATCHMENT)

    add_to_catchment(visit, "ls27, LS28  5")
    assert "Catchment saved" in banner(visit)
    assert catchment_rows(visit) == sorted([*demo.CATCHMENT, "LS27", "LS28 5"])
    row = page.locator("#catchment tr[data-entry='LS28 5']")
    assert "Postcode sector" in row.inner_text()
    visit.step("catchment-added")

    add_to_catchment(visit, "LS6 1AA")
    summary = page.locator(".nhsuk-error-summary")
    assert "LS6 1AA is not a postcode area (LS), district (LS6) or sector (LS6 1)" in (
        summary.inner_text()
    )
    assert summary.locator("a[href='#catchment-entry']").count() == 1
    assert page.locator("#catchment-entry").input_value() == "LS6 1AA"
    assert "LS6 1AA" in page.locator("#catchment .nhsuk-error-message").inner_text()
    visit.step("catchment-bad-entry")

    add_to_catchment(visit, "BD1")
    said = page.locator("#catchment .nhsuk-error-message").inner_text()
    assert "BD1 is already in team leeds-south's catchment" in said, said
    assert "BD1" in page.locator(".nhsuk-error-summary").inner_text()
    assert "BD1" not in catchment_rows(visit)
    visit.step("catchment-claimed")

    for entry in ("LS27", "LS28 5"):
        with page.expect_navigation():
            page.get_by_role("button", name=f"Remove {entry}").click()
    assert catchment_rows(visit) == sorted(demo.CATCHMENT)
    with console_stack.api("referral") as api:
        kept = api.get(f"/teams/{demo.TEAM}/catchment").json()["entries"]
    assert kept == sorted(demo.CATCHMENT)


def errors(page: Any, wanted: dict[str, str]) -> None:
    """The error summary says exactly these, each linking to its field."""
    summary = page.locator(".nhsuk-error-summary")
    assert summary.locator("a").count() == len(wanted), summary.inner_text()
    for field, message in wanted.items():
        link = summary.locator(f"a[href='#{field}']")
        assert link.count() == 1 and message in link.inner_text(), (field, summary.inner_text())


def test_a_person_refers_themselves_on_the_public_page_corrects_their_answers_and_gets_a_reference(
    visitor: Any, console_stack: Any
) -> None:
    person = visitor()
    page = person.page
    page.goto("/refer-yourself")
    assert page.get_by_role("link", name="Sign out").count() == 0  # nobody signed in
    assert page.locator("input[name=website]").count() == 1  # the honeypot, present...
    assert page.get_by_role("textbox", name="Leave this empty").count() == 0  # ...but unseen
    person.step("self-referral")

    words = f"I have been feeling very alone since I retired ({uuid.uuid4().hex[:6]})"
    page.get_by_label("Last name").fill("Pemberton-Hale")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("13")
    page.get_by_label("Year").fill("1956")
    page.get_by_label("NHS number (optional)").fill("123 456 7890")
    page.get_by_label("Feeling lonely or isolated").check()
    page.get_by_label("Tell us in your own words").fill(words)
    with page.expect_navigation():
        page.get_by_role("button", name="Send my referral").click()
    # The service reads the answers' shape first, then its rules: two rounds to correct.
    errors(
        page,
        {
            "given_name": "Enter your first name",
            "birth_date-day": "Your date of birth must be a real date",
        },
    )
    assert "Enter your first name" in page.locator("#given_name-error").inner_text()
    assert page.get_by_label("Last name").input_value() == "Pemberton-Hale"  # kept as typed
    assert page.get_by_label("Month").input_value() == "13"
    assert page.get_by_label("NHS number (optional)").input_value() == "123 456 7890"
    assert page.get_by_label("Tell us in your own words").input_value() == words
    assert page.get_by_label("Feeling lonely or isolated").is_checked()
    person.step("self-referral-to-correct")

    page.get_by_label("First name").fill("Maud")
    page.get_by_label("Month").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my referral").click()
    errors(
        page,
        {
            "nhs_number": "Check your NHS number",
            "phone": "Tell us at least one way to reach you",
            "consent_to_contact": "agree that a link worker may contact you",
        },
    )
    assert "Check your NHS number" in page.locator("#nhs_number-error").inner_text()
    assert "at least one way" in page.locator("#contact-error").inner_text()
    assert page.get_by_label("First name").input_value() == "Maud"
    person.step("self-referral-to-correct-again")

    page.get_by_label("NHS number (optional)").fill("")
    page.get_by_label("Postcode").fill("ls6 2qr")  # in Leeds North's catchment
    page.get_by_label("Phone call").check()
    page.get_by_label("Yes, a link worker may contact me").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my referral").click()
    assert "We have your referral" in page.locator("h1").inner_text()
    reference = page.locator("#reference").inner_text().strip()
    person.step("self-referral-received")

    deadline = time.monotonic() + 30
    with console_stack.api("referral") as api:
        while time.monotonic() < deadline:
            found = api.get("/referrals", params={"per_page": 100}).json()["items"]
            mine = [r for r in found if r["source_referral_id"] == reference]
            if mine and mine[0].get("link_worker_id"):
                break
            time.sleep(0.25)
    assert mine, f"no referral with the reference {reference}"
    referral = mine[0]
    assert referral["route"] == "self" and referral["team_id"] == demo.TEAM
    assert referral["routed_by"] == "catchment" and referral["status"] == "assigned"
    assert referral["person"]["family_name"] == "Pemberton-Hale"
    assert referral["person"]["birth_date"] == "1956-03-09"
    assert referral["person"]["preferred_channel"] == "phone"
    assert [r["text"] for r in referral["reasons"]] == [words, "Feeling lonely or isolated"]
