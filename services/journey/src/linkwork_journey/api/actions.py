"""HTTP actions of a link worker on a journey (`/journeys/{id}/...`). Thin: parse, run the
action in one transaction, answer with the event it produced."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_journey.actions import (
    appointments,
    care_record,
    closing,
    contacts,
    goals,
    lone_working,
    measures,
    needs,
)
from linkwork_journey.actions.commands import (
    AbandonGoal,
    AchieveGoal,
    AddNote,
    AssessNeeds,
    CancelAppointment,
    CheckIn,
    CheckOut,
    CloseJourney,
    CorrectNote,
    LogContact,
    MeasureOutcome,
    ProgressGoal,
    RaiseRiskFlag,
    RemoveRiskFlag,
    ReviewRiskFlag,
    ScheduleContact,
    SetGoal,
)
from linkwork_journey.api.deps import OneJourney, SettingsDep, Worker
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep, recorded
from linkwork_runtime.refusals import Conflict, NotFound

# Every action is on a journey the caller works on (404 otherwise, and for a goal, an
# appointment, a flag or a note it does not have) that is open (notes: open or closed), with a
# goal, appointment or flag still open and a note not yet corrected (409).
router = APIRouter(
    prefix="/journeys/{journey_id}",
    tags=["journey actions"],
    responses=refused(NotFound, Conflict),
    dependencies=[OneJourney],
)


@router.post("/contacts", status_code=201, summary="Log a contact (ContactLogged)")
async def log_contact(journey_id: str, body: LogContact, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: contacts.log_contact(tx, journey_id, who, body))


@router.post("/appointments", status_code=201, summary="Book a contact ahead (ContactScheduled)")
async def schedule(journey_id: str, body: ScheduleContact, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: appointments.schedule(tx, journey_id, who, body))


@router.post(
    "/appointments/{appointment_id}/cancel",
    summary="Call off a scheduled appointment (ContactCancelled)",
)
async def cancel_appointment(
    journey_id: str, appointment_id: str, body: CancelAppointment, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(
        rt, lambda tx: appointments.cancel(tx, journey_id, appointment_id, who, body)
    )


@router.post(
    "/appointments/{appointment_id}/check-in",
    summary="Lone working: at the start of a visit (LoneWorkerCheckedIn)",
)
async def check_in(
    journey_id: str,
    appointment_id: str,
    body: CheckIn,
    who: Worker,
    rt: RuntimeDep,
    settings: SettingsDep,
) -> Any:
    return await recorded(
        rt, lambda tx: lone_working.check_in(tx, journey_id, appointment_id, who, body, settings)
    )


@router.post(
    "/appointments/{appointment_id}/check-out",
    summary="Lone working: out of the visit, safe (LoneWorkerCheckedOut)",
)
async def check_out(
    journey_id: str, appointment_id: str, body: CheckOut, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(
        rt, lambda tx: lone_working.check_out(tx, journey_id, appointment_id, who, body)
    )


@router.post("/assessments", status_code=201, summary="What matters to you (NeedsAssessed)")
async def assess(journey_id: str, body: AssessNeeds, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: needs.assess_needs(tx, journey_id, who, body))


@router.post("/goals", status_code=201, summary="Set a goal (GoalSet)")
async def set_goal(journey_id: str, body: SetGoal, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: goals.set_goal(tx, journey_id, who, body))


@router.post("/goals/{goal_id}/progress", summary="Progress on a goal (GoalProgressed)")
async def progress(
    journey_id: str, goal_id: str, body: ProgressGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(rt, lambda tx: goals.progress(tx, journey_id, goal_id, who, body))


@router.post("/goals/{goal_id}/achieve", summary="A goal met (GoalAchieved)")
async def achieve(
    journey_id: str, goal_id: str, body: AchieveGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(rt, lambda tx: goals.achieve(tx, journey_id, goal_id, who, body))


@router.post("/goals/{goal_id}/abandon", summary="A goal given up (GoalAbandoned)")
async def abandon(
    journey_id: str, goal_id: str, body: AbandonGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(rt, lambda tx: goals.abandon(tx, journey_id, goal_id, who, body))


@router.post(
    "/measures", status_code=201, summary="ONS4, SWEMWBS, WEMWBS or UCLA-3 (OutcomeMeasured)"
)
async def measure(
    journey_id: str, body: MeasureOutcome, who: Worker, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    return await recorded(rt, lambda tx: measures.measure(tx, journey_id, who, body, settings))


@router.post("/close", summary="Close the journey with its summary (JourneyClosed)")
async def close(journey_id: str, body: CloseJourney, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: closing.close(tx, journey_id, who, body))


@router.post("/risk-flags", status_code=201, summary="Raise a risk flag (RiskFlagRaised)")
async def raise_flag(journey_id: str, body: RaiseRiskFlag, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: care_record.raise_flag(tx, journey_id, who, body))


@router.post("/risk-flags/{flag_id}/review", summary="Review a flag and keep it (RiskFlagReviewed)")
async def review_flag(
    journey_id: str, flag_id: str, body: ReviewRiskFlag, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(
        rt, lambda tx: care_record.review_flag(tx, journey_id, flag_id, who, body)
    )


@router.post("/risk-flags/{flag_id}/remove", summary="Remove a flag (RiskFlagRemoved)")
async def remove_flag(
    journey_id: str, flag_id: str, body: RemoveRiskFlag, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(
        rt, lambda tx: care_record.remove_flag(tx, journey_id, flag_id, who, body)
    )


@router.post("/notes", status_code=201, summary="Add a case note (NoteAdded)")
async def add_note(journey_id: str, body: AddNote, who: Worker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: care_record.add_note(tx, journey_id, who, body))


@router.post(
    "/notes/{note_id}/correct",
    status_code=201,
    summary="Correct a note with a new one that supersedes it (NoteCorrected)",
)
async def correct_note(
    journey_id: str, note_id: str, body: CorrectNote, who: Worker, rt: RuntimeDep
) -> Any:
    return await recorded(
        rt, lambda tx: care_record.correct_note(tx, journey_id, note_id, who, body)
    )
