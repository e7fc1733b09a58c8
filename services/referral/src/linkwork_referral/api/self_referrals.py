"""The public self-referral door: anyone may post the short form (no token). Its body is
bounded, its callers rate-limited per address, its honeypot answered as if accepted, and
every field's problem answered with the field and what to do (never what was typed)."""

from __future__ import annotations

import uuid

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from linkwork_referral.actions import self_referral as actions
from linkwork_referral.api.deps import SettingsDep
from linkwork_referral.domain.capacity import PLACES
from linkwork_referral.domain.self_referral import ASK, FieldError, SelfReferralForm, read_form
from linkwork_runtime.access import public
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.public_forms import PerAddressLimit, bounded_json

router = APIRouter(tags=["self-referral"])
log = structlog.get_logger(__name__)
THANKS = "Thank you. We have your referral: a link worker will contact you."


def limit_of(request: Request, per_minute: int) -> PerAddressLimit:
    """The app's one limiter of self-referrals (made at its first)."""
    state = request.app.state
    if getattr(state, "self_referral_limit", None) is None:
        state.self_referral_limit = PerAddressLimit(per_minute, "self-referrals")
    limit: PerAddressLimit = state.self_referral_limit
    return limit


@router.post(
    "/self-referrals",
    status_code=201,
    summary="Refer yourself to social prescribing (no sign-in)",
    dependencies=[public("a person refers themselves, with no account")],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SelfReferralForm.model_json_schema()}},
        }
    },
    responses={
        413: {"description": "The form is too large"},
        422: {"description": "Answers to correct: each with its field and what to do"},
        429: {"description": "Too many forms from one address: wait Retry-After seconds"},
    },
)
async def refer_yourself(request: Request, rt: RuntimeDep, settings: SettingsDep) -> JSONResponse:
    await limit_of(request, settings.self_referral_per_minute).check(request)
    document = await bounded_json(request, settings.self_referral_max_body_bytes)
    reading = read_form(document, today=rt.uow.clock().date())
    if reading.errors or reading.form is None:
        return invalid(reading.errors)
    reference = reading.form.form_id or str(uuid.uuid4())
    if reading.robot:
        await rt.uow.run(lambda tx: actions.keep_refused(tx, str(uuid.uuid4())))
        return received(reference, 201)
    form = reading.form
    outcome = await rt.uow.run(
        lambda tx: actions.refer_self(tx, form, reference, settings), serial=PLACES
    )
    if outcome.status == "rejected":  # a rule of intake the form's own checks did not catch
        fields = [r.field.removeprefix("patient.") for r in outcome.reasons]
        return invalid([FieldError(f, ASK.get(f, "Check this answer")) for f in fields])
    # A possible duplicate is answered as any other: the public may not learn who has a case.
    return received(reference, 200 if outcome.status == "existing" else 201)


def received(reference: str, status: int) -> JSONResponse:
    return JSONResponse({"status": "received", "reference": reference, "message": THANKS}, status)


def invalid(errors: list[FieldError]) -> JSONResponse:
    log.info("self_referral.invalid", fields=[e.field for e in errors])
    body = {
        "error": "form_invalid",
        "message": "Some answers need correcting",
        "errors": [{"field": e.field, "message": e.message} for e in errors],
    }
    return JSONResponse(body, 422)
