"""A link worker's caseload (`/caseload`: with the risk flags due for review on her
journeys), and its sections alone for the live update."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.api.deps import BackendsDep, CaseList, Now, for_roles
from linkwork_console.api.pages import render
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.care_record import flags_due
from linkwork_console.queries.caseload import caseload

router = APIRouter(tags=["caseload"], dependencies=[CaseList])
LinkWorker = Annotated[Session, Depends(for_roles("link_worker"))]


@router.get("/caseload", summary="My caseload")
async def caseload_page(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now
) -> Response:
    found, due = await asyncio.gather(
        caseload(backends, session, now.date()),
        flags_due(
            backends, session, now.astimezone(LONDON).date(), link_worker=session.identity.sub
        ),
    )
    return await render(request, "caseload/page.html", title="My caseload", caseload=found, due=due)


@router.get("/caseload/sections", summary="My caseload's sections (live update)")
async def caseload_sections(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now
) -> Response:
    found = await caseload(backends, session, now.date())
    return await render(request, "caseload/sections.html", caseload=found, fragment=True)
