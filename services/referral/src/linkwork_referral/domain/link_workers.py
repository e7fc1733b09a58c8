"""Link workers as the service records them: one record per user id, the caseload cap their
working pattern gives unless a manager sets one, and who may see a record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from linkwork_referral.domain.capacity import default_caseload_cap
from linkwork_runtime.caller import Caller, team_of
from linkwork_runtime.refusals import Conflict, NotPermitted


class LinkWorkerExists(Conflict):
    """409: a link worker is registered once, under their user id."""

    code = "exists"

    def __init__(self, link_worker_id: str) -> None:
        super().__init__(f"link worker {link_worker_id!r} exists", where="link_worker_id")


def registered(
    link_worker_id: str,
    details: Mapping[str, Any],
    *,
    by: Caller,
    now: datetime,
    weeks_per_person: int,
) -> dict[str, Any]:
    """The record of a new link worker (`details` as given; their team is the manager's
    unless named), with no referrals yet."""
    cap = details.get("caseload_cap")
    if cap is None:
        cap = default_caseload_cap(details["fte"], weeks_per_person)
    return {
        **{k: v for k, v in details.items() if k != "caseload_cap"},
        "_id": link_worker_id,
        "team_id": ensure_own_team(by, details.get("team_id")),
        "caseload_cap": cap,
        "open_caseload": 0,
        "registered_at": now,
        "registered_by": by.sub,
    }


def changed(fields: Mapping[str, Any], weeks_per_person: int) -> dict[str, Any]:
    """The fields to set: a new working pattern brings its cap, unless a cap is given too."""
    if "fte" in fields and "caseload_cap" not in fields:
        return {**fields, "caseload_cap": default_caseload_cap(fields["fte"], weeks_per_person)}
    return dict(fields)


def visible_to(caller: Caller) -> dict[str, Any]:
    """The link workers a caller may list, as a field filter: a manager their team's, anyone
    else (a manager without a team claim too) themselves."""
    team = team_of(caller)
    return {"team_id": team} if team else {"_id": caller.sub}


def may_see(caller: Caller, worker: Mapping[str, Any]) -> bool:
    team = team_of(caller)
    if team:
        return worker.get("team_id") == team
    return bool(worker["_id"] == caller.sub)


def ensure_own_team(by: Caller, team_id: str | None) -> str:
    """The team a manager registers a link worker in, or moves one to: their own only."""
    team = team_of(by)
    if team is None:
        raise NotPermitted("registering or moving link workers needs a manager's team_id claim")
    if team_id is not None and team_id != team:
        raise NotPermitted(
            f"a manager of team {team!r} registers and moves link workers in that team only",
            where="team_id",
        )
    return team
