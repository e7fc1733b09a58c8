"""The link worker form a manager fills in to register a link worker or change their details:
what it starts with, what of it the console itself must have before sending (a user ID, a
name, a practice; numbers that are numbers), and the body the referral service is sent.
The service judges the rest (ODS codes, the FTE and cap ranges, an ID already registered)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from linkwork_console.domain.forms import FieldError, FormState

FIELDS = ("link_worker_id", "name", "email", "practices", "pcn", "fte", "caseload_cap", "active")
CHANGEABLE = FIELDS[1:]  # a link worker's id is their user id: it never changes
NEW_WORKER = {"fte": "1.0", "active": "yes"}
REQUIRED = {
    "link_worker_id": "Enter the user ID they sign in with",
    "name": "Enter their name",
    "practices": "Enter the ODS code of at least one practice they serve",
}
LABELS = {
    "link_worker_id": "User ID",
    "name": "Name",
    "email": "Email address",
    "practices": "Practices",
    "pcn": "PCN",
    "fte": "FTE",
    "caseload_cap": "Caseload cap",
    "active": "Active",
}
DONE = {
    "registered": "Link worker registered",
    "changed": "Link worker's details saved",
}
_SEPARATORS = re.compile(r"[\s,;]+")


def practices_of(text: str) -> list[str]:
    """ODS codes typed as "B86001, b86002" or one a line."""
    return [code.upper() for code in _SEPARATORS.split(text) if code]


def values_of(worker: Mapping[str, Any]) -> dict[str, str]:
    """A registered link worker's details as the form shows them, to change."""
    cap = worker.get("caseload_cap")
    return {
        "link_worker_id": str(worker.get("link_worker_id", "")),
        "name": str(worker.get("name") or ""),
        "email": str(worker.get("email") or ""),
        "practices": ", ".join(worker.get("practices") or []),
        "pcn": str(worker.get("pcn") or ""),
        "fte": _number(worker.get("fte")),
        "caseload_cap": "" if cap is None else str(cap),
        "active": "yes" if worker.get("active", True) else "",
    }


def details_of(values: Mapping[str, str]) -> tuple[dict[str, Any], list[FieldError]]:
    """The link worker's details for the referral service, from what was typed; or what the
    console cannot send as it is. Blank optional fields are left out."""
    errors = [FieldError(name, ask) for name, ask in REQUIRED.items() if not values.get(name)]
    fte, fte_error = _parsed(values, "fte", float, "Enter their FTE as a number, like 0.8")
    cap, cap_error = _parsed(
        values, "caseload_cap", int, "Enter the caseload cap as a whole number, like 40"
    )
    errors += [e for e in (fte_error, cap_error) if e]
    details: dict[str, Any] = {
        "link_worker_id": values.get("link_worker_id", ""),
        "name": values.get("name", ""),
        "email": values.get("email") or None,
        "practices": practices_of(values.get("practices", "")),
        "pcn": values.get("pcn") or None,
        "fte": fte,
        "caseload_cap": cap,
        "active": values.get("active") == "yes",
    }
    return details, errors


def registration(details: Mapping[str, Any]) -> dict[str, Any]:
    """A new link worker: without an FTE the service takes full time, without a cap the
    service works it out from the FTE."""
    return {k: v for k, v in details.items() if v is not None}


def changes(details: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """What differs from the record, for `PATCH`. A blank cap asks for the cap the FTE
    gives, so the FTE is sent (the service then works the cap out); a new FTE with the cap
    left as it was brings its own cap too."""
    wanted = {k: details.get(k) for k in CHANGEABLE if k != "link_worker_id"}
    changed = {k: v for k, v in wanted.items() if v != current.get(k) and k != "caseload_cap"}
    if wanted["caseload_cap"] is None:
        changed.pop("caseload_cap", None)
        changed["fte"] = wanted["fte"] if wanted["fte"] is not None else current.get("fte")
    elif wanted["caseload_cap"] != current.get("caseload_cap"):
        changed["caseload_cap"] = wanted["caseload_cap"]
    if changed.get("fte") is None:
        changed.pop("fte", None)
    return changed


def refused(state: FormState, status: int, *, registering: bool = False) -> FormState:
    """The referral service's refusal of the form, said by the field it is about: a 409 on
    registering is the user ID already being a link worker's; a 422's messages (the service's
    own words) are opened with the field's name, so the error summary says which it means."""
    if status == 409 and registering:
        errors = [FieldError(e.field or "link_worker_id", e.message) for e in state.errors]
    else:
        errors = [_named(e) for e in state.errors]
    return FormState(values=state.values, errors=errors, name=state.name)


def _named(error: FieldError) -> FieldError:
    label = LABELS.get(error.field or "")
    if not label:
        return error
    message = error.message.removeprefix("Value error, ")
    return FieldError(error.field, f"{label}: {message[:1].lower()}{message[1:]}")


def _parsed(
    values: Mapping[str, str], name: str, kind: type[float] | type[int], problem: str
) -> tuple[Any, FieldError | None]:
    text = (values.get(name) or "").strip()
    if not text:
        return None, None
    try:
        number = kind(text)
    except ValueError:
        return None, FieldError(name, problem)
    if not math.isfinite(number):  # "nan" and "inf" parse as floats, but mean nothing here
        return None, FieldError(name, problem)
    return number, None


def _number(value: Any) -> str:
    return "" if value is None else str(float(value))
