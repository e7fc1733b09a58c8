"""What the directory holds about one person, for a subject access request: its record of
their journeys (ids, link worker, team, open or closed) and every link of those journeys to a
service, with the provider's answers (accepted, declined and why, attendance, ended)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkwork_directory.queries.links import link_view
from linkwork_directory.store import Store
from linkwork_runtime.http import view


async def held_about(store: Store, referral_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """`journeys` and `links` (oldest first) of these referrals; none asked, none held."""
    if not referral_ids:
        return {"journeys": [], "links": []}
    journeys = await store.journeys.find({"referral_id": {"$in": sorted(set(referral_ids))}})
    journey_ids = sorted(j["_id"] for j in journeys)
    links = (
        await store.links.find(
            {"journey_id": {"$in": journey_ids}}, sort=[("linked_at", 1), ("_id", 1)]
        )
        if journey_ids
        else []
    )
    return {
        "journeys": [view(j, "journey_id") for j in journeys],
        "links": [link_view(link) for link in links],
    }
