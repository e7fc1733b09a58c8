"""A journey's page (`/journeys/{id}`), its live parts (the services linked, the message back
to the referrer), its timeline, and the changes a link worker (or their manager) makes on
it: what matters, goals, contacts and appointments, outcome measures, closing it (risk flags
and case notes: `care_record`). Each change is a plain form: sent to the journey service,
then back to the page with what was done, or the page again with the NHS.UK error summary
and everything typed kept (`make_change`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from linkwork_console.actions import journeys as changes
from linkwork_console.api.deps import BackendsDep, Form, Now, OneCase, Posted, for_roles
from linkwork_console.api.forms import ShowAgain, invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends, together
from linkwork_console.domain import care_record, lone_working, measures
from linkwork_console.domain import journey as rules
from linkwork_console.domain import journey_forms as forms
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.identity import Identity
from linkwork_console.domain.journey_times import (
    CONTACT_MODES,
    LONDON,
    appointments_of,
    contacts_of,
    timeline_of,
)
from linkwork_console.domain.measure_chart import chart_of
from linkwork_console.domain.people import full_name
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.support import link_of, linked_words
from linkwork_console.queries.journey import (
    JourneyPage,
    journey_of,
    journey_page,
    links_of,
    outcome_of,
)

router = APIRouter(tags=["journeys"], dependencies=[OneCase])
Worker = Annotated[Session, Depends(for_roles("link_worker", "manager"))]
Change = Callable[[dict[str, Any]], Awaitable[Any]]

GOAL_STEPS = {  # step: (form name prefix, line shown after, the refusal's opening)
    "progress": ("progress", "progress", "The progress was not recorded"),
    "achieve": ("achieve", "achieved", "The goal was not marked as achieved"),
    "abandon": ("abandon", "abandoned", "The goal was not abandoned"),
}


@router.get("/journeys/{journey_id}", summary="A journey")
async def journey(
    request: Request,
    journey_id: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    done: str = "",
    service: str = "",
) -> Response:
    return await _page(request, backends, session, journey_id, now, done=done, service=service)


@router.get("/journeys/{journey_id}/services", summary="Its services linked (live update)")
async def services(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep
) -> Response:
    # Together: the answer should be on the page within moments of the provider's.
    journey, found = await together(
        journey_of(backends, session, journey_id),  # 404 unless she may read it
        links_of(backends, session, journey_id),
    )
    links = None if found is None else [link_of(link) for link in found]
    return await render(
        request, "journey/services.html", fragment=True, journey=journey, links=links
    )


@router.get("/journeys/{journey_id}/outcome", summary="The message back (live update)")
async def outcome(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep
) -> Response:
    journey = await journey_of(backends, session, journey_id)
    sent = await outcome_of(backends, session, journey["referral_id"])
    return await render(
        request,
        "journey/outcome.html",
        fragment=True,
        journey=journey,
        summary=rules.summary_of(journey),
        measure_changes=measures.change_lines(journey.get("summary") or {}),
        outcome=sent,
    )


@router.get("/journeys/{journey_id}/timeline", summary="The journey's whole story")
async def timeline(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep
) -> Response:
    page = await journey_page(backends, session, journey_id)
    return await render(
        request,
        "journey/timeline.html",
        title=f"Timeline: {full_name(page.journey.get('person'))}",
        journey=page.journey,
        timeline=timeline_of(page.timeline),
    )


@router.post("/journeys/{journey_id}/assessments", summary="Record what matters to them")
async def assess(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "assess",
        forms.assessment(form),
        lambda body: changes.assess_needs(backends, session, journey_id, body),
        done="assessed",
        fields=("needs", "barriers"),
        refused_as="What matters was not recorded",
    )


@router.post("/journeys/{journey_id}/goals", summary="Set a goal")
async def set_goal(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "goal",
        forms.goal(form),
        lambda body: changes.set_goal(backends, session, journey_id, body),
        done="goal",
        fields=("description", "need_domain", "target_date"),
        refused_as="The goal was not set",
    )


@router.post("/journeys/{journey_id}/goals/{goal_id}/{step}", summary="Move a goal on")
async def move_goal(
    request: Request,
    journey_id: str,
    goal_id: str,
    step: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    if step not in GOAL_STEPS:
        raise HTTPException(status_code=404)
    prefix, done, refused_as = GOAL_STEPS[step]
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"{prefix}-{goal_id}",
        forms.goal_note(form, step),
        lambda body: changes.move_goal(backends, session, journey_id, goal_id, step, body),
        done=done,
        fields=("note", "reason"),
        refused_as=refused_as,
    )


@router.post("/journeys/{journey_id}/contacts", summary="Log a contact")
async def log_contact(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "contact",
        forms.contact(form, now.astimezone(LONDON).date()),
        lambda body: changes.log_contact(backends, session, journey_id, body),
        done="contact",
        fields=(
            "mode",
            "occurred_on",
            "duration_minutes",
            "attended",
            "with_whom",
            "notes",
            "appointment_id",
        ),
        refused_as="The contact was not logged",
    )


@router.post("/journeys/{journey_id}/appointments", summary="Book an appointment")
async def book(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "book",
        forms.appointment(form, now),
        lambda body: changes.book_appointment(backends, session, journey_id, body),
        done="booked",
        fields=("scheduled_for", "time", "mode", "duration_minutes", "location"),
        refused_as="The appointment was not booked",
    )


@router.post("/journeys/{journey_id}/appointments/{appointment_id}/cancel", summary="Cancel one")
async def cancel(
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
        f"cancel-{appointment_id}",
        forms.cancellation(form),
        lambda body: changes.cancel_appointment(
            backends, session, journey_id, appointment_id, body["reason"]
        ),
        done="cancelled",
        fields=("reason",),
        refused_as="The appointment was not cancelled",
    )


@router.post("/journeys/{journey_id}/measures/{code}", summary="Record an outcome measure")
async def measure(
    request: Request,
    journey_id: str,
    code: str,
    session: Worker,
    backends: BackendsDep,
    now: Now,
    form: Form,
) -> Response:
    instrument = measures.INSTRUMENTS.get(code)
    if instrument is None:
        raise HTTPException(status_code=404)
    items = tuple(f"items.{q.item}" for q in instrument.questions)
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        f"measure-{code}",
        measures.answer_sheet(instrument, form, now.astimezone(LONDON).date()),
        lambda body: changes.record_measure(backends, session, journey_id, body),
        done="measured",
        fields=("items", "measured_on", "kind", *items),
        refused_as=f"The {instrument.code} answers were not recorded",
    )


@router.post("/journeys/{journey_id}/close", summary="Close the journey")
async def close(
    request: Request, journey_id: str, session: Worker, backends: BackendsDep, now: Now, form: Form
) -> Response:
    return await make_change(
        JourneyForm(request, backends, session, journey_id, now, form),
        "close",
        forms.closing(form),
        lambda body: changes.close(backends, session, journey_id, body["reason"]),
        done="closed",
        fields=("reason",),
        refused_as="The journey was not closed",
    )


@dataclass(frozen=True)
class JourneyForm:
    """A form posted from the journey page: what its change needs to show the page again."""

    request: Request
    backends: Backends
    session: Session
    journey_id: str
    now: datetime
    form: Posted

    def again(self) -> ShowAgain:
        async def show(state: FormState, status: int) -> Response:
            return await _page(
                self.request,
                self.backends,
                self.session,
                self.journey_id,
                self.now,
                form=forms.ids_of(state),
                status=status,
            )

        return show


async def make_change(
    context: JourneyForm,
    form_name: str,
    parsed: forms.Parsed,
    change: Change,
    *,
    done: str,
    fields: tuple[str, ...],
    refused_as: str,
) -> Response:
    """One change: refused by the console if the form is wanting, else sent on (`submit`)."""
    typed = context.form.typed()
    if parsed.errors:
        return await context.again()(invalid(form_name, typed, *parsed.errors), 422)
    return await submit(
        change(parsed.body),
        then=f"/journeys/{context.journey_id}?done={done}",
        form_name=form_name,
        typed=typed,
        fields=fields,
        show_again=context.again(),
        refused_as=refused_as,
    )


async def _page(
    request: Request,
    backends: Backends,
    session: Session,
    journey_id: str,
    now: datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
    service: str = "",
) -> Response:
    page = await journey_page(backends, session, journey_id)
    shown = _shown(page, session.identity, now, form or FormState())
    if done == "linked":
        shown["done"] = linked_words(shown["links"] or [], service)
    else:
        words = rules.DONE | care_record.DONE | lone_working.DONE
        shown["done"] = words.get(done, "")
    return await render(request, "journey/page.html", status=status, **shown)


RECENT = 8  # timeline lines on the page; the rest on the timeline's own page


def _shown(page: JourneyPage, who: Identity, now: datetime, form: FormState) -> dict[str, Any]:
    """What the journey page shows, in the words and order of its sections."""
    journey = page.journey
    today = now.astimezone(LONDON).date()
    taken = journey.get("measures", [])
    appointments = appointments_of(journey)
    story = timeline_of(page.timeline)
    return {
        "title": f"Journey: {full_name(journey.get('person'))}",
        "journey": journey,
        "risk_flags": care_record.flags_of(journey),
        "removed_flags": care_record.removed_flags_of(journey),
        "notes": care_record.notes_of(journey),
        "is_open": journey.get("status") == "open",
        "status_tag": rules.status_of(journey),
        "person": rules.person_rows(journey, today),
        "back": "/caseload" if who.has("link_worker") else "/team",
        "assessments": rules.assessments_of(journey),
        "ticked": forms.ticked_needs(form, journey),
        "first_need": rules.first_need(journey),
        "goals": rules.goals_of(journey),
        "contacts": contacts_of(journey),
        "appointments": appointments,
        "booked": [a for a in appointments if a.scheduled],
        "visits": lone_working.visits_of(journey),
        "measured": [
            {
                "instrument": instrument,
                "chart": chart_of(instrument, taken),
                "table": measures.table_of(instrument, taken),
                "next": measures.next_kind(instrument, taken),
            }
            for instrument in measures.INSTRUMENTS.values()
        ],
        "links": None if page.links is None else [link_of(link) for link in page.links],
        "timeline": story[:RECENT],
        "timeline_more": len(story) > RECENT,
        "summary": rules.summary_of(journey),
        "measure_changes": measures.change_lines(journey.get("summary") or {}),
        "outcome": page.outcome,
        "today": today,
        "need_domains": rules.NEED_DOMAINS,
        "priorities": rules.PRIORITIES,
        "contact_modes": CONTACT_MODES,
        "close_reasons": rules.CLOSE_REASONS,
        "risk_kinds": care_record.RISK_KINDS,
        "communication_needs": care_record.COMMUNICATION_NEEDS,
        "note_categories": care_record.NOTE_CATEGORIES,
        "form": form,
        "f": forms.PageForms(form),
    }
