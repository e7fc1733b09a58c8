"""HTTP import of ORUK feeds by directory managers, and the reports of past imports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query

from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.errors import Unprocessable
from linkwork_directory.http_deps import DirectoryManager, Paging, RuntimeDep
from linkwork_directory.importing import import_feed
from linkwork_directory.oruk.feed import FeedError, Kind, parse_feed
from linkwork_directory.store import ImportRuns

router = APIRouter(tags=["import"])


@router.post("/import", summary="Import ORUK JSON: a service, organization, page or array")
async def import_oruk(
    _: DirectoryManager,
    rt: RuntimeDep,
    feed: Annotated[
        Any,
        Body(
            description="ORUK JSON: a service, an organization with its "
            "services, a service_at_location, a taxonomy or term, a page "
            "(`contents`) or an array of them"
        ),
    ],
    kind: Annotated[
        Kind | None,
        Query(description="What the objects are, when it cannot be told from their fields"),
    ] = None,
    source: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="The feed's name, e.g. leeds-council"),
    ] = None,
    complete: Annotated[
        bool,
        Query(
            description="The feed holds every service of `source`: "
            "report the ones it no longer carries"
        ),
    ] = False,
) -> dict[str, Any]:
    if complete and not source:
        raise Unprocessable("source", "a complete feed needs the source it is complete for")
    bundle = Bundle()
    try:
        for item, where in parse_feed(feed, kind):
            bundle.add(item, where)
    except FeedError as exc:
        raise Unprocessable(exc.where, exc.message) from None
    return await import_feed(rt, bundle, source, complete)


@router.get("/imports", summary="Past imports, newest first, with what each found")
async def list_imports(_: DirectoryManager, paging: Paging, rt: RuntimeDep) -> dict[str, Any]:
    runs, total = await ImportRuns(rt.db).page(
        {}, paging.skip, paging.per_page, sort=(("imported_at", -1),)
    )
    return {"total": total, "items": [_view(r) for r in runs]}


@router.get("/imports/{import_id}", summary="One import's report")
async def get_import(import_id: str, _: DirectoryManager, rt: RuntimeDep) -> dict[str, Any]:
    run = await ImportRuns(rt.db).get(import_id)
    if run is None:
        raise HTTPException(404, {"error": "not_found", "message": f"no import {import_id!r}"})
    return _view(run)


def _view(run: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in run.items() if k != "_id"}
