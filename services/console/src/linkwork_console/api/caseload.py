"""A link worker's caseload (`/caseload`: with the risk flags due for review on her
journeys, and the team's safeguarding concerns when she is a safeguarding lead), and its
sections alone for the live update."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.api.deps import BackendsDep, CaseList, Now, for_roles
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import concerns
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.care_record import flags_due
from linkwork_console.queries.caseload import caseload
from linkwork_console.queries.concerns import waiting as concerns_waiting

router = APIRouter(tags=["caseload"], dependencies=[CaseList])
LinkWorker = Annotated[Session, Depends(for_roles("link_worker"))]


@router.get("/caseload", summary="My caseload")
async def caseload_page(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now, done: str = ""
) -> Response:
    return await show_caseload(request, backends, session, now, done=concerns.DONE.get(done, ""))


async def show_caseload(
    request: Request,
    backends: Backends,
    session: Session,
    now: datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    """Her caseload; a safeguarding lead's with the team's concerns to acknowledge."""
    found, due, waiting = await asyncio.gather(
        caseload(backends, session, now.date()),
        flags_due(
            backends, session, now.astimezone(LONDON).date(), link_worker=session.identity.sub
        ),
        concerns_waiting(backends, session),
    )
    return await render(
        request,
        "caseload/page.html",
        status=status,
        title="My caseload",
        caseload=found,
        due=due,
        concerns=waiting,
        form=form or FormState(),
        done=done,
    )


@router.get("/caseload/sections", summary="My caseload's sections (live update)")
async def caseload_sections(
    request: Request, session: LinkWorker, backends: BackendsDep, now: Now
) -> Response:
    found = await caseload(backends, session, now.date())
    return await render(request, "caseload/sections.html", caseload=found, fragment=True)
