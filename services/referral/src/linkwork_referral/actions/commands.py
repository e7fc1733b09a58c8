"""What callers ask of the referral service, parsed at the HTTP boundary: contact attempts,
reasons, reassignment, duplicate review, and link workers' records."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, field_validator

from linkwork_schemas.common import ContactChannel
from linkwork_schemas.journey import NoteCategory
from linkwork_schemas.referral import ConsentPurpose, ConsentSource

ODS = re.compile(r"^[A-Z0-9]{3,10}$")


class ContactAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["phone", "sms", "email", "letter", "visit"]
    outcome: Literal["reached", "no_answer", "left_message", "wrong_number", "other"]
    at: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=2000)


class CorrectPerson(BaseModel):
    """Who the person is and how to reach them, corrected: only the fields given change."""

    model_config = ConfigDict(extra="forbid")
    nhs_number: str | None = Field(default=None, description="10 digits, Modulus 11 checked")
    given_name: str | None = Field(default=None, min_length=1, max_length=100)
    family_name: str | None = Field(default=None, min_length=1, max_length=100)
    birth_date: date | None = None
    address_lines: list[str] | None = Field(default=None, max_length=5)
    postcode: str | None = Field(default=None, max_length=10)
    phone: str | None = Field(default=None, max_length=30)
    email: EmailStr | None = None
    preferred_channel: ContactChannel | None = None


class AddNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: NoteCategory
    text: str = Field(min_length=1, max_length=8000)
    restricted: bool = Field(
        default=False,
        description="Seen only by you, your team's managers and information governance",
    )


class CorrectNote(BaseModel):
    """A new version of a note: the old one stays, marked as superseded."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=8000)
    category: NoteCategory | None = Field(default=None, description="Default: the note's")
    restricted: bool | None = Field(default=None, description="Default: as the note was")


# How staff hear of a consent: the referral's own consents are recorded at intake.
StaffSource = Literal[ConsentSource.PHONE, ConsentSource.FORM]


class RecordConsent(BaseModel):
    """The person agrees to one purpose, by phone or on a form, maybe until a date."""

    model_config = ConfigDict(extra="forbid")
    purpose: ConsentPurpose
    source: StaffSource = ConsentSource.PHONE
    expires_at: AwareDatetime | None = Field(default=None, description="Default: no expiry")


class WithdrawConsent(BaseModel):
    """How the person took a consent back (its purpose is in the path)."""

    model_config = ConfigDict(extra="forbid")
    source: StaffSource = ConsentSource.PHONE


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class Reassignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    link_worker_id: str = Field(min_length=1)


class DuplicateReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    distinct: bool = Field(description="true: a new case; false: the same as the open one")


class LinkWorkerChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1)
    email: EmailStr | None = None
    team_id: str | None = None
    practices: list[str] | None = Field(default=None, description="ODS codes of practices served")
    pcn: str | None = Field(default=None, description="Primary care network")
    fte: float | None = Field(
        default=None, gt=0, le=1.5, description="Working pattern, 1.0 = full time"
    )
    caseload_cap: int | None = Field(default=None, ge=0, le=1000)
    active: bool | None = None

    @field_validator("practices")
    @classmethod
    def _ods_codes(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [code.strip().upper() for code in value]
        bad = [code for code in codes if not ODS.match(code)]
        if bad:
            raise ValueError(f"not ODS codes: {bad}")
        return codes


class NewLinkWorker(LinkWorkerChanges):
    link_worker_id: str = Field(min_length=1, description="Their user id (the JWT `sub`)")
    name: str = Field(min_length=1)
    practices: list[str] = Field(min_length=1)
    fte: float = Field(default=1.0, gt=0, le=1.5)
    active: bool = True


class Catchment(BaseModel):
    """A team's whole catchment: postcode areas (LS), districts (LS6) or sectors (LS6 1)."""

    model_config = ConfigDict(extra="forbid")
    entries: list[str] = Field(max_length=500, description="e.g. ['LS6', 'LS16', 'LS7 3']")


class Routing(BaseModel):
    """Where a manager routes a referral from triage."""

    model_config = ConfigDict(extra="forbid")
    team_id: str = Field(min_length=1, max_length=100)
    link_worker_id: str | None = Field(
        default=None, min_length=1, description="One of the team's; default: by capacity"
    )
