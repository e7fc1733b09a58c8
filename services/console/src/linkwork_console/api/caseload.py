"""A link worker's caseload (`/caseload`), and its sections alone for the live update."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.api.deps import BackendsDep, CaseList, Now, for_roles
from linkwork_console.api.pages import render
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.caseload import caseload

router = APIRouter(tags=["caseload"], dependencies=[CaseList])
LinkWorker = Annotated[Session, Depends(for_roles("link_worker"))]


@router.get("/caseload", summary="My caseload")
async def caseload_page(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now
) -> Response:
    found = await caseload(backends, session, now.date())
    return await render(request, "caseload/page.html", title="My caseload", caseload=found)


@router.get("/caseload/sections", summary="My caseload's sections (live update)")
async def caseload_sections(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now
) -> Response:
    found = await caseload(backends, session, now.date())
    return await render(request, "caseload/sections.html", caseload=found, fragment=True)
