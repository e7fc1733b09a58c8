"""FHIR OperationOutcomes: how Linkwork's FHIR door and its BaRS responses say what happened.

Each issue carries a FHIR issue type (http://hl7.org/fhir/issue-type), the words, where in
the message (`expression`) when known, and as `details` the BaRS HTTP error code a sender
acts on (https://fhir.nhs.uk/CodeSystem/http-error-codes; the BaRS implementation guide,
"Standard Pattern: bundle processing" and its retry guidance) plus Linkwork's own rule id
(https://linkwork.dev/rules) when a referral rule was broken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from linkwork_schemas.referral import RejectionReason

BARS_HTTP_ERRORS: Final = "https://fhir.nhs.uk/CodeSystem/http-error-codes"
RULES: Final = "https://linkwork.dev/rules"
Severity = Literal["fatal", "error", "warning", "information"]

# An HTTP status of the FHIR door: its FHIR issue type and the BaRS error code (a status the
# BaRS code system has no receiver code for carries none: 413 is told by its issue type).
BY_STATUS: Final[dict[int, tuple[str, str | None]]] = {
    400: ("structure", "REC_BAD_REQUEST"),
    401: ("login", "REC_UNAUTHORIZED"),
    403: ("forbidden", "REC_FORBIDDEN"),
    404: ("not-found", "REC_NOT_FOUND"),
    405: ("not-supported", "REC_METHOD_NOT_ALLOWED"),
    409: ("conflict", "REC_CONFLICT"),
    413: ("too-long", None),
    415: ("not-supported", None),
    422: ("invariant", "REC_UNPROCESSABLE_ENTITY"),
    429: ("throttled", "REC_TOO_MANY_REQUESTS"),
    500: ("exception", "REC_SERVER_ERROR"),
    503: ("transient", "REC_UNAVAILABLE"),
}


@dataclass(frozen=True)
class Issue:
    severity: Severity
    code: str  # FHIR issue type
    diagnostics: str
    expression: str | None = None
    bars_code: str | None = None
    rule: str | None = None

    def as_fhir(self) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": self.diagnostics,
        }
        coding = [{"system": BARS_HTTP_ERRORS, "code": self.bars_code}] if self.bars_code else []
        if self.rule:
            coding.append({"system": RULES, "code": self.rule})
        if coding:
            issue["details"] = {"coding": coding}
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


def operation_outcome(issues: Sequence[Issue], *, id_: str | None = None) -> dict[str, Any]:
    outcome: dict[str, Any] = {"resourceType": "OperationOutcome"}
    if id_:
        outcome["id"] = id_
    outcome["issue"] = [issue.as_fhir() for issue in issues]
    return outcome


def for_status(status: int, diagnostics: str, expression: str | None = None) -> Issue:
    """The one issue of an HTTP refusal with this status (an unlisted one by its class)."""
    code, bars = BY_STATUS.get(status) or BY_STATUS[500 if status >= 500 else 400]
    return Issue("error", code, diagnostics, expression, bars)


def for_reasons(reasons: Sequence[RejectionReason]) -> list[Issue]:
    """A rejected referral's reasons: a structural fault (400) or broken referral rules (422)."""
    status = status_of(reasons)
    return [
        Issue(
            "error",
            "structure" if reason.rule == "fhir.structure" else "invariant",
            reason.message,
            reason.field,
            BY_STATUS[status][1],
            reason.rule,
        )
        for reason in reasons
    ]


def for_refusal(reasons: Sequence[RejectionReason], status: int) -> list[Issue]:
    """A follow-up refused with an HTTP status (404 unknown, 409 ended, 422 rules): its
    reasons as issues of that status's type and BaRS code."""
    code, bars = BY_STATUS[status]
    return [Issue("error", code, r.message, r.field, bars, r.rule) for r in reasons]


def status_of(reasons: Sequence[RejectionReason]) -> int:
    return 400 if any(r.rule == "fhir.structure" for r in reasons) else 422


def information(diagnostics: str) -> Issue:
    return Issue("information", "informational", diagnostics)
