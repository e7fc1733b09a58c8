"""The rules a referral must meet before a link worker service takes it on.

`validate_submission` returns every rule that fails, not the first, so a referrer can fix
them all in one go. Each reason names the field (dotted path), a stable rule id and what to
do. The contract (`ReferralSubmission`) has already checked types; these are the domain's
rules. The NHS number itself is not echoed back: rejection reasons travel on the event bus
and into logs, and the referrer already knows what they sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from linkwork_referral.domain import nhs_number
from linkwork_schemas.common import Person, ReferralRoute, Referrer
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason

OLDEST_PLAUSIBLE_AGE = 120
# Routes whose referrers hold the person's GP record, so know the NHS number; a person
# referring themselves, a council or a charity may not, and is matched later.
NHS_NUMBER_REQUIRED = frozenset({ReferralRoute.GP, ReferralRoute.OTHER_HEALTH})
# UK postcodes, including the special GIR 0AA; the space before the inward code is optional.
_POSTCODE = re.compile(
    r"^(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]"
    r"|[A-Z][A-HJ-Y][0-9][A-Z]?) ?[0-9][A-Z]{2})$",
    re.IGNORECASE,
)
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$", re.IGNORECASE)
_TEN_DIGITS = re.compile(r"^[0-9]{10}$")


def validate_submission(submission: ReferralSubmission, *, today: date) -> list[RejectionReason]:
    """Every referral rule the submission breaks; an empty list means it can be accepted."""
    person = submission.patient
    return [
        *_nhs_number(person, required=submission.route in NHS_NUMBER_REQUIRED),
        *_birth_date(person, today),
        *_postcode(person),
        *_consent(person),
        *_referrer(submission.referrer),
        *_contact_route(person),
    ]


def validate_person(person: Person, *, today: date) -> list[RejectionReason]:
    """The person's rules (as at intake) that a corrected person record breaks."""
    return [
        *_nhs_number(person, required=False),
        *_birth_date(person, today),
        *_postcode(person),
        *_contact_route(person),
    ]


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code (the last three characters)."""
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_postcode(written: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(written.strip())))


def _nhs_number(person: Person, *, required: bool = True) -> Iterator[RejectionReason]:
    field = "patient.nhs_number"
    number = nhs_number.normalise(person.nhs_number or "")
    if not number and not required:
        return
    if not number:
        yield RejectionReason(
            field=field,
            rule="nhs_number.required",
            message="Give the person's NHS number (10 digits) so they can be matched to their "
            "GP record (a referral from a GP or other health service needs it).",
        )
    elif not _TEN_DIGITS.match(number):
        yield RejectionReason(
            field=field,
            rule="nhs_number.format",
            message="The NHS number must be 10 digits (spaces and dashes are allowed); "
            "check it was copied correctly.",
        )
    elif not nhs_number.is_valid(number):
        yield RejectionReason(
            field=field,
            rule="nhs_number.modulus11",
            message="The NHS number fails the NHS number check: its check digit (the 10th "
            "digit) does not match the first nine digits (Modulus 11). Check it was copied "
            "correctly, or look it up on the person's record.",
        )


def _birth_date(person: Person, today: date) -> Iterator[RejectionReason]:
    born = person.birth_date
    if born is None:
        return
    if born > today:
        yield RejectionReason(
            field="patient.birth_date",
            rule="birth_date.future",
            # Never the value itself: a reason travels in events and answers (personal data).
            message=f"The date of birth is in the future (today is {today.isoformat()}); "
            "check the day, month and year.",
        )
    elif born < years_before(today, OLDEST_PLAUSIBLE_AGE):
        yield RejectionReason(
            field="patient.birth_date",
            rule="birth_date.implausible",
            message=f"The date of birth would make the person more than "
            f"{OLDEST_PLAUSIBLE_AGE} years old; check the year.",
        )


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def _postcode(person: Person) -> Iterator[RejectionReason]:
    written = (person.postcode or "").strip()
    if written and not _POSTCODE.match(normalise_postcode(written)):
        yield RejectionReason(
            field="patient.postcode",
            rule="postcode.format",
            message="The postcode is not a UK postcode (for example M1 1AE); correct it, or "
            "leave it out and give the address.",
        )


def _consent(person: Person) -> Iterator[RejectionReason]:
    if person.consent_to_contact is True:
        return
    if person.consent_to_contact is False:
        message = (
            "The person has not agreed to be contacted by the link worker service, so the "
            "referral cannot go ahead. Talk it through with them and resubmit if they agree."
        )
    else:
        message = (
            "Record whether the person agrees to be contacted by the link worker service "
            "(consent_to_contact); a link worker can only contact them with their agreement."
        )
    yield RejectionReason(
        field="patient.consent_to_contact", rule="consent.required", message=message
    )


def _referrer(referrer: Referrer) -> Iterator[RejectionReason]:
    named = (referrer.ods_code, referrer.practitioner_name, referrer.organisation_name)
    if not any(value and value.strip() for value in named):
        yield RejectionReason(
            field="referrer",
            rule="referrer.required",
            message="Say who is referring: the practice or organisation's ODS code, its name, "
            "or the practitioner's name, so the outcome can be reported back to them.",
        )
    ods = (referrer.ods_code or "").strip()
    if ods and not _ODS_CODE.match(ods):
        yield RejectionReason(
            field="referrer.ods_code",
            rule="referrer.ods_code.format",
            message=f"'{ods}' is not an ODS organisation code (3 to 10 letters and digits, "
            "for example B86001); check it in the ODS directory.",
        )


def _contact_route(person: Person) -> Iterator[RejectionReason]:
    routes = (person.phone, person.email, person.postcode, *person.address_lines)
    if not any(route and route.strip() for route in routes):
        yield RejectionReason(
            field="patient",
            rule="patient.contact.required",
            message="Give at least one way to reach the person: a phone number, an email "
            "address, or a postal address or postcode.",
        )
