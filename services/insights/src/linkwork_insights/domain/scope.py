"""Who sees what: a commissioner the practices of their PCN or ICB, a manager their team's
referrals; and a report's filters narrow that, never widen it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from linkwork_insights.domain.periods import Filters
from linkwork_insights.domain.practices import Practices
from linkwork_runtime.refusals import NotPermitted

COMMISSIONER, MANAGER = "commissioner", "manager"


@dataclass(frozen=True)
class Scope:
    """What a caller's reports may count: the practices (None: any) and the team (None:
    any); `owner` names it for publications ("pcn:U00001", "team:leeds-north")."""

    practices: frozenset[str] | None
    team: str | None
    owner: str


def scope_of(
    roles: Collection[str],
    *,
    team_id: str | None,
    pcn_code: str | None,
    icb_code: str | None,
    practices: Practices,
) -> Scope:
    """A commissioner's token names a PCN or an ICB (the PCN when both); a manager's, a team.
    Neither is refused: no claim is no area, never every area."""
    pcn, icb, team = (pcn_code or "").strip(), (icb_code or "").strip(), (team_id or "").strip()
    if COMMISSIONER in roles and pcn:
        return Scope(practices.in_pcn(pcn.upper()), None, f"pcn:{pcn.upper()}")
    if COMMISSIONER in roles and icb:
        return Scope(practices.in_icb(icb.upper()), None, f"icb:{icb.upper()}")
    if MANAGER in roles and team:
        return Scope(None, team, f"team:{team}")
    raise NotPermitted(
        "reports need a commissioner's token naming a PCN (pcn_code) or an ICB (icb_code), "
        "or a manager's naming a team (team_id)"
    )


@dataclass(frozen=True)
class Criteria:
    """The referrals a report counts: practices (None: any), team (None: any), route."""

    practices: frozenset[str] | None
    team: str | None
    route: str | None


def criteria(scope: Scope, asked: Filters, practices: Practices) -> Criteria:
    chosen = scope.practices
    if asked.practice:
        chosen = _narrow(chosen, frozenset({asked.practice.upper()}))
    if asked.pcn:
        chosen = _narrow(chosen, practices.in_pcn(asked.pcn.upper()))
    team = scope.team
    if asked.team and team is not None and asked.team != team:
        return Criteria(frozenset(), team, asked.route)  # another team's: nothing of it
    return Criteria(chosen, team or asked.team, asked.route)


def _narrow(within: frozenset[str] | None, asked: frozenset[str]) -> frozenset[str]:
    return asked if within is None else within & asked
