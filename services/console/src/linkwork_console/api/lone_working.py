"""Lone working on the journey page: checking in to a home visit or face-to-face appointment
at the door, and out on leaving. Plain forms, as the page's other changes are
(`journeys.make_change`): back to the page with what was done, or the page again with the
NHS.UK error summary and the service's reason (a call is not a visit; checked in already)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from linkwork_console.actions import journeys as changes
from linkwork_console.api.deps import BackendsDep, Form, Now, OneCase
from linkwork_console.api.journeys import JourneyForm, Worker, make_change
from linkwork_console.domain import lone_working
from linkwork_console.domain.journey_forms import Parsed

router = APIRouter(tags=["lone working"], dependencies=[OneCase])


@router.post(
    "/journeys/{journey_id}/appointments/{appointment_id}/check-in",
    summary="Check in to a visit",
)
async def check_in(
    request: Request,
    journey_id: str,
    appointment_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"check-in-{appointment_id}",
        lone_working.check_in(form, now),
        lambda body: changes.check_in(backends, session, journey_id, appointment_id, body),
        done="checked_in",
        fields=("expected_end",),
        refused_as="You were not checked in",
    )


@router.post(
    "/journeys/{journey_id}/appointments/{appointment_id}/check-out",
    summary="Check out of a visit",
)
async def check_out(
    request: Request,
    journey_id: str,
    appointment_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"check-out-{appointment_id}",
        Parsed(),
        lambda _: changes.check_out(backends, session, journey_id, appointment_id),
        done="checked_out",
        fields=(),
        refused_as="You were not checked out",
    )
