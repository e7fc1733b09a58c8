"""A subject access export: every service's part (`GET /subject-access` on each, asked with
an information governance token) assembled into one document, and that document rendered as
plain, printable HTML for the person (no JavaScript). Used by `linkwork-ops subject-access`.

The referral service is asked first, by NHS number or referral id: its part lists the
person's referral ids, by which journey, directory and notifications are asked for theirs.
The document holds personal data: it is written where it is asked to be, never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

FIRST = "referral"  # finds the person; the others are asked by the referral ids it lists
Params = Mapping[str, str | Sequence[str]]
Ask = Callable[[str, str, Params], Mapping[str, Any]]  # service, url, query


def assemble(
    services: Mapping[str, str],
    ask: Ask,
    *,
    nhs_number: str | None = None,
    referral_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One document: when, who asked, what was asked, what each service holds (a summary)
    and each service's part, the referral service's first."""
    found = {"nhs_number": nhs_number or "", "referral_id": [referral_id] if referral_id else []}
    first = ask(FIRST, f"{services[FIRST]}/subject-access", found)
    by_ids = {"referral_id": list(first["referral_ids"])}
    parts = {FIRST: dict(first)} | {
        name: dict(ask(name, f"{url}/subject-access", by_ids))
        for name, url in services.items()
        if name != FIRST
    }
    return {
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "asked_by": first["asked_by"],
        "asked": {"nhs_number": first.get("nhs_number"), "referral_id": referral_id},
        "referral_ids": first["referral_ids"],
        "holds": {name: part["holds"] for name, part in parts.items()},
        "services": parts,
    }


_templates = Environment(
    loader=PackageLoader("linkwork_runtime", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(document: Mapping[str, Any]) -> str:
    """The document as one HTML page: a section per service, a heading and a table for each
    thing it holds (nested values as nested tables), readable and printable."""
    return _templates.get_template("subject_access.html.j2").render(
        document=document, titled=_titled
    )


def _titled(name: str) -> str:
    """A field's name as a heading reads it: `in_app_notifications`, "In app notifications"."""
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]
