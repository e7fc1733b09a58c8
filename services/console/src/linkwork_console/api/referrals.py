"""A referral's page (`/referrals/{id}`) and the changes made on it: a contact attempt,
accept, decline, withdraw, a duplicate review, and (managers) reassignment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import referrals
from linkwork_console.api.deps import BackendsDep, CaseList, Form, OneCase, Posted, for_roles
from linkwork_console.api.forms import ShowAgain, invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import referral as rules
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.people import full_name
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.referral import journey_of, referral_page

router = APIRouter(tags=["referrals"])
Worker = Annotated[Session, Depends(for_roles("link_worker", "manager"))]
Reader = Annotated[Session, Depends(for_roles("link_worker", "manager", "practice"))]


@router.get("/referrals/{referral_id}", summary="A referral", dependencies=[OneCase])
async def referral(
    request: Request, referral_id: str, session: Reader, backends: BackendsDep, done: str = ""
) -> Response:
    return await _page(request, backends, session, referral_id, done=rules.DONE.get(done, ""))


@router.get(
    "/referrals/{referral_id}/journey",
    summary="The referral's journey (live update)",
    dependencies=[CaseList],  # another's referral's journey is not in the journeys it lists
)
async def referral_journey(
    request: Request,
    referral_id: str,
    session: Worker,
    backends: BackendsDep,
    waiting: bool = False,
) -> Response:
    """`waiting`: the referral is accepted and its journey not seen yet (keep asking)."""
    journey = await journey_of(backends, session, referral_id)
    return await render(
        request,
        "referral/journey.html",
        fragment=True,
        journey=journey,
        referral_id=referral_id,
        waiting=waiting and journey is None,
    )


@router.post(
    "/referrals/{referral_id}/contact-attempts",
    summary="Record a contact attempt",
    dependencies=[OneCase],
)
async def contact_attempt(
    request: Request, referral_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    again = _again(request, backends, session, referral_id)
    missing = [
        FieldError(name, message)
        for name, choices, message in (
            ("method", rules.CONTACT_METHODS, "Choose how you tried to contact them"),
            ("outcome", rules.CONTACT_OUTCOMES, "Choose what happened"),
        )
        if form.get(name) not in choices
    ]
    if missing:
        return await again(invalid("contact", form.typed(), *missing), 422)
    attempt = {name: form.get(name) for name in ("method", "outcome", "note")}
    return await submit(
        referrals.record_contact_attempt(backends, session, referral_id, attempt),
        then=f"/referrals/{referral_id}?done=contact",
        form_name="contact",
        typed=form.typed(),
        fields=("method", "outcome", "note", "at"),
        show_again=again,
        refused_as="The contact attempt was not recorded",
    )


@router.post(
    "/referrals/{referral_id}/accept",
    summary="The person agrees to the service",
    dependencies=[OneCase],
)
async def accept(
    request: Request, referral_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    return await submit(
        referrals.accept(backends, session, referral_id),
        then=f"/referrals/{referral_id}?done=accepted",
        form_name="accept",
        typed=form.typed(),
        fields=(),
        show_again=_again(request, backends, session, referral_id),
        refused_as="The referral was not accepted",
    )


@router.post(
    "/referrals/{referral_id}/decline", summary="The person declines", dependencies=[OneCase]
)
async def decline(
    request: Request, referral_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    return await _ending(request, backends, session, referral_id, form, "decline")


@router.post(
    "/referrals/{referral_id}/withdraw", summary="Withdraw the referral", dependencies=[OneCase]
)
async def withdraw(
    request: Request, referral_id: str, session: Reader, backends: BackendsDep, form: Form
) -> Response:
    return await _ending(request, backends, session, referral_id, form, "withdraw")


@router.post(
    "/referrals/{referral_id}/duplicate-review",
    summary="Review a possible duplicate",
    dependencies=[OneCase],
)
async def duplicate_review(
    request: Request, referral_id: str, session: Worker, backends: BackendsDep, form: Form
) -> Response:
    again = _again(request, backends, session, referral_id)
    choice = form.get("distinct")
    if choice not in ("yes", "no"):
        problem = FieldError("distinct", "Choose whether this is a new case")
        return await again(invalid("duplicate", form.typed(), problem), 422)
    return await submit(
        referrals.review_duplicate(backends, session, referral_id, choice == "yes"),
        then=f"/referrals/{referral_id}?done={'distinct' if choice == 'yes' else 'duplicate'}",
        form_name="duplicate",
        typed=form.typed(),
        fields=("distinct",),
        show_again=again,
        refused_as="The review was not recorded",
    )


@router.post(
    "/referrals/{referral_id}/reassign",
    summary="Give the referral to another worker",
    dependencies=[OneCase],
)
async def reassign(
    request: Request,
    referral_id: str,
    session: Annotated[Session, Depends(for_roles("manager"))],
    backends: BackendsDep,
    form: Form,
) -> Response:
    again = _again(request, backends, session, referral_id)
    if not form.get("link_worker_id"):
        problem = FieldError("link_worker_id", "Choose the link worker to give it to")
        return await again(invalid("reassign", form.typed(), problem), 422)
    return await submit(
        referrals.reassign(backends, session, referral_id, form.get("link_worker_id")),
        then=f"/referrals/{referral_id}?done=reassigned",
        form_name="reassign",
        typed=form.typed(),
        fields=("link_worker_id",),
        show_again=again,
        refused_as="The referral was not reassigned",
    )


# Decline and withdraw: what to ask for, the line shown after, the sentence of a refusal.
ENDINGS = {
    "decline": ("Enter why they declined", "declined", "The referral was not declined"),
    "withdraw": ("Enter why the referral is withdrawn", "withdrawn", "It was not withdrawn"),
}


async def _ending(
    request: Request,
    backends: Backends,
    session: Session,
    referral_id: str,
    form: Posted,
    step: str,
) -> Response:
    """Decline or withdraw: both need a reason, in words the referrer will read."""
    again = _again(request, backends, session, referral_id)
    ask, done, refused_as = ENDINGS[step]
    if not form.get("reason"):
        return await again(invalid(step, form.typed(), FieldError("reason", ask)), 422)
    change = referrals.decline if step == "decline" else referrals.withdraw
    return await submit(
        change(backends, session, referral_id, form.get("reason")),
        then=f"/referrals/{referral_id}?done={done}",
        form_name=step,
        typed=form.typed(),
        fields=("reason",),
        show_again=again,
        refused_as=refused_as,
    )


def _again(request: Request, backends: Backends, session: Session, referral_id: str) -> ShowAgain:
    async def show(form: FormState, status: int) -> Response:
        return await _page(request, backends, session, referral_id, form=form, status=status)

    return show


async def _page(
    request: Request,
    backends: Backends,
    session: Session,
    referral_id: str,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    page = await referral_page(backends, session, referral_id)
    referral = page.referral
    return await render(
        request,
        "referral/page.html",
        status=status,
        title=f"Referral: {full_name(referral.get('person'))}",
        referral=referral,
        journey=page.journey,
        link_workers=page.link_workers,
        status_tag=rules.status_of(referral),
        person=rules.person_rows(referral.get("person") or {}),
        history=rules.history_of(referral),
        allowed=set(referral.get("allowed_actions", [])),
        methods=rules.CONTACT_METHODS,
        outcomes=rules.CONTACT_OUTCOMES,
        form=form or FormState(),
        done=done,
    )
