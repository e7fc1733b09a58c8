"""FHIR OperationOutcome answers for `$process-message`, and views of stored submissions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi.responses import JSONResponse

from linkwork_referral.receiving import Outcome


def now() -> datetime:
    return datetime.now(UTC)


def operation_outcome(outcome: Outcome) -> JSONResponse:
    if outcome.status == "rejected":
        structural = any(r.rule == "fhir.structure" for r in outcome.reasons)
        issues = [
            {
                "severity": "error",
                "code": "structure" if reason.rule == "fhir.structure" else "invariant",
                "details": {
                    "coding": [{"system": "https://linkwork.dev/rules", "code": reason.rule}]
                },
                "diagnostics": reason.message,
                "expression": [reason.field],
            }
            for reason in outcome.reasons
        ]
        return JSONResponse(
            {"resourceType": "OperationOutcome", "id": outcome.submission_id, "issue": issues},
            status_code=400 if structural else 422,
            media_type="application/fhir+json",
        )
    text = f"referral {outcome.referral_id} {outcome.status.replace('_', ' ')}"
    return JSONResponse(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "information", "code": "informational", "diagnostics": text}],
        },
        status_code=200,
        media_type="application/fhir+json",
    )


def submission_view(document: dict[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in document.items() if k not in ("_id", "original")}
    return {"submission_id": document["_id"], **view, "original": json.loads(document["original"])}
