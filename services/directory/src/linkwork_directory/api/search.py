"""HTTP search for link workers (`GET /search`). An empty result carries what to record as
an unmet need, so "no suitable service" is one confirming call away."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_directory.api.deps import LinkWorker, Now, Paging, SettingsDep, StoreDep
from linkwork_directory.queries.search_parameters import SearchParameters
from linkwork_directory.queries.search_results import search_answer
from linkwork_runtime.access import unconfined

router = APIRouter(
    tags=["search"], dependencies=[unconfined("the directory's services are open data")]
)


@router.get("/search", summary="Find services for a person: need, words, age, when, where")
async def search_services(
    params: Annotated[SearchParameters, Query()],
    paging: Paging,
    who: LinkWorker,
    store: StoreDep,
    settings: SettingsDep,
    now: Now,
) -> dict[str, Any]:
    return await search_answer(store, params, paging, now, settings.responsiveness_days)
