"""A manager's triage page (`/triage`): every referral no practice or catchment routed, each
with its route form; routing one sends it to the team (and link worker) chosen, and the page
shows it gone from the list and what became of it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import triage as actions
from linkwork_console.api.deps import BackendsDep, Form, Now, for_roles
from linkwork_console.api.forms import submit
from linkwork_console.api.pages import render
from linkwork_console.backends import BackendRefused, Backends
from linkwork_console.domain import triage as rules
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.triage import routed, triage_page
from linkwork_runtime.access import unconfined

router = APIRouter(tags=["triage"])
Manager = Annotated[Session, Depends(for_roles("manager"))]
# As the referral service's own triage routes: such a referral is no team's yet.
NO_TEAMS_YET = [unconfined("a referral awaiting triage is no team's until a manager routes it")]


@router.get("/triage", summary="Referrals awaiting triage", dependencies=NO_TEAMS_YET)
async def triage(
    request: Request,
    session: Manager,
    backends: BackendsDep,
    now: Now,
    routed_id: str = "",
    team: str = "",
) -> Response:
    """The list; after routing (`routed_id`, `team`), a line saying what became of it."""
    return await show(request, backends, session, now, FormState(), 200, routed_id, team)


@router.post(
    "/triage/{referral_id}/route", summary="Route a referral to a team", dependencies=NO_TEAMS_YET
)
async def route(
    request: Request,
    referral_id: str,
    session: Manager,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    typed = {name: form.get(name) for name in rules.FIELDS}
    body = rules.routing(typed, session.identity.team_id)

    async def again(state: FormState, status: int) -> Response:
        state = rules.refused_route(state, status, _message(state))
        return await show(request, backends, session, now, state, status)

    query = urlencode({"routed_id": referral_id, "team": body["team_id"]})
    return await submit(
        _routing(backends, session, referral_id, body),
        then=f"/triage?{query}",
        form_name=f"route-{referral_id}",
        typed=typed,
        fields=rules.FIELDS,
        show_again=again,
    )


async def _routing(
    backends: Backends, session: Session, referral_id: str, body: dict[str, str]
) -> Any:
    """Route it; one another manager routed meanwhile to their team (404 to this one) is, to
    this manager, as one no longer in triage."""
    try:
        return await actions.route(backends, session, referral_id, body)
    except BackendRefused as refused:
        if refused.status != 404:
            raise
        gone = {"detail": {"message": "it is no longer awaiting triage (another team has it)"}}
        raise BackendRefused(refused.service, 409, gone) from None


def _message(state: FormState) -> str:
    return state.errors[0].message if state.errors else ""


async def show(
    request: Request,
    backends: Backends,
    session: Session,
    now: datetime,
    form: FormState,
    status: int,
    routed_id: str = "",
    team: str = "",
) -> Response:
    waiting, workers = await triage_page(backends, session, now)
    done = await routed(backends, session, routed_id, team, workers) if routed_id else ""
    return await render(
        request,
        "triage/page.html",
        status=status,
        title="Referrals awaiting triage",
        triage=waiting,
        workers=workers,
        form=form,
        anchors=rules.element_ids(form),
        own_team=session.identity.team_id or "",
        done=done,
    )
