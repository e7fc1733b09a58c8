"""A person's in-app notifications as their inbox shows them: newest first, unread ones
marked, each with a link to the page of its referral or journey where the person has one
(a practice its referral's page, a provider its referrals, staff the journey or referral)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linkwork_console.domain.identity import Identity
from linkwork_console.domain.moments import long_datetime

PER_PAGE = 20
DONE = {
    "read": "Marked as read",
    "all-read": "All your notifications are marked as read",
    "acknowledged": "Safeguarding concern acknowledged",
}
# Safeguarding notifications offer "Acknowledge" (the concern's; staff only).
CONCERN_TEMPLATES = ("safeguarding_concern_raised", "safeguarding_concern_escalated")


@dataclass(frozen=True)
class Destination:
    href: str
    text: str


@dataclass(frozen=True)
class NotificationItem:
    notification_id: str
    title: str
    paragraphs: list[str]
    received: str
    unread: bool
    destination: Destination | None
    urgent: bool = False
    resolved: bool = False  # an alert that is over (she checked out safely)
    concern_id: str = ""  # a safeguarding concern to acknowledge from the inbox
    # Its safeguarding concern acknowledged: by whom and when (then nothing to acknowledge).
    acknowledged: str = ""
    about_concern: str = ""  # the safeguarding concern it is about, acknowledged or not

    @property
    def pressing(self) -> bool:
        """Urgent and not yet dealt with: marked red."""
        return self.urgent and not self.resolved and not self.acknowledged


@dataclass(frozen=True)
class InboxPage:
    items: list[NotificationItem] = field(default_factory=list)
    total: int = 0
    unread: int = 0
    page: int = 1
    pages: int = 1
    unread_only: bool = False

    def url(self, page: int) -> str:
        """This inbox's page `page`, keeping the choice of unread only."""
        return f"/notifications?page={page}" + ("&unread=true" if self.unread_only else "")


def destination(notification: Mapping[str, Any], identity: Identity) -> Destination | None:
    """Where the notification's case can be seen by this person, if anywhere."""
    referral_id, journey_id = notification.get("referral_id"), notification.get("journey_id")
    if identity.has("link_worker") or identity.has("manager"):
        if journey_id:
            return Destination(f"/journeys/{journey_id}", "Open their journey")
        if referral_id:
            return Destination(f"/referrals/{referral_id}", "Open the referral")
        return None
    if identity.has("practice") and referral_id:
        return Destination(f"/practice/referrals/{referral_id}", "See the referral and its outcome")
    if identity.has("provider") and str(notification.get("source_event_type", "")).startswith(
        "ServiceLink"
    ):
        if notification.get("link_id"):
            return Destination(f"/provider/links/{notification['link_id']}", "Open the referral")
        return Destination("/provider", "See referrals to you")
    return None


def item_of(notification: Mapping[str, Any], identity: Identity) -> NotificationItem:
    body = str(notification.get("body") or "")
    return NotificationItem(
        notification_id=str(notification["notification_id"]),
        title=str(notification.get("title") or "Notification"),
        paragraphs=[p.strip() for p in body.split("\n\n") if p.strip()],
        received=long_datetime(notification.get("created_at")),
        unread=notification.get("read_at") is None,
        destination=destination(notification, identity),
        urgent=bool(notification.get("urgent")),
        resolved=notification.get("resolved_at") is not None,
        concern_id=concern_to_acknowledge(notification, identity),
        acknowledged=acknowledged(notification),
        about_concern=str(notification.get("concern_id") or ""),
    )


def acknowledged(notification: Mapping[str, Any]) -> str:
    """Who acknowledged the notification's safeguarding concern, and when; empty until then."""
    by = notification.get("concern_acknowledged_by")
    if not by:
        return ""
    return f"Acknowledged by {by} on {long_datetime(notification.get('concern_acknowledged_at'))}"


def concern_to_acknowledge(notification: Mapping[str, Any], identity: Identity) -> str:
    """The safeguarding concern a manager or lead may acknowledge from this notification: none
    once someone has acknowledged it."""
    staff = identity.has("link_worker") or identity.has("manager")
    if not staff or notification.get("template") not in CONCERN_TEMPLATES:
        return ""
    if notification.get("concern_acknowledged_by"):
        return ""
    return str(notification.get("concern_id") or "")


def inbox_of(answer: Mapping[str, Any], identity: Identity, unread_only: bool) -> InboxPage:
    """A page of the notifications service's answer, with how many are unread."""
    per_page = int(answer.get("per_page") or PER_PAGE)
    total = int(answer.get("total") or 0)
    return InboxPage(
        items=[item_of(n, identity) for n in answer.get("items", [])],
        total=total,
        unread=int(answer.get("unread") or 0),
        page=int(answer.get("page") or 1),
        pages=max(1, -(-total // per_page)),
        unread_only=unread_only,
    )


def back_to(page: str, unread: str) -> str:
    """The inbox page a mark-as-read came from (only ever the inbox: never another site)."""
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    return f"/notifications?page={number}" + ("&unread=true" if unread == "true" else "")
