"""HTTP doors into the referral pipeline: JSON submissions, FHIR BaRS `$process-message`,
and the rejected submissions a person can correct and send again."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from linkwork_referral import fhir_responses
from linkwork_referral.domain.fhir_bars import parse_bars_bundle
from linkwork_referral.http_deps import RuntimeDep, SettingsDep
from linkwork_referral.receiving import Incoming, Outcome, receive_referral
from linkwork_referral.store import Submissions
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason

router = APIRouter(tags=["intake"])
Submitter = Annotated[
    Principal,
    Depends(require_roles(Role.INTEGRATION, Role.PRACTICE, Role.MANAGER, Role.LINK_WORKER)),
]
Reviewer = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.OPS, Role.INTEGRATION))]
Document = Annotated[dict[str, Any], Body(description="A Linkwork JSON referral submission")]


def json_incoming(document: dict[str, Any]) -> Incoming:
    """Parse a JSON submission; schema problems become rejection reasons, not exceptions."""
    try:
        submission = ReferralSubmission.model_validate(document)
    except ValidationError as exc:
        problems = [
            RejectionReason(
                field=".".join(str(part) for part in error["loc"]) or "$",
                rule=f"schema.{error['type']}",
                message=error["msg"],
            )
            for error in exc.errors()
        ]
        return Incoming(original=document, format="json", channel="http", problems=problems)
    return Incoming(original=document, format="json", channel="http", submission=submission)


def outcome_response(outcome: Outcome) -> JSONResponse:
    if outcome.status == "rejected":
        body = {
            "error": "referral_rejected",
            "submission_id": outcome.submission_id,
            "reasons": [reason.model_dump() for reason in outcome.reasons],
        }
        return JSONResponse(body, status_code=422)
    body = {k: v for k, v in vars(outcome).items() if k != "reasons"}
    return JSONResponse(body, status_code=200 if outcome.status == "existing" else 201)


@router.post("/referrals", summary="Submit a referral (JSON; schema: ReferralSubmission.v1)")
async def submit_referral(
    _: Submitter, runtime: RuntimeDep, settings: SettingsDep, document: Document
) -> JSONResponse:
    incoming = json_incoming(document)
    return outcome_response(
        await runtime.uow.run(lambda tx: receive_referral(tx, incoming, settings))
    )


@router.post(
    "/fhir/$process-message",
    summary="Receive a BaRS FHIR message bundle; answers with a FHIR OperationOutcome",
)
async def process_message(
    _: Submitter,
    runtime: RuntimeDep,
    settings: SettingsDep,
    bundle: Annotated[dict[str, Any], Body()],
) -> JSONResponse:
    try:
        submission = parse_bars_bundle(bundle, received_at=fhir_responses.now())
        incoming = Incoming(original=bundle, format="bars", channel="http", submission=submission)
    except InvalidMessage as exc:
        problem = RejectionReason(field=exc.where, rule="fhir.structure", message=exc.reason)
        incoming = Incoming(original=bundle, format="bars", channel="http", problems=[problem])
    outcome = await runtime.uow.run(lambda tx: receive_referral(tx, incoming, settings))
    return fhir_responses.operation_outcome(outcome)


@router.get("/submissions", summary="Submissions as they arrived, e.g. the rejected ones")
async def list_submissions(
    _: Reviewer,
    runtime: RuntimeDep,
    status: str | None = "rejected",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    filters = {"status": status} if status else {}
    items, total = await Submissions(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "items": [fhir_responses.submission_view(item) for item in items],
    }


@router.post(
    "/submissions/{submission_id}/resubmit",
    summary="Send a corrected version of a rejected submission",
)
async def resubmit(
    submission_id: str,
    _: Submitter,
    runtime: RuntimeDep,
    settings: SettingsDep,
    document: Document,
) -> JSONResponse:
    earlier = await Submissions(runtime.db).get(submission_id)
    if earlier is None:
        raise HTTPException(
            404, {"error": "not_found", "message": f"no submission {submission_id!r}"}
        )
    if earlier["status"] != "rejected":
        raise HTTPException(
            409, {"error": "not_rejected", "message": f"submission is {earlier['status']}"}
        )
    incoming = json_incoming(document)

    async def work(tx: Transaction) -> Outcome:
        outcome = await receive_referral(tx, incoming, settings)
        if outcome.status != "rejected":
            replaced_by = outcome.submission_id or outcome.referral_id or ""
            await Submissions(tx.db, tx.session).mark_resubmitted(submission_id, replaced_by)
        return outcome

    return outcome_response(await runtime.uow.run(work))
