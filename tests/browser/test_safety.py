"""Lone working and safeguarding concerns in a real browser (Debian's Chromium) against the
whole stack: a link worker checks in to a home visit from its journey's page and out again,
the page showing each state; a safeguarding risk flag she raises reaches her manager's team
page through the broker as an open concern, he acknowledges it there and it is no longer
waiting (the notifications service has it acknowledged, by him), and the notification in his
inbox then says he did, and when, with no button to acknowledge it again; a safeguarding lead
acknowledges a concern from her inbox, its button goes and the item says who and when, in
the manager's inbox too. Every page passes the axe check.

Each test starts a journey of its own (a referral of the link worker's accepted through the
referral service's API, as her "accept" button does), so they share the module's stack."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_console.domain.journey_times import LONDON

AMINA, MANAGER, LEAD = "lw-amina", "mgr-leeds", "lw-brian"
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

    # His inbox has the alert, acknowledged by him: nothing to acknowledge there again.
    (item,) = inbox_items(manager, concern_id).all()  # the team inbox's
    assert "Acknowledged by mgr-leeds on " in str(item.inner_text())
    assert item.locator(".nhsuk-tag--red").count() == 0  # no longer marked urgent
    assert manager.page.locator(f"form[action='{acknowledging(concern_id)}']").count() == 0
    manager.step("inbox-acknowledged")


def acknowledging(concern_id: str) -> str:
    return f"/safeguarding-concerns/{concern_id}/acknowledge"


def inbox_items(visit: Any, concern_id: str, timeout: float = 20) -> Any:
    """The items of the signed-in person's inbox about the concern, once it has reached it."""
    items = visit.page.locator(f"li.linkwork-notification[data-concern-id='{concern_id}']")
    deadline = time.monotonic() + timeout
    visit.page.goto("/notifications")
    while items.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        visit.page.reload()
    assert items.count() > 0, f"no notification of concern {concern_id} reached the inbox"
    return items


def test_a_lead_acknowledges_a_concern_from_her_inbox_and_its_button_goes(
    visitor: Any, console_stack: Any
) -> None:
    lead = {
        "name": "Brian Walker",
        "email": "lw-brian@demo.linkwork.org.uk",
        "role": "link_worker",
        "team_id": "leeds-north",
        "safeguarding_lead": True,
    }
    with console_stack.api("notifications") as api:
        made_lead = api.put(f"/recipients/{LEAD}", json=lead)
        assert made_lead.status_code == 200, made_lead.text
    journey_id = her_journey(console_stack)
    today = datetime.now(LONDON).date().isoformat()
    flag = {"kind": "safeguarding", "description": "Bruising seen", "review_on": today}
    with console_stack.api("journey", AMINA, "link_worker") as api:
        raised = api.post(f"/journeys/{journey_id}/risk-flags", json=flag)
        assert raised.status_code == 201, raised.text
    concern_id = str(raised.json()["flag_id"])
    open_concern(console_stack, concern_id)

    brian = visitor()
    brian.page.goto("/notifications")
    brian.sign_in(LEAD)
    (item,) = inbox_items(brian, concern_id).all()
    assert item.locator(".nhsuk-tag--red").inner_text().strip() == "Urgent"
    button = item.get_by_role("button", name="Acknowledge the concern")
    assert button.is_visible()
    brian.step("inbox-concern-to-acknowledge")

    button.click()
    assert "Safeguarding concern acknowledged" in banner(brian)
    (item,) = inbox_items(brian, concern_id).all()
    assert "Acknowledged by lw-brian on " in str(item.inner_text())
    assert item.locator(".nhsuk-tag--red").count() == 0
    assert item.locator(f"form[action='{acknowledging(concern_id)}']").count() == 0
    assert item.get_by_role("button", name="Acknowledge the concern").count() == 0
    brian.step("inbox-concern-acknowledged")

    manager = visitor()
    manager.page.goto("/notifications")
    manager.sign_in(MANAGER)
    for text in inbox_items(manager, concern_id).all_inner_texts():
        assert "Acknowledged by lw-brian on " in text
    assert manager.page.locator(f"form[action='{acknowledging(concern_id)}']").count() == 0
    manager.step("manager-inbox-acknowledged")
