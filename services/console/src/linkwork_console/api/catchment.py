"""The team's postcode catchment, kept by its manager on the team page: add one or more
entries, or remove one; each change sends the whole catchment to the referral service (PUT),
and a bad entry or one another team keeps comes back in the NHS.UK error summary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import team as actions
from linkwork_console.api.deps import BackendsDep, Form, Now, for_roles
from linkwork_console.api.forms import invalid
from linkwork_console.api.pages import see_other
from linkwork_console.api.team import show_team
from linkwork_console.backends import BackendRefused
from linkwork_console.domain import catchment as rules
from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.team import catchment
from linkwork_runtime.access import unconfined

router = APIRouter(tags=["team"])
Manager = Annotated[Session, Depends(for_roles("manager"))]
# The path names no team: a manager keeps their own team's catchment (the service refuses
# any other).
OWN_TEAM = [unconfined("keeps the manager's own team's catchment")]
SAVED = "/team?done=catchment#catchment"


@router.post("/team/catchment", summary="Add to the team's catchment", dependencies=OWN_TEAM)
async def add_to_catchment(
    request: Request, session: Manager, backends: BackendsDep, now: Now, form: Form
) -> Response:
    typed = rules.typed_entries(form.get(rules.FIELD))
    if not typed:
        problem = FieldError(rules.FIELD, "Enter a postcode area, district or sector to add")
        state = invalid(rules.FORM, form.typed(), problem)
        return await show_team(request, backends, session, now, form=state, status=422)
    kept = (await catchment(backends, session))["entries"]
    sent = rules.with_added(kept, typed)
    try:
        await actions.set_catchment(backends, session, sent)
    except BackendRefused as refused:
        if refused.status not in (409, 422):
            raise
        state = invalid(rules.FORM, form.typed(), rules.refusal(refused.answer, sent))
        return await show_team(request, backends, session, now, form=state, status=refused.status)
    return see_other(SAVED)


@router.post(
    "/team/catchment/remove", summary="Remove from the team's catchment", dependencies=OWN_TEAM
)
async def remove_from_catchment(session: Manager, backends: BackendsDep, form: Form) -> Response:
    kept = (await catchment(backends, session))["entries"]
    await actions.set_catchment(backends, session, rules.without(kept, form.get("entry")))
    return see_other(SAVED)
