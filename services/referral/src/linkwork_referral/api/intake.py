"""HTTP doors into referral intake: JSON submissions, FHIR BaRS `$process-message`, and the
rejected submissions a person can correct and send again."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from linkwork_referral.actions import intake
from linkwork_referral.actions.arrivals import Outcome
from linkwork_referral.api import fhir
from linkwork_referral.api.deps import (
    JsonSubmitter,
    Reviewer,
    SettingsDep,
    StoreDep,
    Submitter,
)
from linkwork_referral.domain.agency import agency_of
from linkwork_referral.domain.capacity import PLACES
from linkwork_referral.queries import submissions
from linkwork_referral.settings import Settings
from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import Paging, RuntimeDep
from linkwork_runtime.refusals import Conflict, NotFound
from linkwork_runtime.service import Runtime

router = APIRouter(tags=["intake"])
# Intake reaches no party's referral: a new one is nobody's until intake routes it to a team,
# and a rejected submission never was routed (domain/access.py: submissions_readable_by).
NEW = [unconfined("a new referral is nobody's until intake routes it to a team")]
UNROUTED = [unconfined("a rejected submission was never routed to a team (managers see no other)")]
Document = Annotated[dict[str, Any], Body(description="A Linkwork JSON referral submission")]


@router.post(
    "/referrals",
    summary="Submit a referral (JSON; schema: ReferralSubmission.v1)",
    dependencies=NEW,
)
async def submit_referral(
    who: JsonSubmitter, rt: RuntimeDep, settings: SettingsDep, document: Document
) -> JSONResponse:
    incoming = intake.from_http_json(document, rt.uow.clock(), agency_id=agency_of(who))
    return answer(await receive(rt, incoming, settings))


@router.post(
    "/fhir/$process-message",
    summary="Receive a BaRS FHIR message bundle; answers with a FHIR OperationOutcome",
    response_class=fhir.FhirJSONResponse,
    responses=fhir.REFUSED,
    dependencies=NEW,
)
async def process_message(
    _: Submitter,
    rt: RuntimeDep,
    settings: SettingsDep,
    bundle: Annotated[dict[str, Any], Body()],
) -> JSONResponse:
    incoming = intake.from_http_bars(bundle, rt.uow.clock())
    outcome = await receive(rt, incoming, settings)
    return fhir.operation_outcome(outcome)


@router.get(
    "/submissions",
    summary="Submissions as they arrived, e.g. the rejected ones",
    dependencies=UNROUTED,
)
async def list_submissions(
    who: Reviewer, store: StoreDep, paging: Paging, status: str | None = "rejected"
) -> dict[str, Any]:
    return await submissions.list_submissions(store, who, status, paging)


@router.post(
    "/submissions/{submission_id}/resubmit",
    summary="Send a corrected version of a rejected submission",
    responses=refused(NotFound, Conflict),
    dependencies=UNROUTED,
)
async def resubmit(
    submission_id: str,
    _: Submitter,
    rt: RuntimeDep,
    settings: SettingsDep,
    document: Document,
) -> JSONResponse:
    incoming = intake.from_http_json(document, rt.uow.clock())
    return answer(
        await rt.uow.run(
            lambda tx: intake.resubmit(tx, submission_id, incoming, settings), serial=PLACES
        )
    )


def answer(outcome: Outcome) -> JSONResponse:
    """201 for a new referral, 200 for one already received, 422 with the reasons for one
    rejected (the submission is kept: it can be corrected and sent again)."""
    if outcome.status == "rejected":
        body = {
            "error": "referral_rejected",
            "submission_id": outcome.submission_id,
            "reasons": [reason.model_dump() for reason in outcome.reasons],
        }
        return JSONResponse(body, status_code=422)
    body = {k: v for k, v in vars(outcome).items() if k != "reasons"}
    return JSONResponse(body, status_code=200 if outcome.status == "existing" else 201)


async def receive(rt: Runtime[Any], incoming: intake.Incoming, settings: Settings) -> Outcome:
    """One submission received, one at a time with the service's other work on places."""
    return await rt.uow.run(
        lambda tx: intake.receive_referral(tx, incoming, settings), serial=PLACES
    )
