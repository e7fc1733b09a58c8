"""HTTP for unmet needs: link workers record them; commissioners (managers, directory
managers, ops) read them aggregated by need and area over a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_directory.domain.geo import BadPostcode, district
from linkwork_directory.domain.unmet_needs import summarise
from linkwork_directory.errors import Unprocessable
from linkwork_directory.http_deps import Commissioner, LinkWorker, RuntimeDep
from linkwork_directory.store import UnmetNeeds
from linkwork_directory.unmet_needs import UnmetNeedReport, record_unmet_need
from linkwork_schemas.common import NeedDomain

router = APIRouter(tags=["unmet needs"])


@router.post("/unmet-needs", status_code=201, summary="Record that no suitable service exists")
async def record(body: UnmetNeedReport, who: LinkWorker, rt: RuntimeDep) -> dict[str, Any]:
    return await rt.uow.run(lambda tx: record_unmet_need(tx, body, who))


@router.get("/reports/unmet-needs", summary="Unmet needs by need and area over a period")
async def report(
    _: Commissioner,
    rt: RuntimeDep,
    since: Annotated[
        datetime | None, Query(alias="from", description="Default: 90 days ago")
    ] = None,
    until: Annotated[datetime | None, Query(alias="to", description="Default: now")] = None,
    need_domain: NeedDomain | None = None,
    area: Annotated[str | None, Query(description="A postcode district, e.g. LS6")] = None,
) -> dict[str, Any]:
    until = _utc(until) if until else datetime.now(UTC)
    since = _utc(since) if since else until - timedelta(days=90)
    if since >= until:
        raise Unprocessable("from", "the period must start before it ends")
    filters: dict[str, Any] = {}
    if need_domain:
        filters["need_domain"] = need_domain.value
    if area:
        try:
            filters["area"] = district(area)
        except BadPostcode as exc:
            raise Unprocessable("area", str(exc)) from None
    rows = await UnmetNeeds(rt.db).counts(since, until, filters)
    return {"from": since, "to": until, **summarise(rows)}


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
