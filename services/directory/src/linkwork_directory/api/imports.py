"""HTTP import of ORUK feeds by directory managers, and the reports of past imports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from linkwork_directory.actions.importing import bundle_of, import_feed
from linkwork_directory.api.deps import DirectoryManager, Paging, StoreDep
from linkwork_directory.oruk.feed import Kind
from linkwork_directory.queries.imports import import_run, import_runs
from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import NotFound, Unprocessable

router = APIRouter(
    tags=["import"], dependencies=[unconfined("directory managers keep the whole directory")]
)


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
        raise Unprocessable("a complete feed needs the source it is complete for", where="source")
    return await import_feed(rt.uow, bundle_of(feed, kind), source, complete)


@router.get("/imports", summary="Past imports, newest first, with what each found")
async def list_imports(_: DirectoryManager, paging: Paging, store: StoreDep) -> dict[str, Any]:
    return await import_runs(store, paging)


@router.get("/imports/{import_id}", summary="One import's report", responses=refused(NotFound))
async def get_import(import_id: str, _: DirectoryManager, store: StoreDep) -> dict[str, Any]:
    return await import_run(store, import_id)
