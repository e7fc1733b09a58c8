"""The self-referral form: what a person tells us about themselves, checked field by field
with reasons they can act on, and turned into a referral submission (route `self`).

Every reason names the form's field and says what to do, in plain English; none repeats what
was typed (answers are personal data, and reasons reach logs). The honeypot field `website`
is hidden from people: a form that fills it in is a robot's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkwork_referral.domain import nhs_number
from linkwork_referral.domain.validation import (
    OLDEST_PLAUSIBLE_AGE,
    is_postcode,
    normalise_postcode,
    years_before,
)
from linkwork_schemas.common import ContactChannel, NeedDomain
from linkwork_schemas.gp_referral import SUBMISSION_SCHEMA, text_problems

SOURCE_SYSTEM: Final = "self-referral"
HONEYPOT: Final = "website"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{10,13}$")

NEED_WORDS: Final = {
    NeedDomain.LONELINESS: "Feeling lonely or isolated",
    NeedDomain.MENTAL_WELLBEING: "Feeling low, anxious or stressed",
    NeedDomain.PHYSICAL_ACTIVITY: "Being more active",
    NeedDomain.HOUSING: "Housing",
    NeedDomain.MONEY_AND_DEBT: "Money, benefits or debt",
    NeedDomain.EMPLOYMENT: "Work or finding a job",
    NeedDomain.EDUCATION_AND_SKILLS: "Learning and skills",
    NeedDomain.CARING: "Caring for someone",
    NeedDomain.PHYSICAL_HEALTH: "Living with a health condition",
    NeedDomain.OTHER: "Something else",
}

# What to do, for each field, when its answer cannot be read at all.
ASK: Final = {
    "given_name": "Enter your first name",
    "family_name": "Enter your last name",
    "birth_date": "Enter your date of birth as a real date, for example 1950-03-14",
    "nhs_number": "Enter your NHS number, or leave it blank if you do not know it",
    "phone": "Enter a phone number, like 07700 900123",
    "email": "Enter an email address, like name@example.com",
    "postcode": "Enter your postcode, like LS6 1AA",
    "address": "Enter your address on up to 5 lines",
    "preferred_channel": "Choose how you would like us to contact you from the list",
    "needs": "Choose what you would like help with from the list",
    "help_with": "Tell us in a few words what you would like help with",
    "consent_to_contact": "Say whether a link worker may contact you",
    "form_id": "Reload the form and try again",
    HONEYPOT: "Leave this field empty",
}


class SelfReferralForm(BaseModel):
    """The form's fields as posted (JSON); only these, each bounded."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    nhs_number: str | None = Field(default=None, max_length=20)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=254)
    postcode: str | None = Field(default=None, max_length=10)
    address: str | None = Field(default=None, max_length=400, description="Up to 5 lines")
    preferred_channel: ContactChannel | None = None
    needs: list[NeedDomain] = Field(default_factory=list, max_length=len(NeedDomain))
    help_with: str = Field(min_length=1, max_length=2000)
    consent_to_contact: bool
    website: str | None = Field(default=None, max_length=200, description="Leave empty")
    form_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9-]{8,64}$",
        description="The form's own id: the same form sent twice is one referral",
    )


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class Reading:
    form: SelfReferralForm | None
    errors: list[FieldError]

    @property
    def robot(self) -> bool:
        """The hidden honeypot was filled in."""
        return self.form is not None and bool((self.form.website or "").strip())


def read_form(document: Any, *, today: date) -> Reading:
    """The form, or every field's problem (a filled honeypot reads as a form: its caller is
    answered as if it were accepted)."""
    if not isinstance(document, dict):
        return Reading(None, [FieldError("form", "Send the form's answers as a JSON object")])
    errors = [FieldError(_field_of(p), _unusual(_field_of(p))) for p in text_problems(document)]
    if errors:
        return Reading(None, _once_each(errors))
    try:
        form = SelfReferralForm.model_validate(document)
    except ValidationError as invalid:
        return Reading(None, _once_each([_asked(e["loc"]) for e in invalid.errors()]))
    if (form.website or "").strip():
        return Reading(form, [])
    return Reading(form, list(_rules(form, today)))


def _field_of(problem: str) -> str:
    """`$.needs[0]: ...` -> `needs`."""
    match = re.match(r"^\$\.([A-Za-z_]+)", problem)
    return match.group(1) if match else "form"


def _unusual(field: str) -> str:
    return f"{ASK.get(field, 'Check this answer')}, without unusual characters or very long text"


def _asked(loc: tuple[int | str, ...]) -> FieldError:
    field = str(loc[0]) if loc else "form"
    if field not in ASK:
        # A key the form does not have: named (it is not an answer), cut short.
        return FieldError(field[:40], "This form has no such question; remove it")
    return FieldError(field, ASK[field])


def _once_each(errors: list[FieldError]) -> list[FieldError]:
    seen: dict[str, FieldError] = {}
    for error in errors:
        seen.setdefault(error.field, error)
    return list(seen.values())


def _rules(form: SelfReferralForm, today: date) -> list[FieldError]:
    found: list[FieldError] = []
    if form.birth_date > today:
        found.append(FieldError("birth_date", "Your date of birth must be in the past"))
    elif form.birth_date < years_before(today, OLDEST_PLAUSIBLE_AGE):
        found.append(FieldError("birth_date", "Check the year of your date of birth"))
    number = nhs_number.normalise(form.nhs_number or "")
    if number and not nhs_number.is_valid(number):
        found.append(
            FieldError(
                "nhs_number",
                "Check your NHS number: it is 10 digits, like 485 777 3456, on letters from "
                "your GP or in the NHS App. Leave it blank if you do not know it",
            )
        )
    if form.phone and not _PHONE.match(re.sub(r"[\s()-]", "", form.phone)):
        found.append(FieldError("phone", "Enter a UK phone number, like 07700 900123"))
    if form.email and not _EMAIL.match(form.email):
        found.append(FieldError("email", ASK["email"]))
    if form.postcode and not is_postcode(form.postcode):
        found.append(FieldError("postcode", "Enter a real postcode, like LS6 1AA"))
    if len(_lines(form.address)) > 5:
        found.append(FieldError("address", ASK["address"]))
    if not any((form.phone, form.email, form.postcode, _lines(form.address))):
        found.append(
            FieldError(
                "contact",
                "Tell us at least one way to reach you: a phone number, an email address, or "
                "your address or postcode",
            )
        )
    if not form.consent_to_contact:
        found.append(
            FieldError(
                "consent_to_contact",
                "To refer yourself, agree that a link worker may contact you. If you would "
                "rather not, you can talk to your GP practice instead",
            )
        )
    return found


def _lines(address: str | None) -> list[str]:
    return [line.strip() for line in (address or "").splitlines() if line.strip()]


def as_submission(form: SelfReferralForm, reference: str, now: datetime) -> dict[str, Any]:
    """The referral submission a valid form becomes: route `self`, the person their own
    referrer, their words first, then each need they chose."""
    number = nhs_number.normalise(form.nhs_number or "")
    patient: dict[str, Any] = {
        "given_name": form.given_name,
        "family_name": form.family_name,
        "birth_date": form.birth_date.isoformat(),
        "address_lines": _lines(form.address),
        "consent_to_contact": form.consent_to_contact,
    }
    optional = {
        "nhs_number": number or None,
        "phone": form.phone,
        "email": form.email,
        "postcode": normalise_postcode(form.postcode) if form.postcode else None,
        "preferred_channel": form.preferred_channel,
    }
    patient |= {k: str(v) for k, v in optional.items() if v}
    reasons = [{"text": form.help_with}] + [
        {"text": NEED_WORDS[need], "domain": str(need)} for need in dict.fromkeys(form.needs)
    ]
    return {
        "schema": SUBMISSION_SCHEMA,
        "source_system": SOURCE_SYSTEM,
        "source_referral_id": reference,
        "submitted_at": now.isoformat(),
        "route": "self",
        "urgency": "routine",
        "referrer": {"organisation_name": "Self-referral (the person themselves)"},
        "patient": patient,
        "reasons": reasons,
    }
