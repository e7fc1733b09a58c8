"""A manager routes a referral that waits in triage (no practice or catchment routed it) to a
team, and perhaps one of its link workers (ReferralRouted); it is then assigned by capacity
or waits for the team's, as any routed referral."""

from __future__ import annotations

from linkwork_referral.actions.assignment import assign_to, route_to_team
from linkwork_referral.actions.lifecycle import load
from linkwork_referral.domain import access
from linkwork_referral.domain.lifecycle import Status, ensure_allowed
from linkwork_referral.domain.routing import RoutedBy
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Unprocessable
from linkwork_schemas.referral import ReferralRouted, ReferralRoutedPayload


async def route(
    tx: Tx,
    referral_id: str,
    who: Caller,
    team_id: str,
    link_worker_id: str | None,
    settings: Settings,
) -> Document:
    # Any referral the manager sees is answered by its state (409 once routed), not 403.
    referral = await load(tx, referral_id, who, access.can_see)
    ensure_allowed("route", referral["status"])
    members = await tx.store.link_workers.in_team(team_id)
    if not members:
        raise Unprocessable(
            f"team_id: no team {team_id!r} with an active link worker", where="team_id"
        )
    if link_worker_id is not None and link_worker_id not in {m.link_worker_id for m in members}:
        raise Unprocessable(
            f"link_worker_id: {link_worker_id!r} is not an active link worker of team {team_id}",
            where="link_worker_id",
        )
    await tx.record(
        ReferralRouted,
        aggregate_id=referral_id,
        payload=ReferralRoutedPayload(
            referral_id=referral_id,
            team_id=team_id,
            link_worker_id=link_worker_id,
            routed_by=who.sub,
        ),
    )
    routed = {**referral, "status": Status.RECEIVED}
    if link_worker_id is None:
        await route_to_team(tx, routed, team_id, RoutedBy.MANAGER, settings, assigned_by=who.sub)
        return routed
    await tx.store.referrals.change(
        referral_id,
        {"routed_by": RoutedBy.MANAGER, "team_id": team_id},
        {"event": "ReferralRouted", "at": tx.now, "by": who.sub, "team_id": team_id},
    )
    await assign_to(tx, routed, link_worker_id, team_id, who.sub, settings)
    return routed
