"""A manager's pages: the team dashboard (`/team`: caseloads against caps, the waiting list,
overdue first contacts, possible duplicates, referrals not yet assigned, risk flags due for
review, safeguarding concerns to acknowledge, the postcode catchment; its sections alone for
the live update),
registering a link worker, and one link worker (their caseload, and their details to
change)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import team as actions
from linkwork_console.api.deps import BackendsDep, Form, Now, Posted, for_roles
from linkwork_console.api.forms import ShowAgain, invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import concerns
from linkwork_console.domain import link_worker_form as rules
from linkwork_console.domain.catchment import DONE as CATCHMENT_DONE
from linkwork_console.domain.catchment import FIELD, entries_of
from linkwork_console.domain.catchment import FORM as CATCHMENT
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.team import path_id
from linkwork_console.queries.care_record import flags_due
from linkwork_console.queries.concerns import waiting as concerns_waiting
from linkwork_console.queries.team import (
    catchment,
    link_worker,
    link_worker_page,
    team_dashboard,
)
from linkwork_runtime.access import Party, Refused, confined, unconfined

router = APIRouter(tags=["team"])
Manager = Annotated[Session, Depends(for_roles("manager"))]
FORM = "link-worker"
TEAM = [confined(Refused.LEFT_OUT, manager=Party.TEAM)]
ONE_WORKER = [confined(Refused.NOT_FOUND, manager=Party.TEAM)]
# The form names no team: a manager registers link workers in their own.
OWN_TEAM = [unconfined("registers a link worker in the manager's own team")]


@router.get("/team", summary="The team dashboard", dependencies=TEAM)
async def team_page(
    request: Request, session: Manager, backends: BackendsDep, now: Now, done: str = ""
) -> Response:
    said = {**concerns.DONE, **CATCHMENT_DONE}.get(done, "")
    return await show_team(request, backends, session, now, done=said)


async def show_team(
    request: Request,
    backends: Backends,
    session: Session,
    now: datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    """The dashboard; with a safeguarding concern's refused acknowledgement, when `form`."""
    team, due, waiting, kept = await asyncio.gather(
        team_dashboard(backends, session, now),
        flags_due(backends, session, now.astimezone(LONDON).date()),
        concerns_waiting(backends, session),
        catchment(backends, session),
    )
    return await render(
        request,
        "team/page.html",
        status=status,
        title="Your team",
        team=team,
        due=due,
        concerns=waiting,
        catchment=entries_of(kept),
        anchors={FIELD: f"{CATCHMENT}-{FIELD}"},
        form=form or FormState(),
        done=done,
    )


@router.get(
    "/team/sections", summary="The team dashboard's sections (live update)", dependencies=TEAM
)
async def team_sections(
    request: Request, session: Manager, backends: BackendsDep, now: Now
) -> Response:
    team = await team_dashboard(backends, session, now)
    return await render(request, "team/sections.html", fragment=True, team=team)


@router.get("/team/link-workers/new", summary="Register a link worker", dependencies=OWN_TEAM)
async def new_link_worker(request: Request, session: Manager) -> Response:
    return await _new_page(request, FormState(values=dict(rules.NEW_WORKER), name=FORM))


@router.post("/team/link-workers/new", summary="Register a link worker", dependencies=OWN_TEAM)
async def register_link_worker(
    request: Request, session: Manager, backends: BackendsDep, form: Form
) -> Response:
    async def again(state: FormState, status: int) -> Response:
        return await _new_page(request, rules.refused(state, status, registering=True), status)

    details, problems = rules.details_of(_typed(form))
    if problems:
        return await _new_page(request, invalid(FORM, form.typed(), *problems), 422)
    return await submit(
        actions.register_link_worker(backends, session, rules.registration(details)),
        then=f"/team/link-workers/{path_id(details['link_worker_id'])}?done=registered",
        form_name=FORM,
        typed=form.typed(),
        fields=rules.FIELDS,
        show_again=again,
        refused_as="The link worker was not registered",
    )


@router.get(
    "/team/link-workers/{link_worker_id}",
    summary="A link worker: caseload and details",
    dependencies=ONE_WORKER,
)
async def link_worker_details(
    request: Request,
    link_worker_id: str,
    session: Manager,
    backends: BackendsDep,
    now: Now,
    done: str = "",
) -> Response:
    show = _again(request, backends, session, link_worker_id, now, done=rules.DONE.get(done, ""))
    return await show(FormState(name=FORM), 200)


@router.get(
    "/team/link-workers/{link_worker_id}/caseload",
    summary="A link worker's caseload (live update)",
    dependencies=ONE_WORKER,
)
async def link_worker_caseload(
    request: Request, link_worker_id: str, session: Manager, backends: BackendsDep, now: Now
) -> Response:
    page = await link_worker_page(backends, session, link_worker_id, now)
    return await render(request, "team/caseload.html", fragment=True, page=page)


@router.post(
    "/team/link-workers/{link_worker_id}",
    summary="Change a link worker's details",
    dependencies=ONE_WORKER,
)
async def change_link_worker(
    request: Request,
    link_worker_id: str,
    session: Manager,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    show = _again(request, backends, session, link_worker_id, now)

    async def again(state: FormState, status: int) -> Response:
        return await show(rules.refused(state, status), status)

    current = await link_worker(backends, session, link_worker_id)
    details, problems = rules.details_of(_typed(form) | {"link_worker_id": link_worker_id})
    if problems:
        return await show(invalid(FORM, form.typed(), *problems), 422)
    return await submit(
        actions.change_link_worker(
            backends, session, link_worker_id, rules.changes(details, current)
        ),
        then=f"/team/link-workers/{path_id(link_worker_id)}?done=changed",
        form_name=FORM,
        typed=form.typed(),
        fields=rules.FIELDS,
        show_again=again,
        refused_as="The details were not saved",
    )


def _typed(form: Posted) -> dict[str, str]:
    return {name: form.get(name) for name in rules.FIELDS}


async def _new_page(request: Request, form: FormState, status: int = 200) -> Response:
    return await render(
        request,
        "team/new_link_worker.html",
        status=status,
        title="Register a link worker",
        form=form,
    )


def _again(
    request: Request,
    backends: Backends,
    session: Session,
    link_worker_id: str,
    now: datetime,
    *,
    done: str = "",
) -> ShowAgain:
    """The link worker's page, with the details form as typed (or, unfilled, as recorded)."""

    async def show(form: FormState, status: int) -> Response:
        page = await link_worker_page(backends, session, link_worker_id, now)
        if not form.errors:
            form = FormState(values=rules.values_of(page.worker), name=FORM)
        return await render(
            request,
            "team/link_worker.html",
            status=status,
            title=f"Link worker: {page.load.name}",
            page=page,
            form=form,
            done=done,
        )

    return show
