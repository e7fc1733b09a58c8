"""Who answers for a team's safeguarding concerns: its managers (their token's team) and its
designated safeguarding leads (staff recipients marked `safeguarding_lead`, whose id is their
token's `sub`); for a concern raised on a journey of no team, every team's (all of whom were
told of it). Anyone else is told there is no such concern: its existence is not revealed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_notifications.domain.feed_items import inbox_kind
from linkwork_runtime.caller import Caller, team_of
from linkwork_runtime.refusals import Conflict


class AlreadyAcknowledged(Conflict):
    """409: the concern was acknowledged before; the message says by whom and when."""

    code = "already_acknowledged"


def teams_answered_for(caller: Caller, own_record: Mapping[str, Any] | None) -> frozenset[str]:
    """The teams whose concerns `caller` sees and acknowledges: a manager's team, and the team
    the caller's own recipient record (`own_record`, kept by managers) makes them a lead of."""
    teams = {team} if (team := team_of(caller)) else set()
    lead = own_record is not None and own_record.get("safeguarding_lead") is True
    led = own_record.get("team_id") if own_record is not None else None
    if lead and led and inbox_kind(caller.sub) == "user":
        teams.add(str(led))
    return frozenset(teams)


def answers_for(teams: frozenset[str], team_id: str | None) -> bool:
    """Whether those who answer for `teams` answer for a concern of team `team_id`: its own,
    or, of no team, anyone who answers for any team's."""
    return team_id in teams if team_id else bool(teams)


def answered_filter(teams: frozenset[str]) -> dict[str, Any]:
    """The concerns those who answer for `teams` see, as a query: their teams', and those of
    no team (none at all for someone who answers for no team)."""
    if not teams:
        return {"team_id": {"$in": []}}
    return {"$or": [{"team_id": {"$in": sorted(teams)}}, {"team_id": None}]}


def concern_view(concern: Mapping[str, Any]) -> dict[str, Any]:
    """A concern as those who answer for it see it: ids, times, where it stands, who
    acknowledged it. Nothing of what the concern is."""
    fields = (
        "journey_id",
        "referral_id",
        "team_id",
        "link_worker_id",
        "raised_by",
        "raised_at",
        "status",
        "acknowledged_by",
        "acknowledged_at",
        "escalated_at",
    )
    return {"concern_id": concern["_id"], **{k: concern.get(k) for k in fields}}
