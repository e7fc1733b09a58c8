"""A team's postcode catchment as its manager keeps it on the team page: the entries (areas
`LS`, districts `LS6`, sectors `LS6 1`), one or more added, one removed, each change the whole
catchment sent again; and the referral service's refusal of one (a bad entry, or one another
team keeps) put next to the field, naming the entry (a catchment is not personal data)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkwork_console.domain.forms import FieldError

FORM = "catchment"
FIELD = "entry"  # the "add" box
KINDS = {"area": "Postcode area", "district": "Postcode district", "sector": "Postcode sector"}
_SEPARATORS = re.compile(r"[,;\n]+")
_WHERE = re.compile(r"^entries\[(\d+)\]$")


@dataclass(frozen=True)
class Entry:
    entry: str
    kind: str


def entries_of(answer: Mapping[str, Any]) -> list[Entry]:
    kinds: Mapping[str, str] = answer.get("kinds", {})
    return [Entry(e, KINDS.get(kinds.get(e, ""), "")) for e in answer.get("entries", [])]


def typed_entries(text: str) -> list[str]:
    """What was typed in the add box: one entry, or several separated by commas."""
    return [" ".join(part.split()) for part in _SEPARATORS.split(text) if part.strip()]


def with_added(current: Sequence[str], typed: Sequence[str]) -> list[str]:
    """The catchment with the typed entries after the kept ones (so a refusal naming
    `entries[i]` past the kept ones is one of the typed)."""
    return [*current, *typed]


def without(current: Sequence[str], entry: str) -> list[str]:
    return [kept for kept in current if kept != entry]


def refusal(answer: Any, sent: Sequence[str]) -> FieldError:
    """The referral service's 422 or 409 for the add box, naming the entry it is about."""
    detail = answer.get("detail", answer) if isinstance(answer, Mapping) else {}
    message = str(detail.get("message", "")) if isinstance(detail, Mapping) else ""
    where = str(detail.get("where", "")) if isinstance(detail, Mapping) else ""
    text = re.sub(r"^entries(\[\d+\])?: ", "", message) or "This could not be saved"
    found = _WHERE.match(where)
    if found and int(found.group(1)) < len(sent):
        entry = sent[int(found.group(1))]
        text = text.replace(repr(entry), entry, 1)
        if entry not in text:
            text = f"{entry}: {text}"
    return FieldError(FIELD, text[:1].upper() + text[1:])


DONE = {"catchment": "Catchment saved"}
