"""The JSON referral submission that GP system integrations publish on `gp.referrals`.

FHIR BaRS message bundles arrive on the same topic and are told apart by content
(`resourceType: Bundle`); the referral service parses those. This model is strict: a field
the contract does not know is an error, so a typo in an integration is caught, not ignored.
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from linkwork_schemas.common import (
    Coding,
    Person,
    ReferralReason,
    ReferralRoute,
    Referrer,
    Urgency,
)

SUBMISSION_SCHEMA: Final = "linkwork.referral-submission"
_STRICT = ConfigDict(extra="forbid", frozen=True)


# Inbound values are strict versions of the shared ones: a misspelt field inside `patient`
# is an error, where a consumer of events reads tolerantly.
class SubmittedCoding(Coding):
    model_config = _STRICT


class SubmittedReason(ReferralReason):
    model_config = _STRICT
    code: SubmittedCoding | None = None


class SubmittedPerson(Person):
    model_config = _STRICT


class SubmittedReferrer(Referrer):
    model_config = _STRICT


TEXT_LIMIT: Final = 1000  # any text field without a limit of its own
MAX_REASONS: Final = 20  # a referral's reasons; a document with thousands is not a referral
# C0 control characters and DEL, but tab, line feed and carriage return (free text has lines).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problems(value: Any, where: str = "$") -> list[str]:
    """Every text in an inbound document that is too long or holds a control character, by
    where it is (`$.patient.given_name`); `notes` keeps its own, longer limit."""
    if isinstance(value, str):
        found = []
        limit = 4000 if where.endswith((".notes", ".text")) else TEXT_LIMIT
        if len(value) > limit:
            found.append(f"{where}: {len(value)} characters, at most {limit}")
        if char := _CONTROL.search(value):
            found.append(f"{where}: a control character (U+{ord(char.group()):04X})")
        return found
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in text_problems(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in text_problems(item, f"{where}[{i}]")]
    return []


class ReferralSubmission(BaseModel):
    """A request to refer one person to social prescribing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        """Every text field is bounded and free of control characters (a name with NUL in
        it, or 200 KB long, is refused saying where, not stored)."""
        problems = text_problems(data)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ValueError(f"text not accepted at {problems[0]}{more}")
        return data

    schema_: Literal["linkwork.referral-submission"] = Field(
        default=SUBMISSION_SCHEMA,
        alias="schema",
        description="Marks the document as a Linkwork JSON submission",
    )
    schema_version: int = Field(default=1, ge=1, le=1)
    source_system: str = Field(
        min_length=1, max_length=64, description="Sending system, e.g. EMIS, SystmOne"
    )
    source_referral_id: str = Field(
        min_length=1, max_length=128, description="The referral's id in the sending system"
    )
    submitted_at: AwareDatetime
    route: ReferralRoute = ReferralRoute.GP
    urgency: Urgency = Urgency.ROUTINE
    referrer: SubmittedReferrer
    patient: SubmittedPerson
    reasons: list[SubmittedReason] = Field(min_length=1, max_length=MAX_REASONS)
    notes: str | None = Field(default=None, max_length=4000)
