"""Finding a person among the referrals a caller may read: by NHS number, by name (case- and
accent-insensitive, each word a prefix of a given or family name, in either order), by birth
date, or any of these together. A referral keeps its person's name keys (`name_keys`) for it.

A query never echoes the person's data back in an error: it says which kind of term was
wrong, not what was typed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from linkwork_referral.domain import nhs_number
from linkwork_referral.domain.lifecycle import ENDED
from linkwork_runtime.refusals import Unprocessable

_NHS = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORD = re.compile(r"[^\W\d_]+")  # letters of any script, no digits
MOST_WORDS = 4
# Matches beyond this are not grouped into people: the answer says to narrow the search.
MOST_MATCHES = 500


@dataclass(frozen=True)
class PersonQuery:
    nhs_number: str | None = None
    birth_date: date | None = None
    names: tuple[str, ...] = field(default_factory=tuple)

    def filters(self) -> dict[str, Any]:
        """The referral fields a match must have (ANDed with the caller's scope)."""
        terms: list[dict[str, Any]] = [
            {"name_keys": {"$regex": f"^{re.escape(name)}"}} for name in self.names
        ]
        if self.nhs_number:
            terms.append({"person.nhs_number": self.nhs_number})
        if self.birth_date:
            terms.append({"person.birth_date": self.birth_date.isoformat()})
        return {"$and": terms} if terms else {}


def folded(text: str) -> str:
    """Lower case without accents: "Zoë" and "ZOE" are both "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_keys(person: Mapping[str, Any]) -> list[str]:
    """What a name search matches: each word of the given and family names, folded, and each
    name written as one word ("O'Brien" is "o", "brien" and "obrien"; "Smith-Jones" is also
    "smithjones"), so either spelling of a search finds it."""
    keys: list[str] = []
    for name in (person.get("given_name"), person.get("family_name")):
        words = _WORD.findall(folded(name or ""))
        for key in [*words, "".join(words)]:
            if key and key not in keys:
                keys.append(key)
    return keys


def parse(q: str | None) -> PersonQuery:
    """A search as typed, e.g. "943 476 5919", "amina pat", "Patel 14/03/1950"."""
    text = (q or "").strip()
    found_nhs = None
    match = _NHS.search(text)
    if match:
        found_nhs = "".join(match.groups())
        if not nhs_number.is_valid(found_nhs):
            raise Unprocessable(
                "q: the NHS number is not valid (its check digit does not match)", where="q"
            )
        text = text[: match.start()] + " " + text[match.end() :]
    birth, names = None, []
    for term in re.split(r"[\s,]+", text):
        if not term:
            continue
        if any(c.isdigit() for c in term):
            if birth is not None:
                raise Unprocessable("q: give one birth date at most", where="q")
            birth = _date(term)
            continue
        word = "".join(_WORD.findall(folded(term)))
        if word:
            names.append(word)
    if len(names) > MOST_WORDS:
        raise Unprocessable(f"q: at most {MOST_WORDS} words of a name", where="q")
    return PersonQuery(found_nhs, birth, tuple(names))


def _date(term: str) -> date:
    iso, uk = _ISO.match(term), _UK.match(term)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise Unprocessable(
            "q: a number that is neither an NHS number (10 digits) nor a birth date "
            "(1950-03-14 or 14/03/1950)",
            where="q",
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise Unprocessable("q: the birth date is not a date of the calendar", where="q") from None


def people(referrals: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The referrals (newest first) as people, most recently referred first: one per NHS
    number, or per name and birth date without one; each with its open referral (the newest
    not ended), that one's active risk flags, and every referral found."""
    grouped: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for referral in referrals:
        grouped.setdefault(_identity(referral.get("person") or {}), []).append(referral)
    return [_person(found) for found in grouped.values()]


def _identity(person: Mapping[str, Any]) -> tuple[Any, ...]:
    if person.get("nhs_number"):
        return ("nhs", person["nhs_number"])
    names = (folded(person.get("family_name") or ""), folded(person.get("given_name") or ""))
    return ("name", *names, person.get("birth_date"))


def _person(found: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    newest = found[0]
    person = newest.get("person") or {}
    open_one = next((r for r in found if r["status"] not in ENDED), None)
    return {
        "risk_flags": list(open_one.get("risk_flags", [])) if open_one else [],
        "person": {
            key: person.get(key)
            for key in ("given_name", "family_name", "birth_date", "nhs_number", "postcode")
        },
        "open_referral": _summary(open_one) if open_one else None,
        "referrals": [_summary(r) for r in found],
    }


def _summary(referral: Mapping[str, Any]) -> dict[str, Any]:
    received: datetime | None = referral.get("received_at")
    return {
        "referral_id": referral["_id"],
        "status": referral["status"],
        "received_at": received,
        "link_worker_id": referral.get("link_worker_id"),
        "team_id": referral.get("team_id"),
        "journey_id": referral.get("journey_id"),
        "referrer": (referral.get("referrer") or {}).get("organisation_name"),
    }
