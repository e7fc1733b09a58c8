"""Find support (`/journeys/{id}/find-support`): the directory searched for the person (their
need, postcode and age by default), each result's distance, free places and how its
provider answers; linking them to a service from a result, and recording the unmet need when
a search finds nothing. The search is posted, not put in the address: a postcode and an age
are personal data, and addresses end up in logs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import support as changes
from linkwork_console.api.deps import BackendsDep, Form, Now, OneCase, Posted, for_roles
from linkwork_console.api.forms import ShowAgain, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import BackendRefused, Backends
from linkwork_console.domain import journey as rules
from linkwork_console.domain import support as finding
from linkwork_console.domain.forms import FormState, errors_from
from linkwork_console.domain.journey_forms import PageForms, ids_of
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.domain.people import full_name
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.support import support_page
from linkwork_runtime.access import unconfined

router = APIRouter(tags=["support"])
Worker = Annotated[Session, Depends(for_roles("link_worker", "manager"))]
SEARCH_FIELDS = ("need", "postcode", "day", "age", "text")


@router.get(
    "/journeys/{journey_id}/find-support",
    summary="Find support for the person",
    dependencies=[OneCase],
)
async def find_support(
    request: Request,
    journey_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    need: str = "",
    done: str = "",
) -> Response:
    """Searched at once for their need (the one asked for, else what matters most to them),
    near their postcode, for their age."""
    page = await support_page(backends, session, journey_id, None)
    person = page.journey.get("person") or {}
    age = rules.age_on(person.get("birth_date"), now.astimezone(LONDON).date())
    search = finding.Search(
        need=need if need in rules.NEED_DOMAINS else (rules.first_need(page.journey) or ""),
        postcode=str(person.get("postcode") or ""),
        age="" if age is None else str(age),
    )
    shown = finding.UNMET_RECORDED if done == "unmet" else ""
    return await _results(request, backends, session, journey_id, search, done=shown)


@router.post(
    "/journeys/{journey_id}/find-support", summary="Search the directory", dependencies=[OneCase]
)
async def search_directory(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    search, problems = finding.search_from(form)
    if problems:
        state = FormState(values=form.typed(), errors=problems, name="search")
        return await _results(request, backends, session, journey_id, None, form=state, status=422)
    return await _results(request, backends, session, journey_id, search, typed=form)


@router.post(
    "/journeys/{journey_id}/links", summary="Link them to a service", dependencies=[OneCase]
)
async def link(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    search, _ = finding.search_from(form)
    service_id = form.get("service_id")
    return await submit(
        changes.link_service(
            backends, session, journey_id, service_id, search.need, form.get("note")
        ),
        then=f"/journeys/{journey_id}?done=linked&service={service_id}",
        form_name=f"link-{service_id}",
        typed=form.typed(),
        fields=("note",),
        show_again=_again(request, backends, session, journey_id, search),
        refused_as="They were not linked to this service",
    )


@router.post(
    "/journeys/{journey_id}/unmet-needs",
    summary="Record an unmet need",
    # The journey is only the page to go back to: the need recorded names no person or case.
    dependencies=[unconfined("an unmet need names no person or case: need, district, age band")],
)
async def unmet_need(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    search, _ = finding.search_from(form)
    return await submit(
        changes.record_unmet_need(backends, session, search.criteria),
        then=f"/journeys/{journey_id}/find-support?done=unmet",
        form_name="unmet",
        typed=form.typed(),
        fields=(),
        show_again=_again(request, backends, session, journey_id, search),
        refused_as="The unmet need was not recorded",
    )


def _again(
    request: Request,
    backends: Backends,
    session: Session,
    journey_id: str,
    search: finding.Search,
) -> ShowAgain:
    """The results again (the search travels with each form on them), with the refusal."""

    async def show(state: FormState, status: int) -> Response:
        return await _results(
            request, backends, session, journey_id, search, form=state, status=status
        )

    return show


async def _results(
    request: Request,
    backends: Backends,
    session: Session,
    journey_id: str,
    search: finding.Search | None,
    *,
    form: FormState | None = None,
    typed: Posted | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    """The page with the search form and, when there is a search, what it found. A search
    the directory refuses (a postcode it cannot place) comes back as the search form's
    error."""
    state = form or FormState()
    try:
        page = await support_page(backends, session, journey_id, search)
    except BackendRefused as refused:
        if refused.status != 422 or search is None:
            raise
        state = FormState(
            values=typed.typed() if typed else search.as_fields(),
            errors=errors_from(refused.answer, fields=SEARCH_FIELDS),
            name="search",
        )
        page = await support_page(backends, session, journey_id, None)
        status, search = 422, None
    found = page.found or {}
    return await render(
        request,
        "support/page.html",
        status=status,
        title=f"Find support: {full_name(page.journey.get('person'))}",
        journey=page.journey,
        search=search or finding.Search(),
        searched=search is not None,
        results=[finding.result_of(item) for item in found.get("contents", [])],
        total=found.get("total_items", 0),
        centre=found.get("centre"),
        unmet=found.get("unmet_need"),
        need_domains=rules.NEED_DOMAINS,
        days=finding.DAYS,
        form=ids_of(state),
        f=PageForms(ids_of(state)),
        done=done,
    )
