"""Reading what a GP system sent into a `ReferralSubmission`, or into what stops it becoming
one: the one policy every door follows (Kafka, HTTP JSON, HTTP FHIR).

A JSON document is checked against the contract, each schema error a problem with the rule
`schema.<pydantic error type>`; a FHIR BaRS bundle is read by `fhir_bars`, its structural
fault a problem with the rule `fhir.structure`. Each door decides how to answer problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from linkwork_referral.domain.fhir_bars import is_bars_bundle, parse_bars_bundle
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason

Format = Literal["json", "bars"]
NOT_AN_OBJECT = "a referral must be a JSON object (submission or FHIR Bundle)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where in the document (a JSON path, `$.reasons[1].domain`) and as a
    rejection reason names it (its `field` a dotted path for schema errors)."""

    where: str
    reason: RejectionReason


@dataclass(frozen=True)
class Reading:
    submission: ReferralSubmission | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def reasons(self) -> list[RejectionReason]:
        return [problem.reason for problem in self.problems]


def format_of(document: object) -> Format:
    """What a message on `gp.referrals` is, told by its content."""
    return "bars" if is_bars_bundle(document) else "json"


def read_submission(document: object, format: Format, *, received_at: datetime) -> Reading:
    """The submission `document` holds, or every problem found reading it (`received_at`
    stands in for a BaRS message's missing timestamp)."""
    if not isinstance(document, dict):
        return Reading(None, [Problem("$", _reason("$", "schema.model_type", NOT_AN_OBJECT))])
    if format == "bars":
        try:
            return Reading(parse_bars_bundle(document, received_at=received_at))
        except InvalidMessage as exc:
            reason = _reason(exc.where, "fhir.structure", exc.reason)
            return Reading(None, [Problem(exc.where, reason)])
    try:
        return Reading(ReferralSubmission.model_validate(document))
    except ValidationError as exc:
        return Reading(None, [_schema_problem(error) for error in exc.errors()])


def as_invalid_message(problems: list[Problem]) -> InvalidMessage:
    """The problems as one refusal of a message: the first, and how many more there are."""
    first = problems[0]
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return InvalidMessage(f"{first.reason.message}{more}", first.where)


def _schema_problem(error: ErrorDetails) -> Problem:
    loc = error["loc"]
    where = "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    dotted = ".".join(str(part) for part in loc) or "$"
    return Problem(where, _reason(dotted, f"schema.{error['type']}", error["msg"]))


def _reason(where: str, rule: str, message: str) -> RejectionReason:
    return RejectionReason(field=where, rule=rule, message=message)
