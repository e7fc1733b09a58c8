"""What the notifications service holds about one person, for a subject access request: the
contact details and case facts it keeps for their referrals (the details only until the
referral ends), every message to them or to staff about them (deliveries: what, by which
channel, when, the outcome; a message's address and words are kept only until it is final),
the in-app notifications about them, and the safeguarding concerns raised on their journeys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkwork_notifications.store import Store
from linkwork_runtime.http import view
from linkwork_runtime.mongo import Document

SENDERS_OWN = ("holder", "lease_until")  # the dispatcher's lease: nothing about the person
OLDEST_FIRST = (("created_at", 1), ("_id", 1))
SECTIONS = ("cases", "deliveries", "in_app_notifications", "safeguarding_concerns")


async def held_about(store: Store, referral_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """`cases`, `deliveries`, `in_app_notifications`, `safeguarding_concerns`, oldest first."""
    if not referral_ids:
        return {name: [] for name in SECTIONS}
    asked = {"referral_id": {"$in": sorted(set(referral_ids))}}
    cases = await store.cases.get_many(referral_ids)
    deliveries = await store.deliveries.find(asked, sort=OLDEST_FIRST)
    in_app = await store.inbox.find(asked, sort=OLDEST_FIRST)
    concerns = await store.concerns.find(asked, sort=[("raised_at", 1), ("_id", 1)])
    return {
        "cases": [view(case, "referral_id") for case in cases.values()],
        "deliveries": [_delivery(d) for d in deliveries],
        "in_app_notifications": [view(n, "notification_id") for n in in_app],
        "safeguarding_concerns": [view(c, "concern_id") for c in concerns],
    }


def _delivery(delivery: Document) -> dict[str, Any]:
    kept = {k: v for k, v in delivery.items() if k not in SENDERS_OWN}
    return view(kept, "notification_id")
