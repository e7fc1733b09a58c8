"""A person's inbox: where each notification leads them, and where marking read returns."""

from __future__ import annotations

from types import SimpleNamespace

from linkwork_console.app import templates
from linkwork_console.domain.identity import Identity
from linkwork_console.domain.notifications import back_to, destination, inbox_of, item_of


def person(role: str) -> Identity:
    return Identity(sub="someone", name="Someone", roles=frozenset({role}))


def notification(**fields: object) -> dict[str, object]:
    return {
        "notification_id": "n-1",
        "title": "New referral to Roundhay Park Health Walk",
        "body": "A link worker would like to connect someone.\n\nLink reference: l-1",
        "source_event_type": "ServiceLinked",
        "referral_id": "ref-1",
        "journey_id": "j-1",
        "created_at": "2026-12-03T12:43:06Z",
        "read_at": None,
        **fields,
    }


def test_a_link_worker_goes_to_the_journey_or_else_the_referral() -> None:
    assert destination(notification(), person("link_worker")).href == "/journeys/j-1"  # type: ignore[union-attr]
    only_referral = destination(notification(journey_id=None), person("manager"))
    assert only_referral is not None and only_referral.href == "/referrals/ref-1"


def test_a_practice_goes_to_its_own_referral_page() -> None:
    found = destination(
        notification(source_event_type="ReferralOutcomeReported"), person("practice")
    )
    assert found is not None and found.href == "/practice/referrals/ref-1"


def test_a_provider_goes_to_its_referrals_never_to_the_journey() -> None:
    found = destination(notification(), person("provider"))
    assert found is not None and found.href == "/provider"
    linked = destination(notification(link_id="l-1"), person("provider"))
    assert linked is not None and linked.href == "/provider/links/l-1"
    assert destination(notification(source_event_type="Other"), person("provider")) is None


def test_a_notification_without_a_case_leads_nowhere() -> None:
    assert (
        destination(notification(referral_id=None, journey_id=None), person("link_worker")) is None
    )


def test_an_item_is_unread_until_read_and_its_body_keeps_its_paragraphs() -> None:
    item = item_of(notification(), person("provider"))
    assert item.unread and item.paragraphs == [
        "A link worker would like to connect someone.",
        "Link reference: l-1",
    ]
    assert item.received == "3 December 2026 at 12:43"
    assert not item_of(notification(read_at="2026-12-03T13:00:00Z"), person("provider")).unread


def test_the_inbox_counts_pages_and_keeps_unread_only_in_its_links() -> None:
    inbox = inbox_of(
        {"items": [notification()], "total": 41, "unread": 3, "page": 1, "per_page": 20},
        person("practice"),
        unread_only=True,
    )
    assert (inbox.pages, inbox.unread) == (3, 3)
    assert inbox.url(2) == "/notifications?page=2&unread=true"


def test_marking_read_returns_only_to_the_inbox() -> None:
    assert back_to("2", "true") == "/notifications?page=2&unread=true"
    assert back_to("//evil.example", "") == "/notifications?page=1"
    assert back_to("0", "yes") == "/notifications?page=1"


def test_an_urgent_safeguarding_notification_offers_its_concern_to_acknowledge() -> None:
    raised = notification(
        template="safeguarding_concern_raised", concern_id="flag-1", urgent=True, resolved_at=None
    )
    item = item_of(raised, person("manager"))
    assert item.urgent and not item.resolved and item.concern_id == "flag-1"
    assert item_of(raised, person("practice")).concern_id == ""


def test_a_concern_someone_acknowledged_says_who_and_when_and_offers_nothing_more() -> None:
    raised = notification(
        notification_id="n-4",
        template="safeguarding_concern_raised",
        concern_id="flag-1",
        urgent=True,
        concern_acknowledged_by="lw-brian",
        concern_acknowledged_at="2026-12-04T11:40:00Z",
    )
    item = item_of(raised, person("manager"))
    assert item.concern_id == "" and not item.pressing
    assert item.acknowledged == "Acknowledged by lw-brian on 4 December 2026 at 11:40"
    answer = {"items": [raised], "total": 1, "unread": 1, "page": 1, "per_page": 20}
    html = (
        templates()
        .get_template("notifications/list.html")
        .render(
            request=SimpleNamespace(),
            inbox=inbox_of(answer, person("manager"), unread_only=False),
            csrf_token="t",
        )
    )
    assert "/acknowledge" not in html and "Urgent" not in html
    assert "Acknowledged by lw-brian on 4 December 2026 at 11:40" in html


def test_an_overdue_alert_once_she_is_safe_is_resolved_with_nothing_to_acknowledge() -> None:
    overdue = notification(
        template="lone_worker_overdue", urgent=True, resolved_at="2026-12-04T11:40:00Z"
    )
    item = item_of(overdue, person("manager"))
    assert item.urgent and item.resolved and item.concern_id == ""


def test_the_inbox_marks_urgent_and_resolved_alerts_and_offers_acknowledge() -> None:
    raised = notification(
        notification_id="n-2",
        template="safeguarding_concern_raised",
        concern_id="flag-1",
        urgent=True,
        source_event_type="SafeguardingConcernRaised",
    )
    over = notification(
        notification_id="n-3",
        template="lone_worker_overdue",
        urgent=True,
        resolved_at="2026-12-04T11:40:00Z",
    )
    answer = {"items": [raised, over], "total": 2, "unread": 2, "page": 1, "per_page": 20}
    found = inbox_of(answer, person("manager"), unread_only=False)
    html = (
        templates()
        .get_template("notifications/list.html")
        .render(request=SimpleNamespace(), inbox=found, csrf_token="t")
    )
    first, second = html.split('id="notification-n-3"')
    assert "Urgent" in first and "linkwork-notification--urgent" in first
    assert 'action="/safeguarding-concerns/flag-1/acknowledge"' in first
    assert 'name="back" value="notifications"' in first
    assert "Resolved" in second and "Urgent" not in second and "acknowledge" not in second
