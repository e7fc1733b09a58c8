"""A GP practice's referrals as its pages show them: each referral it made with where it
stands, and for those that ended the outcome letter the link worker service sent back (the
PRSB message back to GP: needs and concerns, support offered, outcomes, codes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linkwork_console.domain.moments import long_datetime
from linkwork_console.domain.people import full_name, long_date, nhs_number
from linkwork_console.domain.provider import need_words
from linkwork_console.domain.referral import status_of

SNOMED = "http://snomed.info/sct"
SYSTEMS = {SNOMED: "SNOMED CT"}
DONE = {"withdrawn": "Referral withdrawn: the link worker will be told"}
PER_PAGE = 25


@dataclass(frozen=True)
class ReferralRow:
    referral_id: str
    name: str
    nhs_number: str
    reasons: str
    received: str
    status: tuple[str, str]
    has_letter: bool
    reported: str

    @property
    def href(self) -> str:
        return f"/practice/referrals/{self.referral_id}"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str


@dataclass(frozen=True)
class OutcomeLetter:
    """The message back to the GP, as a letter."""

    reported: str
    to: str
    about: str
    nhs_number: str
    birth_date: str
    summary: str
    needs: list[str] = field(default_factory=list)
    support_offered: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)


@dataclass(frozen=True)
class Listing:
    rows: list[ReferralRow]
    total: int
    page: int
    pages: int


def row_of(referral: Mapping[str, Any]) -> ReferralRow:
    person = referral.get("person") or {}
    report = referral.get("outcome_report") or None
    return ReferralRow(
        referral_id=str(referral["referral_id"]),
        name=full_name(person),
        nhs_number=nhs_number(person.get("nhs_number")),
        reasons="; ".join(r.get("text", "") for r in referral.get("reasons", [])),
        received=long_date(referral.get("received_at")),
        status=status_of(referral),
        has_letter=report is not None,
        reported=long_date(report.get("reported_at")) if report else "",
    )


def listing_of(answer: Mapping[str, Any]) -> Listing:
    """A page of the referral service's answer (newest first, as it lists them)."""
    per_page = int(answer.get("per_page") or PER_PAGE)
    total = int(answer.get("total") or 0)
    return Listing(
        rows=[row_of(r) for r in answer.get("items", [])],
        total=total,
        page=int(answer.get("page") or 1),
        pages=max(1, -(-total // per_page)),
    )


def _lines(items: Any) -> list[str]:
    return [str(item.get("text", "")) for item in items or [] if item.get("text")]


def _code(coding: Mapping[str, Any]) -> Code:
    system = str(coding.get("system") or "")
    return Code(
        SYSTEMS.get(system, system), str(coding.get("code") or ""), coding.get("display") or ""
    )


def letter_of(referral: Mapping[str, Any]) -> OutcomeLetter | None:
    """The outcome letter kept on the referral; None while nothing has been reported."""
    report = referral.get("outcome_report")
    if not report:
        return None
    referrer = report.get("referrer") or referral.get("referrer") or {}
    person = referral.get("person") or {}
    to = ", ".join(
        p for p in (referrer.get("practitioner_name"), referrer.get("organisation_name")) if p
    )
    codes: list[Code] = []
    lines = [*(report.get("support_offered") or []), *(report.get("outcomes") or [])]
    for coding in [
        *(report.get("codes") or []),
        *(line["code"] for line in lines if line.get("code")),
    ]:
        code = _code(coding)
        if all((c.system, c.code) != (code.system, code.code) for c in codes):  # one line each
            codes.append(code)
    return OutcomeLetter(
        reported=long_datetime(report.get("reported_at")),
        to=to or str(referrer.get("ods_code") or "The referrer"),
        about=full_name(person),
        nhs_number=nhs_number(report.get("person_nhs_number") or person.get("nhs_number")),
        birth_date=long_date(person.get("birth_date")) or "Not given",
        summary=str(report.get("summary") or ""),
        needs=[need_words(n) for n in report.get("needs") or []],
        support_offered=_lines(report.get("support_offered")),
        outcomes=_lines(report.get("outcomes")),
        codes=codes,
    )
