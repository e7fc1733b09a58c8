"""A team's catchment as its manager reads it: each entry, most general first."""

from __future__ import annotations

from typing import Any

from linkwork_referral.domain.catchments import ensure_own_team, kind_of
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller


async def catchment(store: Store, who: Caller, team_id: str) -> dict[str, Any]:
    ensure_own_team(who, team_id)
    entries = sorted(await store.catchments.of_team(team_id))
    kinds = {entry: kind_of(entry) for entry in entries}
    return {
        "team_id": team_id,
        "entries": entries,
        "kinds": {entry: kind.name.lower() for entry, kind in kinds.items() if kind},
    }
