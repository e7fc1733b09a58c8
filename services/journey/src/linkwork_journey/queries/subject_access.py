"""What the journey service holds about one person, for a subject access request: the
journeys of their referrals (needs, goals, contacts and appointments, measures, risk flags,
every case note, restricted ones too: information governance reads them) and each referral's
timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from linkwork_journey.domain import care_record
from linkwork_journey.store import Store
from linkwork_runtime.caller import Caller, reads_note
from linkwork_runtime.http import view


async def held_about(
    store: Store, who: Caller, referral_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """`journeys` and `timeline` (oldest first) of these referrals; none asked, none held."""
    if not referral_ids:
        return {"journeys": [], "timeline": []}
    asked = {"referral_id": {"$in": sorted(set(referral_ids))}}
    journeys = await store.journeys.find(asked, sort=[("started_at", 1), ("_id", 1)])
    entries = await store.timeline.find(asked)
    team_of = {j["referral_id"]: j.get("team_id") for j in journeys}
    today = datetime.now(UTC).date()
    return {
        "journeys": [view(care_record.presented(who, j, today), "journey_id") for j in journeys],
        "timeline": [
            view(entry, "event_id")
            for entry in entries
            if reads_note(who, entry, team_of.get(entry["referral_id"]))
        ],
    }
