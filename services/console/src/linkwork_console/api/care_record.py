"""The changes to a journey's care record made on its page: raising a risk flag, reviewing
or removing one, adding a case note, correcting one. Each is a plain form, as the page's
other changes are (`journeys.make_change`): sent to the journey service, then back to the
page with what was done, or the page again with the NHS.UK error summary and what was typed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from linkwork_console.actions import care_record as changes
from linkwork_console.api.deps import BackendsDep, Form, Now, OneCase
from linkwork_console.api.journeys import JourneyForm, Worker, make_change
from linkwork_console.domain import care_record_forms as forms
from linkwork_console.domain.journey_times import LONDON

router = APIRouter(tags=["care record"], dependencies=[OneCase])
NOTE_FIELDS = ("category", "text", "restricted")


@router.post("/journeys/{journey_id}/risk-flags", summary="Raise a risk flag")
async def raise_flag(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "flag",
        forms.risk_flag(form, now.astimezone(LONDON).date()),
        lambda body: changes.raise_flag(backends, session, journey_id, body),
        done="flagged",
        fields=("kind", "communication", "description", "review_on"),
        refused_as="The risk flag was not raised",
    )


@router.post("/journeys/{journey_id}/risk-flags/{flag_id}/review", summary="Review a risk flag")
async def review_flag(
    request: Request,
    journey_id: str,
    flag_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"review-{flag_id}",
        forms.flag_review(form, now.astimezone(LONDON).date()),
        lambda body: changes.review_flag(backends, session, journey_id, flag_id, body),
        done="flag_reviewed",
        fields=("note", "next_review_on"),
        refused_as="The risk flag was not reviewed",
    )


@router.post("/journeys/{journey_id}/risk-flags/{flag_id}/remove", summary="Remove a risk flag")
async def remove_flag(
    request: Request,
    journey_id: str,
    flag_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"remove-{flag_id}",
        forms.flag_removal(form),
        lambda body: changes.remove_flag(backends, session, journey_id, flag_id, body),
        done="flag_removed",
        fields=("reason",),
        refused_as="The risk flag was not removed",
    )


@router.post("/journeys/{journey_id}/notes", summary="Add a case note")
async def add_note(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "note",
        forms.note(form),
        lambda body: changes.add_note(backends, session, journey_id, body),
        done="noted",
        fields=NOTE_FIELDS,
        refused_as="The note was not added",
    )


@router.post("/journeys/{journey_id}/notes/{note_id}/correct", summary="Correct a case note")
async def correct_note(
    request: Request,
    journey_id: str,
    note_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"correct-{note_id}",
        forms.correction(form),
        lambda body: changes.correct_note(backends, session, journey_id, note_id, body),
        done="note_corrected",
        fields=NOTE_FIELDS,
        refused_as="The note was not corrected",
    )
