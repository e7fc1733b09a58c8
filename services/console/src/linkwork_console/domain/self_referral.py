"""The public "refer yourself" page's form: its questions in plain English, what it posts to
the referral service's `POST /self-referrals`, and each of the service's answers for the page
(every field's problem next to that field and in the error summary, linking to it).

The honeypot `website` is sent as typed: people never see it, so only a robot fills it in."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.journey_forms import date_from

FORM = "self-referral"
HONEYPOT = "website"
# The areas of life a person may want help with, in their words (the service's needs).
NEEDS = (
    ("loneliness", "Feeling lonely or isolated"),
    ("mental_wellbeing", "Feeling low, anxious or stressed"),
    ("physical_activity", "Being more active"),
    ("housing", "Housing"),
    ("money_and_debt", "Money, benefits or debt"),
    ("employment", "Work or finding a job"),
    ("education_and_skills", "Learning and skills"),
    ("caring", "Caring for someone"),
    ("physical_health", "Living with a health condition"),
    ("other", "Something else"),
)
CHANNELS = (
    ("phone", "Phone call"),
    ("sms", "Text message"),
    ("email", "Email"),
    ("post", "Letter"),
)
TEXT_FIELDS = (
    "given_name",
    "family_name",
    "nhs_number",
    "phone",
    "email",
    "postcode",
    "address",
    "preferred_channel",
    "help_with",
    HONEYPOT,
)
# Where on the page each field's error links to (its first box); a field not here is its own id.
ANCHORS = {
    "birth_date": "birth_date-day",
    "contact": "phone",
    "form": "main-form",
    "form_id": "main-form",
}
_FORM_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
TOO_LARGE = "Your answers are too long to send. Shorten what you wrote, then send the form again"
UNAVAILABLE = (
    "Sorry, we could not send your form just now. Your answers are still here: try again in a "
    "few minutes"
)


class Fields(Protocol):
    def get(self, name: str, default: str = "") -> str: ...

    def getlist(self, name: str) -> list[str]: ...


@dataclass(frozen=True)
class Prepared:
    """The request body, what to show again if it comes back, and the console's own finding
    about the date of birth (its three boxes), shown with the service's."""

    body: dict[str, Any]
    values: dict[str, Any]
    birth_date_error: FieldError | None


def new_form() -> FormState:
    """A blank form with an id of its own: the same form sent twice is one referral."""
    return FormState(values={"form_id": str(uuid.uuid4()), "needs": []}, name=FORM)


def prepared(fields: Fields) -> Prepared:
    values: dict[str, Any] = {name: fields.get(name) for name in TEXT_FIELDS}
    values |= {f"birth_date-{box}": fields.get(f"birth_date-{box}") for box in BOXES}
    values["needs"] = fields.getlist("needs")
    values["consent_to_contact"] = fields.get("consent_to_contact") == "yes"
    form_id = fields.get("form_id")
    values["form_id"] = form_id if _FORM_ID.match(form_id) else str(uuid.uuid4())
    born = date_from(fields, "birth_date", "your date of birth", required=True)
    body: dict[str, Any] = {
        name: values[name] for name in TEXT_FIELDS if values[name] or name in REQUIRED
    }
    body |= {
        "birth_date": born.isoformat() if isinstance(born, date) else None,
        "needs": values["needs"],
        "consent_to_contact": values["consent_to_contact"],
        "form_id": values["form_id"],
    }
    problem = born if isinstance(born, FieldError) else None
    return Prepared(body, values, problem)


BOXES = ("day", "month", "year")
REQUIRED = ("given_name", "family_name", "help_with")


def refused(prepared: Prepared, answer: Any) -> FormState:
    """The service's `form_invalid` answer: each field's message, the date of birth's in the
    date input's own words when its boxes could not be read."""
    items = answer.get("errors", []) if isinstance(answer, Mapping) else []
    errors = [
        FieldError(str(item.get("field") or "form"), str(item.get("message", "")))
        for item in items
        if isinstance(item, Mapping)
    ]
    if prepared.birth_date_error is not None:
        errors = [e for e in errors if e.field != "birth_date"]
        errors.insert(_position(errors), prepared.birth_date_error)
    return FormState(values=prepared.values, errors=errors or [_whole(answer)], name=FORM)


def unsent(prepared: Prepared, message: str) -> FormState:
    """The form as typed, with why it could not be sent (too large, too often, unavailable)."""
    return FormState(values=prepared.values, errors=[FieldError("form", message)], name=FORM)


def too_often(retry_after: str | None) -> str:
    seconds = int(retry_after) if retry_after and retry_after.isdigit() else 60
    wait = "a minute" if seconds >= 60 else f"{seconds} seconds"
    return f"This form has been sent several times in a minute. Wait {wait}, then send it again"


def reference_of(answer: Mapping[str, Any]) -> str:
    reference = str(answer.get("reference", ""))
    return reference if _FORM_ID.match(reference) else ""


def is_reference(text: str) -> bool:
    return bool(_FORM_ID.match(text))


def _position(errors: list[FieldError]) -> int:
    """After the names, where the date of birth stands on the page."""
    return sum(e.field in ("given_name", "family_name") for e in errors)


def _whole(answer: Any) -> FieldError:
    detail = answer.get("detail", answer) if isinstance(answer, Mapping) else {}
    said = detail.get("message") if isinstance(detail, Mapping) else None
    return FieldError("form", str(said or "Check your answers, then send the form again"))
