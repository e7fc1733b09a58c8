"""What the insights routes share: settings, store, the practice reference, who may call
and the scope of their reports, and a report's filters as parsed from the query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from linkwork_insights.domain.counts import By
from linkwork_insights.domain.periods import Filters, filters
from linkwork_insights.domain.practices import Practices
from linkwork_insights.domain.scope import Scope, scope_of
from linkwork_insights.settings import Settings
from linkwork_insights.store import Store
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import get_settings, get_store
from linkwork_runtime.refusals import NotPermitted

SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.COMMISSIONER))]
# A manager's reports count their team's referrals; a commissioner's their area's practices'.
SCOPED = {"manager": Party.TEAM, "commissioner": Party.AREA}
Scoped = confined(Refused.LEFT_OUT, **SCOPED)
OnePublication = confined(Refused.NOT_FOUND, **SCOPED)


def practices_of(request: Request) -> Practices:
    practices: Practices = request.app.state.practices
    return practices


PracticesDep = Annotated[Practices, Depends(practices_of)]


def caller_scope(who: Reader, practices: PracticesDep) -> Scope:
    return scope_of(
        who.roles,
        team_id=who.team_id,
        pcn_code=who.pcn_code,
        icb_code=who.icb_code,
        practices=practices,
    )


ScopeDep = Annotated[Scope, Depends(caller_scope)]


def caller_scope_or_none(who: Reader, practices: PracticesDep) -> Scope | None:
    """For a route about one record: a caller with no area or team has none of them."""
    try:
        return caller_scope(who, practices)
    except NotPermitted:
        return None


MaybeScopeDep = Annotated[Scope | None, Depends(caller_scope_or_none)]


def report_filters(
    first: Annotated[str, Query(alias="from", description="First month, YYYY-MM")],
    last: Annotated[str, Query(alias="to", description="Last month, YYYY-MM")],
    practice: Annotated[str | None, Query(description="A practice's ODS code")] = None,
    pcn: Annotated[str | None, Query(description="A primary care network's code")] = None,
    team: Annotated[str | None, Query(description="A link worker team")] = None,
    route: Annotated[str | None, Query(description="A referral route, e.g. gp, self")] = None,
) -> Filters:
    return filters(first, last, practice, pcn, team, route)


FiltersDep = Annotated[Filters, Depends(report_filters)]
ByDep = Annotated[By, Query(description="What the referrals are counted by")]
