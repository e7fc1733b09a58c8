"""Value types shared by several contracts: people, referrers, codings, need domains."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

SNOMED = "http://snomed.info/sct"


def _in_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# A moment with its offset, kept in UTC whatever offset it arrived with.
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_in_utc)]


class Contract(BaseModel):
    """Base of nested contract values: immutable, tolerant of unknown fields."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Coding(Contract):
    system: str = Field(description="Code system URI, e.g. http://snomed.info/sct")
    code: str
    display: str | None = None


class NeedDomain(StrEnum):
    """What matters to the person: the domains a link worker assesses."""

    LONELINESS = "loneliness"
    MENTAL_WELLBEING = "mental_wellbeing"
    PHYSICAL_ACTIVITY = "physical_activity"
    HOUSING = "housing"
    MONEY_AND_DEBT = "money_and_debt"
    EMPLOYMENT = "employment"
    EDUCATION_AND_SKILLS = "education_and_skills"
    CARING = "caring"
    PHYSICAL_HEALTH = "physical_health"
    OTHER = "other"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"


class ReferralRoute(StrEnum):
    """Who referred: medical routes dominate, the others reach people they miss."""

    GP = "gp"
    OTHER_HEALTH = "other_health"
    SELF = "self"
    SCHOOL = "school"
    CHARITY = "charity"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


class ContactChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"


class Person(Contract):
    """The person referred, as the referrer described them (PRSB demographics group)."""

    nhs_number: str | None = Field(default=None, description="10 digits, Modulus 11 checked")
    given_name: str
    family_name: str
    birth_date: date | None = None
    gender: str | None = Field(default=None, description="FHIR administrative gender")
    address_lines: list[str] = Field(default_factory=list)
    postcode: str | None = None
    phone: str | None = None
    email: EmailStr | None = None
    preferred_channel: ContactChannel | None = None
    consent_to_contact: bool | None = Field(
        default=None, description="The person agreed to be contacted by the link worker service"
    )


class Referrer(Contract):
    """Who made the referral: practice/organisation (ODS code) and the practitioner."""

    ods_code: str | None = Field(default=None, description="ODS organisation code")
    organisation_name: str | None = None
    practitioner_name: str | None = None
    practitioner_id: str | None = None
    email: EmailStr | None = None
    organization_id: str | None = Field(
        default=None,
        description="An agency's organisation id, taken from its token (never from the body)",
    )


class ReferralReason(Contract):
    text: str = Field(min_length=1, description="Why the person is referred, in words")
    code: Coding | None = None
    domain: NeedDomain | None = None
