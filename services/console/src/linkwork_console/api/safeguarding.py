"""Acknowledging a safeguarding concern, from the team page, a safeguarding lead's caseload or
the inbox: sent to the notifications service, then back to that page with what was done, or
the page again with the service's reason (acknowledged already: by whom and when)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import concerns as actions
from linkwork_console.api.caseload import show_caseload
from linkwork_console.api.deps import BackendsDep, Form, Now, for_roles
from linkwork_console.api.forms import submit
from linkwork_console.api.notifications import show_inbox
from linkwork_console.api.team import show_team
from linkwork_console.domain import concerns as rules
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.sessions import Session
from linkwork_runtime.access import Party, Refused, confined

router = APIRouter(tags=["safeguarding concerns"])
Answering = Annotated[Session, Depends(for_roles("link_worker", "manager"))]
# As the notifications service confines it: its team's managers and safeguarding leads.
CONCERN = [confined(Refused.NOT_FOUND, manager=Party.TEAM, link_worker=Party.TEAM)]


@router.post(
    "/safeguarding-concerns/{concern_id}/acknowledge",
    summary="Acknowledge a safeguarding concern",
    dependencies=CONCERN,
)
async def acknowledge(
    request: Request,
    concern_id: str,
    session: Answering,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    # Back to the inbox, or to the page of hers that lists the concerns: nowhere else.
    back = (
        "notifications" if form.get("back") == "notifications" else rules.home_of(session.identity)
    )
    name = f"acknowledge-{concern_id}"

    async def again(state: FormState, status: int) -> Response:
        errors = [FieldError(e.field or name, e.message) for e in state.errors]
        shown = FormState(values=state.values, errors=errors, name=name)
        if back == "notifications":
            return await show_inbox(request, backends, session, form=shown, status=status)
        if back == "team":
            return await show_team(request, backends, session, now, form=shown, status=status)
        return await show_caseload(request, backends, session, now, form=shown, status=status)

    return await submit(
        actions.acknowledge(backends, session, concern_id),
        then=rules.done_at(back),
        form_name=name,
        typed=form.typed(),
        fields=(),
        show_again=again,
        refused_as="The concern was not acknowledged",
    )
