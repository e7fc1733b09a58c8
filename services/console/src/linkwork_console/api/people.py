"""Find a person (`/people`): a search by name, NHS number or birth date among the people
the signed-in person may see, as a GET form so a search can be bookmarked; a search the
referral service cannot read comes back with the NHS.UK error summary and its reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.api.deps import BackendsDep, CaseList, Now, for_roles
from linkwork_console.api.pages import render
from linkwork_console.backends import BackendRefused
from linkwork_console.domain import person_search as rules
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.person_search import find_people

router = APIRouter(tags=["people"])
Reader = Annotated[Session, Depends(for_roles("link_worker", "manager", "practice"))]


@router.get("/people", summary="Find a person", dependencies=[CaseList])
async def find_a_person(
    request: Request, session: Reader, backends: BackendsDep, now: Now, q: str = "", page: str = ""
) -> Response:
    search = rules.search_of(q, page)
    errors, found = rules.checked(search), None
    if not errors:
        try:
            found = await find_people(backends, session, search, now.astimezone(LONDON).date())
        except BackendRefused as refused:
            if refused.status != 422:
                raise
            errors = rules.search_errors(refused.answer)
    return await render(
        request,
        "people/page.html",
        status=422 if errors else 200,
        title="Find a person",
        search=search,
        found=found,
        form=FormState(values={"q": search.q}, errors=errors, name="search"),
        scope=rules.scope_of(session.identity.roles),
    )
