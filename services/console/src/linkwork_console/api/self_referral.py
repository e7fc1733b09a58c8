"""The public "refer yourself" page (`/refer-yourself`): no sign-in. The console's backend
posts the form to the referral service's `POST /self-referrals`; its answer is shown as the
person can act on it (each field's problem next to it and in the error summary, what they
typed kept; too large, too often, or the service away said so with their answers kept), and
on success the page with their reference."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from linkwork_console.actions.self_referral import refer_yourself
from linkwork_console.api.deps import Posted
from linkwork_console.api.pages import render, see_other
from linkwork_console.backends import BackendRefused, BackendUnavailable
from linkwork_console.domain import self_referral as rules
from linkwork_console.domain.forms import FormState
from linkwork_runtime.access import public

router = APIRouter(tags=["self-referral"])
PUBLIC = [public("a person refers themselves, with no account")]
TITLE = "Refer yourself to a link worker"


@router.get("/refer-yourself", summary="Refer yourself (the form)", dependencies=PUBLIC)
async def self_referral_page(request: Request) -> Response:
    return await _page(request, rules.new_form())


@router.post("/refer-yourself", summary="Refer yourself (send the form)", dependencies=PUBLIC)
async def send_self_referral(request: Request) -> Response:
    posted = await _posted(request)
    form = rules.prepared(posted)
    address = request.client.host if request.client else "unknown"
    try:
        answer = await refer_yourself(request.app.state.backends, form.body, address)
    except BackendUnavailable:
        return await _page(request, rules.unsent(form, rules.UNAVAILABLE), 503)
    except BackendRefused as refused:
        if refused.status == 413:
            return await _page(request, rules.unsent(form, rules.TOO_LARGE), 413)
        if refused.status == 429:
            waiting = rules.unsent(form, rules.too_often(refused.retry_after))
            return await _page(request, waiting, 429)
        return await _page(request, rules.refused(form, refused.answer), 422)
    reference = rules.reference_of(answer) or form.body["form_id"]
    return see_other(f"/refer-yourself/received?reference={reference}")


@router.get("/refer-yourself/received", summary="Refer yourself (received)", dependencies=PUBLIC)
async def self_referral_received(request: Request, reference: str = "") -> Response:
    if not rules.is_reference(reference):
        return see_other("/refer-yourself")
    return await render(request, "self_referral/received.html", title=TITLE, reference=reference)


async def _posted(request: Request) -> Posted:
    form = await request.form()
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, []).append(value)
    return Posted(fields)


async def _page(request: Request, form: FormState, status: int = 200) -> Response:
    return await render(
        request,
        "self_referral/page.html",
        status=status,
        title=TITLE,
        form=form,
        anchors=rules.ANCHORS,
        needs=rules.NEEDS,
        channels=rules.CHANNELS,
    )
