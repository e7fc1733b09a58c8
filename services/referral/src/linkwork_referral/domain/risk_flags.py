"""The referral's copy of its journey's active risk flags, kept from journey.events so that
whoever reads the referral (a manager triaging, a reassignment) sees them first too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkwork_schemas.journey import (
    RiskFlagRaised,
    RiskFlagRaisedPayload,
    RiskFlagRemoved,
    RiskFlagRemovedPayload,
    RiskFlagReviewed,
)

FlagEvent = RiskFlagRaised | RiskFlagReviewed | RiskFlagRemoved


def after(flags: Sequence[Mapping[str, Any]], event: FlagEvent) -> list[dict[str, Any]]:
    """The active flags once `event` has happened (a raise seen twice is kept once)."""
    p = event.payload
    others = [dict(f) for f in flags if f["flag_id"] != p.flag_id]
    if isinstance(p, RiskFlagRaisedPayload):
        raised = p.model_dump(mode="json", exclude={"journey_id", "referral_id"})
        return [*others, {**raised, "raised_at": event.occurred_at}]
    if isinstance(p, RiskFlagRemovedPayload):
        return others
    review_on = p.next_review_on.isoformat()
    return [{**f, "review_on": review_on} if f["flag_id"] == p.flag_id else dict(f) for f in flags]


def first(shown: Mapping[str, Any]) -> dict[str, Any]:
    """A referral as the API shows it, with its active risk flags right after its id."""
    id_field = next(iter(shown))
    rest = {k: v for k, v in shown.items() if k not in (id_field, "risk_flags")}
    return {id_field: shown[id_field], "risk_flags": shown.get("risk_flags", []), **rest}
