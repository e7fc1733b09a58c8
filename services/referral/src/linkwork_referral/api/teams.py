"""HTTP records of teams: the postcode catchment a team's manager keeps, by which referrals
no practice routes find the team."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_referral.actions import catchments
from linkwork_referral.actions.commands import Catchment
from linkwork_referral.api.deps import Manager, StoreDep
from linkwork_referral.queries.catchments import catchment
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import Conflict, NotPermitted, Unprocessable

# The path names the team: another team's manager is refused, saying so.
router = APIRouter(
    tags=["teams"],
    responses=refused(NotPermitted),
    dependencies=[confined(Refused.FORBIDDEN, manager=Party.TEAM)],
)


@router.get("/teams/{team_id}/catchment", summary="The team's postcode catchment")
async def get_catchment(team_id: str, who: Manager, store: StoreDep) -> dict[str, Any]:
    return await catchment(store, who, team_id)


@router.put(
    "/teams/{team_id}/catchment",
    summary="Set the team's postcode catchment (TeamCatchmentChanged)",
    responses=refused(Conflict, Unprocessable),
)
async def set_catchment(team_id: str, body: Catchment, who: Manager, rt: RuntimeDep) -> Any:
    return await rt.uow.run(lambda tx: catchments.set_catchment(tx, team_id, who, body.entries))
