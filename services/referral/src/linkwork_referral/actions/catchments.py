"""A manager keeps their team's postcode catchment (TeamCatchmentChanged). An entry another
team already keeps is refused, naming both; an entry more or less specific than another
team's is not a conflict: the most specific entry holding a postcode wins."""

from __future__ import annotations

from typing import Any

from linkwork_referral.domain.catchments import ensure_own_team, parse_entries
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import Conflict
from linkwork_schemas.referral import TeamCatchmentChanged, TeamCatchmentChangedPayload


class CatchmentClaimed(Conflict):
    """409: an entry is already in another team's catchment."""

    code = "catchment_claimed"


async def set_catchment(tx: Tx, team_id: str, who: Caller, written: list[str]) -> dict[str, Any]:
    """The team's catchment becomes `written`; the event only when something changed."""
    ensure_own_team(who, team_id)
    wanted = parse_entries(written)
    current = set(await tx.store.catchments.of_team(team_id))
    taken = {e: t for e, t in (await tx.store.catchments.teams_of(wanted)).items() if t != team_id}
    if taken:
        entry, other = sorted(taken.items())[0]
        raise CatchmentClaimed(
            f"entries: {entry} is already in team {other}'s catchment; one team keeps each "
            f"entry (a more specific one, such as a sector of it, may be another team's)",
            where="entries",
        )
    added = sorted(set(wanted) - current)
    removed = sorted(current - set(wanted))
    if added or removed:
        await tx.store.catchments.replace(team_id, added, removed, tx.now, who.sub)
        await tx.record(
            TeamCatchmentChanged,
            aggregate_id=team_id,
            payload=TeamCatchmentChangedPayload(
                team_id=team_id, entries=wanted, added=added, removed=removed, changed_by=who.sub
            ),
        )
    return {"team_id": team_id, "entries": wanted, "added": added, "removed": removed}
