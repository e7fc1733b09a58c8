"""HTTP for unmet needs: link workers record them; commissioners (managers, directory
managers, ops) read them aggregated by need and area over a period."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_directory.actions.unmet_needs import UnmetNeedReport, record_unmet_need
from linkwork_directory.api.deps import Commissioner, LinkWorker, Now, StoreDep
from linkwork_directory.queries.unmet_needs import unmet_needs_report
from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import QueryTime, RuntimeDep, view
from linkwork_runtime.refusals import Conflict
from linkwork_schemas.common import NeedDomain

# Nothing recorded or reported names a person or a case: a need, a district, an age band.
router = APIRouter(
    tags=["unmet needs"],
    dependencies=[unconfined("an unmet need names no person or case: need, district, age band")],
)


@router.post(
    "/unmet-needs",
    status_code=201,
    summary="Record that no suitable service exists",
    responses=refused(Conflict),
)
async def record(body: UnmetNeedReport, who: LinkWorker, rt: RuntimeDep) -> dict[str, Any]:
    recorded = await rt.uow.run(lambda tx: record_unmet_need(tx, body, who))
    return view(recorded, "unmet_need_id")


@router.get("/reports/unmet-needs", summary="Unmet needs by need and area over a period")
async def report(
    _: Commissioner,
    store: StoreDep,
    now: Now,
    since: Annotated[
        QueryTime | None, Query(alias="from", description="Default: 90 days ago")
    ] = None,
    until: Annotated[QueryTime | None, Query(alias="to", description="Default: now")] = None,
    need_domain: NeedDomain | None = None,
    area: Annotated[str | None, Query(description="A postcode district, e.g. LS6")] = None,
) -> dict[str, Any]:
    return await unmet_needs_report(store, now, since, until, need_domain, area)
