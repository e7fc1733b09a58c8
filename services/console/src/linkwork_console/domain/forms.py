"""What a service's refusal means for the form that caused it: the NHS.UK error summary and
the message next to each field, in the words the service gave, and the values typed kept."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# FastAPI's validation errors name a field as ["body", "reason"]; ours as "reason" or
# "items.anxiety"; a JSON path as "$.reason".
_PREFIXES = ("body", "query", "path")


@dataclass(frozen=True)
class FieldError:
    field: str | None  # None: about the whole form
    message: str


@dataclass
class FormState:
    """A form as the page shows it: what was typed, and what was wrong with it."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    name: str = ""  # which of the page's forms this is (the one that failed)

    def is_(self, name: str) -> bool:
        """Whether this state belongs to the page's form `name` (to show its errors there)."""
        return self.name == name

    def error_for(self, name: str) -> str | None:
        return next((e.message for e in self.errors if e.field == name), None)

    def message_for(self, form_name: str, field: str) -> dict[str, str] | None:
        """The NHS.UK macros' `errorMessage` for a field of the page's form `form_name`:
        None unless that form failed on that field."""
        message = self.error_for(field) if self.is_(form_name) else None
        return {"text": message} if message else None

    def summary(self, anchors: Mapping[str, str] | None = None) -> list[dict[str, str]]:
        """The error summary's items, each linking to its field (or the form's first)."""
        ids = anchors or {}
        return [
            {"text": e.message, "href": f"#{ids.get(e.field or '', e.field or 'main-form')}"}
            for e in self.errors
        ]


def field_of(location: Any) -> str | None:
    """The form field a service's error names, from any of the shapes it comes in."""
    if isinstance(location, list | tuple):
        parts = [str(p) for p in location if str(p) not in _PREFIXES]
        return ".".join(parts) or None
    if isinstance(location, str):
        named = location.removeprefix("$.").removeprefix("$")
        return named or None
    return None


def errors_from(answer: Any, *, fields: Iterable[str] = ()) -> list[FieldError]:
    """The field errors in a service's 422 (or 409/403) answer.

    `fields` are the names the form has: an error naming something else (a nested item, a
    field the form sets itself) is shown at the form's top with the field named, so nothing
    the service said is hidden."""
    known = set(fields)
    detail = answer.get("detail", answer) if isinstance(answer, Mapping) else answer
    found: list[FieldError] = []
    items = detail if isinstance(detail, list) else [detail]
    for item in items:
        if not isinstance(item, Mapping):
            found.append(FieldError(None, str(item)))
            continue
        name = field_of(item.get("where", item.get("loc")))
        message = str(item.get("message") or item.get("msg") or "This could not be saved")
        prefix = f"{name}: "
        message = message.removeprefix(prefix)
        if name is not None and known and name not in known:
            top = name.split(".")[0]
            if top in known:
                found.append(FieldError(top, f"{name}: {message}"))
                continue
            found.append(FieldError(None, f"{name}: {message}"))
        else:
            found.append(FieldError(name, message))
    return found
