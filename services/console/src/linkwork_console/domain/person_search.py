"""Finding a person (`/people`): the search as typed, and the referral service's answer as
the page's rows: who they are (name, NHS number, born, age, postcode), their active risk
flags, their open referral (or, with none open, their latest) and where it stands, and how
many referrals of theirs the reader may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from linkwork_console.domain.care_record import kind_words
from linkwork_console.domain.forms import FieldError, errors_from
from linkwork_console.domain.journey import age_on
from linkwork_console.domain.people import as_date, full_name, long_date, nhs_number
from linkwork_console.domain.referral import status_of

PER_PAGE = 20
MOST_CHARACTERS = 200  # as the referral service takes it
MAX_PAGE = 1_000_000
FIELD = "q"
# Whose people a search reaches, as the referral service confines each role.
SCOPES = (
    ("link_worker", "on your caseload"),
    ("manager", "referred to your team"),
    ("practice", "your practice referred"),
)


@dataclass(frozen=True)
class Search:
    q: str = ""
    page: int = 1

    def params(self) -> dict[str, Any]:
        return {"q": self.q, "page": self.page, "per_page": PER_PAGE}

    def href(self, page: int) -> str:
        """This search's page `page`, as a link that can be bookmarked."""
        return "/people?" + urlencode({"q": self.q, "page": page} if self.q else {"page": page})


def search_of(q: str | None, page: str | None) -> Search:
    """The search as the address bar has it: an unreadable page number is the first page."""
    digits = (page or "").strip()
    number = int(digits) if digits.isdigit() and len(digits) <= len(str(MAX_PAGE)) else 1
    return Search((q or "").strip(), min(max(number, 1), MAX_PAGE))


def checked(search: Search) -> list[FieldError]:
    """What the console can tell before asking the service."""
    if len(search.q) > MOST_CHARACTERS:
        return [FieldError(FIELD, f"Enter {MOST_CHARACTERS} characters or fewer")]
    return []


def search_errors(answer: Any) -> list[FieldError]:
    """The service's 422 as errors on the one field, in its words (never what was typed)."""
    return [
        FieldError(FIELD, _sentence(error.message))
        for error in errors_from(answer, fields=(FIELD,))
    ]


def scope_of(roles: frozenset[str]) -> str:
    return next((words for role, words in SCOPES if role in roles), "")


@dataclass(frozen=True)
class ReferralLink:
    """The referral a row leads to, and its journey once started (not for a practice)."""

    referral_id: str
    status: tuple[str, str]  # words, tag class
    received: str
    href: str
    journey_href: str | None
    is_open: bool


@dataclass(frozen=True)
class PersonRow:
    name: str
    nhs_number: str
    born: str
    age: int | None
    postcode: str
    flags: list[str]
    referral: ReferralLink | None
    referrals: int

    @property
    def referrals_words(self) -> str:
        return "1 referral" if self.referrals == 1 else f"{self.referrals} referrals"


@dataclass(frozen=True)
class Found:
    rows: list[PersonRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    truncated: bool = False


def found_of(answer: Mapping[str, Any], today: date, *, practice: bool = False) -> Found:
    """A page of `GET /people` as rows, in the service's order (most recently referred first)."""
    per_page = int(answer.get("per_page") or PER_PAGE)
    total = int(answer.get("total") or 0)
    return Found(
        rows=[row_of(item, today, practice=practice) for item in answer.get("items", [])],
        total=total,
        page=int(answer.get("page") or 1),
        pages=max(1, -(-total // per_page)),
        truncated=bool(answer.get("truncated")),
    )


def row_of(item: Mapping[str, Any], today: date, *, practice: bool = False) -> PersonRow:
    person = item.get("person") or {}
    referrals = list(item.get("referrals") or [])
    shown = item.get("open_referral") or (referrals[0] if referrals else None)
    birth = as_date(person.get("birth_date"))
    kinds = [kind_words(flag.get("kind")) for flag in item.get("risk_flags") or []]
    return PersonRow(
        name=full_name(person),
        nhs_number=nhs_number(person.get("nhs_number")),
        born=long_date(birth) or "Not given",
        age=age_on(birth, today),
        postcode=person.get("postcode") or "Not given",
        flags=list(dict.fromkeys(kinds)),  # one tag a kind, in the order raised
        referral=_link(shown, bool(item.get("open_referral")), practice) if shown else None,
        referrals=len(referrals),
    )


def _link(referral: Mapping[str, Any], is_open: bool, practice: bool) -> ReferralLink:
    referral_id = str(referral["referral_id"])
    journey = referral.get("journey_id")
    return ReferralLink(
        referral_id=referral_id,
        status=status_of(referral),
        received=long_date(referral.get("received_at")),
        href=f"/practice/referrals/{referral_id}" if practice else f"/referrals/{referral_id}",
        journey_href=f"/journeys/{journey}" if journey and not practice else None,
        is_open=is_open,
    )


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
