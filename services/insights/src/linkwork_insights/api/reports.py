"""The reports: referrals, waits, outcomes, connections and unmet needs over a period of
months, each JSON or CSV, each counting only what the caller's scope allows."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from linkwork_insights.api.answers import CSV_ANSWER, answer
from linkwork_insights.api.deps import (
    ByDep,
    FiltersDep,
    PracticesDep,
    Scoped,
    ScopeDep,
    SettingsDep,
    StoreDep,
)
from linkwork_insights.domain.periods import Filters
from linkwork_insights.domain.scope import Scope, criteria
from linkwork_insights.queries.reports import Report, figures
from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.refusals import NotPermitted

router = APIRouter(tags=["reports"])
Format = Annotated[
    Literal["json", "csv"] | None,
    Query(alias="format", description="csv, or json (the default; or send Accept: text/csv)"),
]
REFUSED = refused(NotPermitted)


def envelope(
    report: str, asked: Filters, scope: Scope, suppress_below: int, found: dict[str, Any]
) -> dict[str, Any]:
    return {
        "report": report,
        "period": {"from": asked.first, "to": asked.last},
        "filters": asked.named(),
        "scope": scope.owner,
        "suppress_below": suppress_below,
        "figures": found,
    }


async def _report(
    request: Request,
    report: Report,
    asked: Filters,
    scope: Scope,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    format_: str | None,
    by: Any = "practice",
) -> Response:
    chosen = criteria(scope, asked, practices)
    found = await figures(store, report, asked, chosen, settings.suppress_below, by)
    return answer(
        request, format_, report, envelope(report, asked, scope, settings.suppress_below, found)
    )


@router.get(
    "/reports/referrals",
    summary="Referrals by month and practice, team, route or reason",
    responses={**CSV_ANSWER, **REFUSED},
    dependencies=[Scoped],
)
async def referrals(
    request: Request,
    asked: FiltersDep,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    by: ByDep = "practice",
    format_: Format = None,
) -> Response:
    return await _report(
        request, "referrals", asked, scope, settings, store, practices, format_, by
    )


@router.get(
    "/reports/waits",
    summary="Waits from receipt to assignment, first contact, acceptance",
    responses={**CSV_ANSWER, **REFUSED},
    dependencies=[Scoped],
)
async def waits(
    request: Request,
    asked: FiltersDep,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    format_: Format = None,
) -> Response:
    return await _report(request, "waits", asked, scope, settings, store, practices, format_)


@router.get(
    "/reports/outcomes",
    summary="How journeys ended, goals, change in wellbeing",
    responses={**CSV_ANSWER, **REFUSED},
    dependencies=[Scoped],
)
async def outcomes(
    request: Request,
    asked: FiltersDep,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    format_: Format = None,
) -> Response:
    return await _report(request, "outcomes", asked, scope, settings, store, practices, format_)


@router.get(
    "/reports/connections",
    summary="Services linked, accepted, attended; reply times",
    responses={**CSV_ANSWER, **REFUSED},
    dependencies=[Scoped],
)
async def connections(
    request: Request,
    asked: FiltersDep,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    format_: Format = None,
) -> Response:
    return await _report(request, "connections", asked, scope, settings, store, practices, format_)


@router.get(
    "/reports/unmet-needs",
    summary="Unmet needs by need and postcode district",
    responses={**CSV_ANSWER, **REFUSED},
    dependencies=[
        unconfined("an unmet need is recorded with no practice, team or person: a need, a district")
    ],
)
async def unmet_needs(
    request: Request,
    asked: FiltersDep,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    format_: Format = None,
) -> Response:
    return await _report(request, "unmet-needs", asked, scope, settings, store, practices, format_)
