"""What intake works with: a message as it arrived, and what became of it (for every door's
answer: 201/200/422 over HTTP, an OperationOutcome from the FHIR door)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from linkwork_referral.domain.fhir_followup import FollowUp
from linkwork_referral.domain.submission import Format
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason


@dataclass(frozen=True)
class Incoming:
    """A submission as it arrived: the original document and what could be read of it."""

    original: dict[str, Any]
    format: Format
    channel: Literal["kafka", "http"]
    submission: ReferralSubmission | None = None
    problems: list[RejectionReason] = field(default_factory=list)
    follow_up: FollowUp | None = None  # a BaRS cancellation or update of an earlier referral


@dataclass(frozen=True)
class Outcome:
    status: Literal[
        "received",
        "possible_duplicate",
        "existing",
        "rejected",
        "withdrawn",
        "updated",
        "unchanged",
        "refused",
    ]
    referral_id: str | None = None
    submission_id: str | None = None
    reasons: list[RejectionReason] = field(default_factory=list)
    http_status: int | None = None  # a refused follow-up: 404 unknown, 409 ended, 422 rules
