"""Published reports: a manager or commissioner freezes a period's report (ReportPublished);
they, and callers of the same scope, read it back with the figures it had then."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from linkwork_insights.actions.publishing import publish
from linkwork_insights.api.answers import CSV_ANSWER, answer
from linkwork_insights.api.deps import (
    MaybeScopeDep,
    OnePublication,
    PracticesDep,
    Reader,
    Scoped,
    ScopeDep,
    SettingsDep,
    StoreDep,
)
from linkwork_insights.api.reports import Format
from linkwork_insights.domain.counts import By
from linkwork_insights.domain.periods import filters
from linkwork_insights.domain.scope import criteria
from linkwork_insights.queries.published import published_list, published_one
from linkwork_insights.queries.reports import Report, figures
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import NotFound, NotPermitted

router = APIRouter(tags=["published reports"])


class Publication(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    report: Report
    first: Annotated[str, Field(alias="from", description="First month, YYYY-MM")]
    last: Annotated[str, Field(alias="to", description="Last month, YYYY-MM")]
    practice: str | None = None
    pcn: str | None = None
    team: str | None = None
    route: str | None = None
    by: By = "practice"


@router.post(
    "/published",
    status_code=201,
    summary="Publish a period's report (frozen)",
    responses=refused(NotPermitted),
    dependencies=[Scoped],
)
async def publish_report(
    body: Publication,
    who: Reader,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    practices: PracticesDep,
    rt: RuntimeDep,
) -> dict[str, Any]:
    asked = filters(body.first, body.last, body.practice, body.pcn, body.team, body.route)
    found = await figures(
        store,
        body.report,
        asked,
        criteria(scope, asked, practices),
        settings.suppress_below,
        body.by,
    )
    return await rt.uow.run(
        lambda tx: publish(
            tx, body.report, asked, scope.owner, found, who.sub, settings.suppress_below
        )
    )


@router.get(
    "/published",
    summary="The reports published for the caller's scope",
    responses=refused(NotPermitted),
    dependencies=[Scoped],
)
async def list_published(scope: ScopeDep, store: StoreDep) -> dict[str, Any]:
    return {"published": await published_list(store, scope.owner)}


@router.get(
    "/published/{publication_id}",
    summary="A published report, as it was published",
    responses={**CSV_ANSWER, **refused(NotFound)},
    dependencies=[OnePublication],
)
async def read_published(
    request: Request,
    publication_id: str,
    scope: MaybeScopeDep,
    store: StoreDep,
    format_: Format = None,
) -> Response:
    found = await published_one(store, scope.owner if scope else None, publication_id)
    return answer(request, format_, found["report"], found)
