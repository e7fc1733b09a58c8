"""The JSON referral submission that GP system integrations publish on `gp.referrals`.

FHIR BaRS message bundles arrive on the same topic and are told apart by content
(`resourceType: Bundle`); the referral service parses those. This model is strict: a field
the contract does not know is an error, so a typo in an integration is caught, not ignored.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

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


class ReferralSubmission(BaseModel):
    """A request to refer one person to social prescribing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
    reasons: list[SubmittedReason] = Field(min_length=1)
    notes: str | None = Field(default=None, max_length=4000)
