"""The unmet needs commissioners read: counted by need and area (and age band) over a
period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkwork_directory.domain.geo import BadPostcode, district
from linkwork_directory.domain.unmet_needs import report_period, summarise
from linkwork_directory.store import Store
from linkwork_runtime.refusals import Unprocessable
from linkwork_schemas.common import NeedDomain


async def unmet_needs_report(
    store: Store,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    need_domain: NeedDomain | None = None,
    area: str | None = None,
) -> dict[str, Any]:
    since, until = report_period(since, until, now)
    filters: dict[str, Any] = {}
    if need_domain:
        filters["need_domain"] = need_domain.value
    if area:
        try:
            filters["area"] = district(area)
        except BadPostcode as exc:
            raise Unprocessable(str(exc), where="area") from None
    rows = await store.unmet_needs.counts(since, until, filters)
    return {"from": since, "to": until, **summarise(rows)}
