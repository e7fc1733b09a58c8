"""HTTP steps on a referral: contact attempts, accept, decline, withdraw, reassign, duplicate
review. Thin: each runs one lifecycle action in a transaction and answers with the referral
as it then is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter

from linkwork_referral.actions import lifecycle, notes, person
from linkwork_referral.actions.commands import (
    AddNote,
    ContactAttempt,
    CorrectNote,
    CorrectPerson,
    DuplicateReview,
    Reason,
    Reassignment,
)
from linkwork_referral.api.deps import (
    CaseWorker,
    Manager,
    SettingsDep,
    StepOnReferral,
    Withdrawer,
)
from linkwork_referral.domain.capacity import PLACES
from linkwork_referral.queries.referrals import referral_as_now
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep, recorded
from linkwork_runtime.refusals import Conflict, NotFound
from linkwork_runtime.service import Runtime
from linkwork_runtime.unit_of_work import Transaction

# Each step is on one referral (404 when there is none the caller may see) and may not
# suit the state it is in (409).
router = APIRouter(
    tags=["referral lifecycle"],
    responses=refused(NotFound, Conflict),
    dependencies=[StepOnReferral],
)
Step = Callable[[Transaction[Any]], Awaitable[object]]


async def run(rt: Runtime[Any], referral_id: str, step: Step) -> dict[str, Any]:
    await rt.uow.run(step, serial=PLACES)
    return await referral_as_now(rt.store, referral_id)


@router.post("/referrals/{referral_id}/contact-attempts", status_code=201)
async def contact(referral_id: str, body: ContactAttempt, who: CaseWorker, rt: RuntimeDep) -> Any:
    return await run(
        rt, referral_id, lambda tx: lifecycle.record_contact(tx, referral_id, who, body)
    )


@router.post("/referrals/{referral_id}/accept", summary="The person agrees to the service")
async def accept(referral_id: str, who: CaseWorker, rt: RuntimeDep) -> Any:
    return await run(rt, referral_id, lambda tx: lifecycle.accept(tx, referral_id, who))


@router.post("/referrals/{referral_id}/decline", summary="The person declines")
async def decline(
    referral_id: str, body: Reason, who: CaseWorker, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    return await run(
        rt, referral_id, lambda tx: lifecycle.decline(tx, referral_id, who, body.reason, settings)
    )


@router.post("/referrals/{referral_id}/withdraw", summary="Withdraw the referral")
async def withdraw(
    referral_id: str, body: Reason, who: Withdrawer, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    return await run(
        rt, referral_id, lambda tx: lifecycle.withdraw(tx, referral_id, who, body.reason, settings)
    )


@router.post("/referrals/{referral_id}/reassign", summary="Give the referral to another worker")
async def reassign(
    referral_id: str, body: Reassignment, who: Manager, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    return await run(
        rt,
        referral_id,
        lambda tx: lifecycle.reassign(tx, referral_id, who, body.link_worker_id, settings),
    )


@router.post("/referrals/{referral_id}/duplicate-review", summary="Resolve a possible duplicate")
async def review(
    referral_id: str, body: DuplicateReview, who: CaseWorker, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    return await run(
        rt,
        referral_id,
        lambda tx: lifecycle.review_duplicate(tx, referral_id, who, body.distinct, settings),
    )


@router.post("/referrals/{referral_id}/notes", status_code=201, summary="Add a case note")
async def add_note(referral_id: str, body: AddNote, who: CaseWorker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: notes.add_note(tx, referral_id, who, body))


@router.post(
    "/referrals/{referral_id}/notes/{note_id}/correct",
    status_code=201,
    summary="Correct a case note with a new one that supersedes it",
)
async def correct_note(
    referral_id: str, note_id: str, body: CorrectNote, who: CaseWorker, rt: RuntimeDep
) -> Any:
    return await recorded(rt, lambda tx: notes.correct_note(tx, referral_id, note_id, who, body))


@router.post(
    "/referrals/{referral_id}/person",
    summary="Correct the person's details (PersonDetailsCorrected)",
)
async def correct_person(
    referral_id: str, body: CorrectPerson, who: CaseWorker, rt: RuntimeDep
) -> Any:
    return await recorded(rt, lambda tx: person.correct_person(tx, referral_id, who, body))
