"""A practice's pages: the referrals it made (`/practice`, live when one of them changes),
one referral with its outcome letter (`/practice/referrals/{id}`), and withdrawing it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import practice as changes
from linkwork_console.api.deps import BackendsDep, CaseList, Form, OneCase, for_roles
from linkwork_console.api.forms import invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import practice as rules
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.people import full_name
from linkwork_console.domain.referral import STATUS, status_of
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.practice import referral, referrals_made

router = APIRouter(tags=["practice"])
Practice = Annotated[Session, Depends(for_roles("practice"))]


def _status(status: str) -> str:
    return status if status in STATUS else ""


@router.get("/practice", summary="The referrals we made", dependencies=[CaseList])
async def practice_home(
    request: Request, session: Practice, backends: BackendsDep, page: int = 1, status: str = ""
) -> Response:
    listing = await referrals_made(backends, session, page, _status(status))
    return await render(
        request,
        "practice/page.html",
        title="Our referrals",
        listing=listing,
        chosen=_status(status),
        statuses=STATUS,
    )


@router.get(
    "/practice/referrals",
    summary="The referrals we made (live update)",
    dependencies=[CaseList],
)
async def practice_list(
    request: Request, session: Practice, backends: BackendsDep, page: int = 1, status: str = ""
) -> Response:
    listing = await referrals_made(backends, session, page, _status(status))
    return await render(
        request, "practice/list.html", fragment=True, listing=listing, chosen=_status(status)
    )


@router.get(
    "/practice/referrals/{referral_id}",
    summary="A referral we made, and its outcome",
    dependencies=[OneCase],
)
async def practice_referral(
    request: Request, referral_id: str, session: Practice, backends: BackendsDep, done: str = ""
) -> Response:
    return await _page(request, backends, session, referral_id, done=rules.DONE.get(done, ""))


@router.post(
    "/practice/referrals/{referral_id}/withdraw",
    summary="Withdraw a referral we made",
    dependencies=[OneCase],
)
async def withdraw(
    request: Request, referral_id: str, session: Practice, backends: BackendsDep, form: Form
) -> Response:
    async def again(state: FormState, status: int) -> Response:
        return await _page(request, backends, session, referral_id, form=state, status=status)

    if not form.get("reason"):
        ask = FieldError("reason", "Enter why the referral is withdrawn")
        return await again(invalid("withdraw", form.typed(), ask), 422)
    return await submit(
        changes.withdraw(backends, session, referral_id, form.get("reason")),
        then=f"/practice/referrals/{referral_id}?done=withdrawn",
        form_name="withdraw",
        typed=form.typed(),
        fields=("reason",),
        show_again=again,
        refused_as="The referral was not withdrawn",
    )


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
    found = await referral(backends, session, referral_id)
    return await render(
        request,
        "practice/referral.html",
        status=status,
        title=f"Referral: {full_name(found.get('person'))}",
        referral=found,
        row=rules.row_of(found),
        status_tag=status_of(found),
        letter=rules.letter_of(found),
        allowed=set(found.get("allowed_actions", [])),
        form=form or FormState(),
        done=done,
    )
