"""A link worker's caseload as her page shows it: who is new and waiting for a first contact
(the deadline, overdue in red), who has been contacted, who is on a journey, which possible
duplicates wait for her review, and how much room she has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linkwork_console.domain.people import as_date, full_name, long_date, waited

URGENCY = {"urgent": "Urgent", "routine": "Routine"}


@dataclass(frozen=True)
class CaseRow:
    referral_id: str
    name: str
    reasons: str
    urgency: str
    referrer: str
    received: str
    waited: str
    due: str
    overdue: bool
    journey_id: str | None

    @property
    def href(self) -> str:
        return (
            f"/journeys/{self.journey_id}" if self.journey_id else f"/referrals/{self.referral_id}"
        )


@dataclass(frozen=True)
class Caseload:
    awaiting_contact: list[CaseRow] = field(default_factory=list)
    contacted: list[CaseRow] = field(default_factory=list)
    on_a_journey: list[CaseRow] = field(default_factory=list)
    possible_duplicates: list[CaseRow] = field(default_factory=list)
    cap: int = 0
    open: int = 0
    spare: int = 0

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.awaiting_contact)


def row_of(referral: Mapping[str, Any], today: date) -> CaseRow:
    due = as_date(referral.get("first_contact_due"))
    contacted = bool(referral.get("first_contact_at"))
    referrer = referral.get("referrer") or {}
    return CaseRow(
        referral_id=referral["referral_id"],
        name=full_name(referral.get("person")),
        reasons="; ".join(r.get("text", "") for r in referral.get("reasons", [])),
        urgency=URGENCY.get(referral.get("urgency", ""), "Routine"),
        referrer=referrer.get("organisation_name") or referrer.get("ods_code") or "",
        received=long_date(referral.get("received_at")),
        waited=waited(referral.get("received_at"), today),
        due=long_date(due),
        overdue=bool(due and due < today and not contacted),
        journey_id=referral.get("journey_id"),
    )


def caseload_of(
    answer: Mapping[str, Any], duplicates: Sequence[Mapping[str, Any]], today: date
) -> Caseload:
    """The caseload API's answer and the possible duplicates, grouped for the page: most
    urgent, then longest waiting, first."""
    referrals = sorted(answer.get("open", []), key=lambda r: _priority(r, today))
    rows = [row_of(r, today) for r in referrals]
    status = {r["referral_id"]: r for r in referrals}
    awaiting = [
        r
        for r in rows
        if status[r.referral_id]["status"] == "assigned"
        and not status[r.referral_id].get("first_contact_at")
    ]
    contacted = [
        r
        for r in rows
        if status[r.referral_id]["status"] == "assigned"
        and status[r.referral_id].get("first_contact_at")
    ]
    return Caseload(
        awaiting_contact=awaiting,
        contacted=contacted,
        on_a_journey=[r for r in rows if status[r.referral_id]["status"] == "accepted"],
        possible_duplicates=[row_of(d, today) for d in duplicates],
        cap=int(answer.get("caseload_cap", 0)),
        open=int(answer.get("open_caseload", 0)),
        spare=int(answer.get("spare", 0)),
    )


def _priority(referral: Mapping[str, Any], today: date) -> tuple[bool, bool, date, date]:
    """Urgent first, then overdue, then the nearest deadline, then the longest waiting."""
    due = as_date(referral.get("first_contact_due")) or date.max
    received = as_date(referral.get("received_at")) or today
    overdue = due < today and not referral.get("first_contact_at")
    return (referral.get("urgency") != "urgent", not overdue, due, received)
