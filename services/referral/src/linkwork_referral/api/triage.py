"""Triage: referrals no practice or catchment routed, listed for every manager, and routed
by hand to a team (ReferralRouted). Such a referral is no team's until then, so these routes
reach no party's records in particular; any manager of a team may call them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_referral.actions import triage
from linkwork_referral.actions.commands import Routing
from linkwork_referral.api.deps import Manager, SettingsDep, StoreDep
from linkwork_referral.domain.capacity import PLACES
from linkwork_referral.queries.referrals import awaiting_triage, referral_as_now
from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import Paging, RuntimeDep
from linkwork_runtime.refusals import Conflict, NotFound, NotPermitted, Unprocessable

router = APIRouter(
    tags=["triage"],
    dependencies=[unconfined("a referral awaiting triage is no team's until a manager routes it")],
)


@router.get(
    "/triage",
    summary="Referrals awaiting triage: urgent, then longest waiting, first",
    responses=refused(NotPermitted),
)
async def list_triage(who: Manager, store: StoreDep, paging: Paging) -> dict[str, Any]:
    return await awaiting_triage(store, who, paging)


@router.post(
    "/referrals/{referral_id}/route",
    summary="Route a referral from triage to a team (ReferralRouted), then assign or queue it",
    responses=refused(NotFound, Conflict, Unprocessable),
)
async def route(
    referral_id: str, body: Routing, who: Manager, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    await rt.uow.run(
        lambda tx: triage.route(tx, referral_id, who, body.team_id, body.link_worker_id, settings),
        serial=PLACES,
    )
    return await referral_as_now(rt.store, referral_id)
