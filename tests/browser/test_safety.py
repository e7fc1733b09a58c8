"""Lone working and safeguarding concerns in a real browser (Debian's Chromium) against the
whole stack: a link worker checks in to a home visit from its journey's page and out again,
the page showing each state; a safeguarding risk flag she raises reaches her manager's team
page through the broker as an open concern, he acknowledges it there and it is no longer
waiting (the notifications service has it acknowledged, by him), and acknowledging it again
from the urgent notification in his inbox is refused with the service's reason. Every page
passes the axe check.

Each test starts a journey of its own (a referral of the link worker's accepted through the
referral service's API, as her "accept" button does), so they share the module's stack."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_console.domain.journey_times import LONDON

AMINA, MANAGER = "lw-amina", "mgr-leeds"
HER_PRACTICE = "B86001"  # shared with lw-chloe: sent again until one is hers


def her_journey(console_stack: Any) -> str:
    """A journey of hers: she reaches the person, they agree, the journey service starts it."""
    referral = console_stack.fresh_referral(AMINA, HER_PRACTICE, "Safe")
    return str(console_stack.journey_for(referral["referral_id"], AMINA)["journey_id"])


def banner(visit: Any) -> str:
    """What the page says was done (the NHS.UK success banner), or why not."""
    said = visit.page.locator(".nhsuk-notification-banner, .nhsuk-error-summary").first
    return str(said.inner_text()).strip()


def open_concern(console_stack: Any, concern_id: str, timeout: float = 30) -> dict[str, Any]:
    """The concern once the notifications service has it (from the journey's event)."""
    deadline = time.monotonic() + timeout
    with console_stack.api("notifications") as api:
        while time.monotonic() < deadline:
            found = api.get("/safeguarding-concerns", params={"status": "open"}).json()["items"]
            mine = [c for c in found if c["concern_id"] == concern_id]
            if mine:
                return dict(mine[0])
            time.sleep(0.25)
    raise AssertionError(f"concern {concern_id} did not reach notifications within {timeout}s")


def test_a_link_worker_checks_in_to_a_home_visit_and_out_again(
    visitor: Any, console_stack: Any
) -> None:
    journey_id = her_journey(console_stack)
    soon = (datetime.now(UTC) + timedelta(minutes=30)).replace(microsecond=0)
    booking = {"scheduled_for": soon.isoformat(), "mode": "home_visit", "duration_minutes": 45}
    with console_stack.api("journey", AMINA, "link_worker") as api:
        made = api.post(f"/journeys/{journey_id}/appointments", json=booking)
        assert made.status_code == 201, made.text
    visit_id = f"#visit-{made.json()['appointment_id']}"
    amina = visitor()
    amina.page.goto(f"/journeys/{journey_id}")
    amina.sign_in(AMINA)
    shown = amina.page.locator(visit_id)
    assert shown.get_attribute("data-visit-status") == "not_in"
    assert shown.get_by_role("button", name="Check in").is_visible()
    amina.step("visit-booked")

    # A time already gone (it would be tomorrow, beyond 12 hours) is refused at the field.
    gone = (datetime.now(LONDON) - timedelta(hours=1)).strftime("%H:%M")
    shown.get_by_label("Expected to finish by (optional)").fill(gone)
    shown.get_by_role("button", name="Check in").click()
    assert "There is a problem" in banner(amina)
    assert "within 12 hours" in str(shown.locator(".nhsuk-error-message").inner_text())
    amina.step("check-in-refused")

    shown.get_by_label("Expected to finish by (optional)").fill("")
    shown.get_by_role("button", name="Check in").click()
    assert "Checked in" in banner(amina)
    assert shown.get_attribute("data-visit-status") == "in"
    text = str(shown.inner_text())
    assert "Checked in at " in text and ", expected out by " in text
    assert shown.get_by_role("button", name="Check out").is_visible()
    amina.step("checked-in")

    shown.get_by_role("button", name="Check out").click()
    assert "Checked out" in banner(amina)
    assert shown.get_attribute("data-visit-status") == "out"
    assert "Checked out at " in str(shown.inner_text())
    assert shown.get_by_role("button").count() == 0
    amina.step("checked-out")


def test_a_manager_acknowledges_a_safeguarding_concern_from_the_team_page(
    visitor: Any, console_stack: Any
) -> None:
    journey_id = her_journey(console_stack)
    today = datetime.now(LONDON).date().isoformat()
    flag = {"kind": "safeguarding", "description": "Bruising seen", "review_on": today}
    with console_stack.api("journey", AMINA, "link_worker") as api:
        raised = api.post(f"/journeys/{journey_id}/risk-flags", json=flag)
        assert raised.status_code == 201, raised.text
    concern_id = str(raised.json()["flag_id"])
    open_concern(console_stack, concern_id)

    manager = visitor()
    manager.page.goto("/team")
    manager.sign_in(MANAGER)
    row = manager.page.locator(f"#safeguarding tr[data-concern-id='{concern_id}']")
    assert "Open" in str(row.inner_text())
    assert row.get_by_role("link").get_attribute("href") == f"/journeys/{journey_id}"
    assert "Bruising" not in str(manager.page.locator("#safeguarding").inner_text())
    manager.step("team-concern-open")

    row.get_by_role("button", name="Acknowledge").click()
    assert "Safeguarding concern acknowledged" in banner(manager)
    assert row.count() == 0
    with console_stack.api("notifications") as api:
        found = api.get("/safeguarding-concerns", params={"status": "acknowledged"}).json()
    mine = [c for c in found["items"] if c["concern_id"] == concern_id]
    assert mine and mine[0]["acknowledged_by"] == MANAGER
    manager.step("team-concern-acknowledged")

    # His inbox marks the alert urgent; acknowledging it again there says who did, and when.
    again = manager.page.locator(f"form[action='/safeguarding-concerns/{concern_id}/acknowledge']")
    deadline = time.monotonic() + 20
    manager.page.goto("/notifications")
    while again.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        manager.page.reload()
    assert again.count() > 0, "the safeguarding notification did not reach his inbox"
    item = manager.page.locator("li.linkwork-notification", has=again.first)
    assert "Urgent" in str(item.first.inner_text())
    manager.step("inbox-urgent")
    again.first.get_by_role("button").click()
    said = banner(manager)
    assert "The concern was not acknowledged: already acknowledged by mgr-leeds" in said
    manager.step("inbox-already-acknowledged")
