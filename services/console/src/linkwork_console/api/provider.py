"""A provider's pages: its inbox of links to its services (`/provider`, with each service's
places), one link (`/provider/links/{id}`), and its answers: accept, decline, attendance,
end, and a service's places."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import provider as answers
from linkwork_console.api.deps import BackendsDep, Form, Now, Posted, for_roles
from linkwork_console.api.forms import ShowAgain, invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import provider as rules
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.provider import inbox, link, provider_page
from linkwork_runtime.access import Party, Refused, confined

router = APIRouter(tags=["provider"])
# The links to the organisation's own services; another's are not found. Its services are
# open data: setting another's places is refused, saying so.
OWN = {"provider": Party.ORGANISATION}
INBOX = [confined(Refused.LEFT_OUT, **OWN)]
ONE_LINK = [confined(Refused.NOT_FOUND, **OWN)]
Provider = Annotated[Session, Depends(for_roles("provider"))]


@router.get("/provider", summary="Referrals to our services", dependencies=INBOX)
async def provider_home(
    request: Request, session: Provider, backends: BackendsDep, now: Now, done: str = ""
) -> Response:
    return await _home(request, backends, session, now, done=rules.DONE.get(done, ""))


@router.get("/provider/inbox", summary="The inbox's sections (live update)", dependencies=INBOX)
async def provider_inbox(
    request: Request, session: Provider, backends: BackendsDep, now: Now
) -> Response:
    found = await inbox(backends, session, now)
    return await render(request, "provider/inbox.html", inbox=found, fragment=True)


@router.get(
    "/provider/links/{link_id}",
    summary="A referral to one of our services",
    dependencies=ONE_LINK,
)
async def provider_link(
    request: Request,
    link_id: str,
    session: Provider,
    backends: BackendsDep,
    now: Now,
    done: str = "",
) -> Response:
    return await _link_page(request, backends, session, link_id, now, done=rules.DONE.get(done, ""))


@router.post(
    "/provider/links/{link_id}/accept", summary="Take the person on", dependencies=ONE_LINK
)
async def accept(
    request: Request, link_id: str, session: Provider, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await submit(
        answers.accept(backends, session, link_id),
        then=f"/provider/links/{link_id}?done=accepted",
        form_name="accept",
        typed=form.typed(),
        fields=(),
        show_again=_again(request, backends, session, link_id, now),
        refused_as="They were not accepted",
    )


@router.post(
    "/provider/links/{link_id}/decline",
    summary="We cannot take the person on",
    dependencies=ONE_LINK,
)
async def decline(
    request: Request, link_id: str, session: Provider, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await _with_reason(request, backends, session, link_id, now, form, "decline")


@router.post(
    "/provider/links/{link_id}/end",
    summary="They stopped coming before the end",
    dependencies=ONE_LINK,
)
async def end(
    request: Request, link_id: str, session: Provider, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await _with_reason(request, backends, session, link_id, now, form, "end")


@router.post("/provider/links/{link_id}/attendance", summary="They attended", dependencies=ONE_LINK)
async def attendance(
    request: Request, link_id: str, session: Provider, backends: BackendsDep, now: Now, form: Form
) -> Response:
    again = _again(request, backends, session, link_id, now)
    day = rules.attendance_day(
        form.get("attended_on-day"), form.get("attended_on-month"), form.get("attended_on-year")
    )
    problems = [day] if isinstance(day, FieldError) else []
    if form.get("completed") not in ("yes", "no"):
        problems.append(FieldError("completed", "Choose whether this was their last session"))
    if problems:
        return await again(invalid("attendance", form.typed(), *problems), 422)
    assert not isinstance(day, FieldError)
    completed = form.get("completed") == "yes"
    return await submit(
        answers.record_attendance(backends, session, link_id, day, completed),
        then="/provider?done=completed"
        if completed
        else f"/provider/links/{link_id}?done=attended",
        form_name="attendance",
        typed=form.typed(),
        fields=("attended_on", "completed"),
        show_again=again,
        refused_as="The attendance was not recorded",
    )


@router.post(
    "/provider/services/{service_id}/capacity",
    summary="Set a service's places",
    dependencies=[confined(Refused.FORBIDDEN, **OWN)],
)
async def capacity(
    request: Request,
    service_id: str,
    session: Provider,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    name = f"capacity-{service_id}"

    async def again(state: FormState, status: int) -> Response:
        return await _home(request, backends, session, now, form=state, status=status)

    total = rules.capacity_total(form.get("capacity_total"))
    if isinstance(total, FieldError):
        return await again(invalid(name, form.typed(), total), 422)
    return await submit(
        answers.set_capacity(backends, session, service_id, total),
        then="/provider?done=capacity",
        form_name=name,
        typed=form.typed(),
        fields=("capacity_total",),
        show_again=again,
        refused_as="The places were not saved",
    )


# Decline and end: what to ask for, where to go after, the sentence of a refusal.
WITH_REASON = {
    "decline": ("Enter why you cannot take them on", "declined", "They were not declined"),
    "end": ("Enter why it ended", "ended", "It was not ended"),
}


async def _with_reason(
    request: Request,
    backends: Backends,
    session: Session,
    link_id: str,
    now: datetime,
    form: Posted,
    step: str,
) -> Response:
    """Decline and end both need a reason, in words the link worker will read."""
    again = _again(request, backends, session, link_id, now)
    ask, done, refused_as = WITH_REASON[step]
    if not form.get("reason"):
        return await again(invalid(step, form.typed(), FieldError("reason", ask)), 422)
    change = answers.decline if step == "decline" else answers.end
    return await submit(
        change(backends, session, link_id, form.get("reason")),
        then=f"/provider?done={done}",
        form_name=step,
        typed=form.typed(),
        fields=("reason",),
        show_again=again,
        refused_as=refused_as,
    )


def _again(
    request: Request, backends: Backends, session: Session, link_id: str, now: datetime
) -> ShowAgain:
    async def show(form: FormState, status: int) -> Response:
        return await _link_page(request, backends, session, link_id, now, form=form, status=status)

    return show


async def _home(
    request: Request,
    backends: Backends,
    session: Session,
    now: datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    page = await provider_page(backends, session, now)
    return await render(
        request,
        "provider/page.html",
        status=status,
        title="Referrals to us",
        inbox=page.inbox,
        services=page.services,
        organisation=page.organisation,
        form=form or FormState(),
        done=done,
    )


async def _link_page(
    request: Request,
    backends: Backends,
    session: Session,
    link_id: str,
    now: datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    found = await link(backends, session, link_id)
    return await render(
        request,
        "provider/link.html",
        status=status,
        title=f"Referral to {found.get('service_name') or 'your service'}",
        link=found,
        row=rules.row_of(found, now),
        history=rules.history_of(found),
        today=now,
        form=form or FormState(),
        done=done,
    )
