"""HTTP actions of a link worker on a journey (`/journeys/{id}/...`). Thin: parse, run the
action in one transaction, answer with the event it produced."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from linkwork_journey import actions, appointment_actions, goal_actions, measure_actions
from linkwork_journey.commands import (
    AbandonGoal,
    AchieveGoal,
    AssessNeeds,
    CancelAppointment,
    CloseJourney,
    LogContact,
    MeasureOutcome,
    ProgressGoal,
    ScheduleContact,
    SetGoal,
)
from linkwork_journey.settings import Settings
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event

router = APIRouter(prefix="/journeys/{journey_id}", tags=["journey actions"])
Worker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def run(runtime: Runtime, action: Callable[[Transaction], Awaitable[Event]]) -> Any:
    event = await runtime.uow.run(action)
    return {
        "event_id": str(event.event_id),
        "event_type": event.event_type,
        **event.payload.model_dump(mode="json"),
    }


@router.post("/contacts", status_code=201, summary="Log a contact (ContactLogged)")
async def log_contact(journey_id: str, body: LogContact, who: Worker, rt: RuntimeDep) -> Any:
    return await run(rt, lambda tx: actions.log_contact(tx, journey_id, who, body))


@router.post("/appointments", status_code=201, summary="Book a contact ahead (ContactScheduled)")
async def schedule(journey_id: str, body: ScheduleContact, who: Worker, rt: RuntimeDep) -> Any:
    return await run(rt, lambda tx: appointment_actions.schedule(tx, journey_id, who, body))


@router.post(
    "/appointments/{appointment_id}/cancel",
    summary="Call off a scheduled appointment (ContactCancelled)",
)
async def cancel_appointment(
    journey_id: str, appointment_id: str, body: CancelAppointment, who: Worker, rt: RuntimeDep
) -> Any:
    return await run(
        rt, lambda tx: appointment_actions.cancel(tx, journey_id, appointment_id, who, body)
    )


@router.post("/assessments", status_code=201, summary="What matters to you (NeedsAssessed)")
async def assess(journey_id: str, body: AssessNeeds, who: Worker, rt: RuntimeDep) -> Any:
    return await run(rt, lambda tx: actions.assess_needs(tx, journey_id, who, body))


@router.post("/goals", status_code=201, summary="Set a goal (GoalSet)")
async def set_goal(journey_id: str, body: SetGoal, who: Worker, rt: RuntimeDep) -> Any:
    return await run(rt, lambda tx: actions.set_goal(tx, journey_id, who, body))


@router.post("/goals/{goal_id}/progress", summary="Progress on a goal (GoalProgressed)")
async def progress(
    journey_id: str, goal_id: str, body: ProgressGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await run(rt, lambda tx: goal_actions.progress(tx, journey_id, goal_id, who, body))


@router.post("/goals/{goal_id}/achieve", summary="A goal met (GoalAchieved)")
async def achieve(
    journey_id: str, goal_id: str, body: AchieveGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await run(rt, lambda tx: goal_actions.achieve(tx, journey_id, goal_id, who, body))


@router.post("/goals/{goal_id}/abandon", summary="A goal given up (GoalAbandoned)")
async def abandon(
    journey_id: str, goal_id: str, body: AbandonGoal, who: Worker, rt: RuntimeDep
) -> Any:
    return await run(rt, lambda tx: goal_actions.abandon(tx, journey_id, goal_id, who, body))


@router.post("/measures", status_code=201, summary="ONS4, SWEMWBS or UCLA-3 (OutcomeMeasured)")
async def measure(
    journey_id: str, body: MeasureOutcome, who: Worker, rt: RuntimeDep, request: Request
) -> Any:
    settings: Settings = request.app.state.settings
    return await run(rt, lambda tx: measure_actions.measure(tx, journey_id, who, body, settings))


@router.post("/close", summary="Close the journey with its summary (JourneyClosed)")
async def close(journey_id: str, body: CloseJourney, who: Worker, rt: RuntimeDep) -> Any:
    return await run(rt, lambda tx: measure_actions.close(tx, journey_id, who, body))
