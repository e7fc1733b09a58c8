"""FHIR answers of `$process-message`: an OperationOutcome saying what became of the message,
or every issue that stopped it (400 for a structural fault, 422 for broken referral rules)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from linkwork_referral.actions.intake import Outcome

FHIR_JSON = "application/fhir+json"
RULES = "https://linkwork.dev/rules"


class FhirJSONResponse(JSONResponse):
    media_type = FHIR_JSON


_OUTCOME = {
    FHIR_JSON: {
        "schema": {
            "type": "object",
            "properties": {
                "resourceType": {"const": "OperationOutcome"},
                "issue": {"type": "array", "items": {"type": "object"}},
            },
            "required": ["resourceType", "issue"],
        }
    }
}
# What `$process-message` answers besides 200, in its OpenAPI.
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"description": "A structural fault: not a BaRS message", "content": _OUTCOME},
    422: {"description": "A referral that breaks the referral rules", "content": _OUTCOME},
}


def operation_outcome(outcome: Outcome) -> JSONResponse:
    if outcome.status == "rejected":
        structural = any(r.rule == "fhir.structure" for r in outcome.reasons)
        issues = [
            {
                "severity": "error",
                "code": "structure" if reason.rule == "fhir.structure" else "invariant",
                "details": {"coding": [{"system": RULES, "code": reason.rule}]},
                "diagnostics": reason.message,
                "expression": [reason.field],
            }
            for reason in outcome.reasons
        ]
        return JSONResponse(
            {"resourceType": "OperationOutcome", "id": outcome.submission_id, "issue": issues},
            status_code=400 if structural else 422,
            media_type=FHIR_JSON,
        )
    text = f"referral {outcome.referral_id} {outcome.status.replace('_', ' ')}"
    return JSONResponse(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "information", "code": "informational", "diagnostics": text}],
        },
        status_code=200,
        media_type=FHIR_JSON,
    )
