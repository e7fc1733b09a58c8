"""A referral's anonymous facts, folded from its events: ids, codes, dates, bands, never a
person. `apply` takes the facts as stored (a dict) and an event, and returns the new facts.

Moments are kept as ISO 8601 text in UTC (`2026-01-05T09:30:00+00:00`) and days as
`2026-01-05`: they sort as text, and compare the same before and after a round trip."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from linkwork_schemas import Event
from linkwork_schemas.common import Person, ReferralReason
from linkwork_schemas.journey import (
    ContactLogged,
    GoalAbandoned,
    GoalAchieved,
    GoalSet,
    JourneyClosed,
    JourneyReassigned,
    JourneyStarted,
    NeedsAssessed,
    OutcomeMeasured,
)
from linkwork_schemas.referral import (
    PersonDetailsCorrected,
    ReferralAccepted,
    ReferralAssigned,
    ReferralAwaitingCapacity,
    ReferralClosed,
    ReferralDeclined,
    ReferralReceived,
    ReferralUpdated,
    ReferralWithdrawn,
)

Facts = dict[str, Any]
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
)
AGE_BANDS += ((45, 54, "45-54"), (55, 64, "55-64"), (65, 74, "65-74"))
OLDEST_BAND = "75+"
UNSPECIFIED = "unspecified"  # a reason without a need domain
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def day(value: date) -> str:
    return value.isoformat()


def instant(text: str) -> datetime:
    """A stored moment or day as an aware datetime (a day is its midnight, UTC)."""
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def age_band(birth_date: date, on: date) -> str:
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return OLDEST_BAND


def district(postcode: str | None) -> str | None:
    """The outward code ("LS6 1AA" -> "LS6"); None for what is not a postcode."""
    cleaned = re.sub(r"\s+", "", (postcode or "").upper())
    outward = cleaned[:-3] if len(cleaned) >= 5 else cleaned
    return outward if _DISTRICT.match(outward) else None


def new_facts(referral_id: str) -> Facts:
    return {"_id": referral_id, "goals": {}, "measures": [], "contacts": 0}


def _earliest(facts: Facts, field: str, value: str) -> None:
    current = facts.get(field)
    facts[field] = value if current is None or value < current else current


def _domains(reasons: list[ReferralReason]) -> list[str]:
    return sorted({str(r.domain) if r.domain else UNSPECIFIED for r in reasons})


def _person(facts: Facts, person: Person) -> None:
    """Only the band and the district are kept: the birth date and postcode are not."""
    received = instant(facts["received_at"]).date() if facts.get("received_at") else None
    facts["age_band"] = (
        age_band(person.birth_date, received) if person.birth_date and received else None
    )
    facts["district"] = district(person.postcode)


def _received(facts: Facts, e: ReferralReceived) -> None:
    p = e.payload
    facts.update(
        received_at=moment(p.received_at),
        month=moment(p.received_at)[:7],
        practice=p.referrer.ods_code,
        route=str(p.route),
        urgency=str(p.urgency),
        reason_domains=_domains(p.reasons),
    )
    _person(facts, p.person)


def _corrected(facts: Facts, e: PersonDetailsCorrected) -> None:
    _person(facts, e.payload.person)


def _updated(facts: Facts, e: ReferralUpdated) -> None:
    facts.update(urgency=str(e.payload.urgency), reason_domains=_domains(e.payload.reasons))
    _person(facts, e.payload.person)


def _assigned(facts: Facts, e: ReferralAssigned) -> None:
    facts["team_id"] = e.payload.team_id or facts.get("team_id")
    _earliest(facts, "assigned_at", moment(e.occurred_at))


def _awaiting(facts: Facts, e: ReferralAwaitingCapacity) -> None:
    facts["team_id"] = e.payload.team_id or facts.get("team_id")


def _accepted(facts: Facts, e: ReferralAccepted) -> None:
    facts["team_id"] = e.payload.team_id or facts.get("team_id")
    facts["accepted_at"] = moment(e.payload.accepted_at)
    _earliest(facts, "first_contact_at", moment(e.payload.accepted_at))


def _ended(facts: Facts, when: datetime, end: str, reason: str) -> None:
    facts.update(end=end, closure_reason=reason)
    facts["ended_at"] = facts.get("ended_at") or moment(when)
    facts["end_month"] = facts["ended_at"][:7]


def _declined(facts: Facts, e: ReferralDeclined) -> None:
    _ended(facts, e.occurred_at, "declined", "declined")


def _withdrawn(facts: Facts, e: ReferralWithdrawn) -> None:
    _ended(facts, e.occurred_at, "withdrawn", "withdrawn")


def _closed(facts: Facts, e: ReferralClosed) -> None:
    _ended(facts, e.occurred_at, "closed", facts.get("closure_reason") or e.payload.closure_reason)


def _journey_started(facts: Facts, e: JourneyStarted) -> None:
    facts["journey_id"] = e.payload.journey_id
    facts["team_id"] = e.payload.team_id or facts.get("team_id")


def _journey_reassigned(facts: Facts, e: JourneyReassigned) -> None:
    facts["team_id"] = e.payload.team_id or facts.get("team_id")


def _contact(facts: Facts, e: ContactLogged) -> None:
    if e.payload.attended:
        facts["contacts"] = facts.get("contacts", 0) + 1
        _earliest(facts, "first_contact_at", day(e.payload.occurred_on))


def _needs(facts: Facts, e: NeedsAssessed) -> None:
    facts["needs"] = sorted({str(need.domain) for need in e.payload.needs})


def _goal(status: str) -> Callable[[Facts, GoalSet | GoalAchieved | GoalAbandoned], None]:
    def record(facts: Facts, e: GoalSet | GoalAchieved | GoalAbandoned) -> None:
        goal = dict(facts["goals"].get(e.payload.goal_id, {}))
        if isinstance(e, GoalSet):
            goal["domain"] = str(e.payload.need_domain) if e.payload.need_domain else None
        goal["status"] = status
        facts["goals"] = {**facts["goals"], e.payload.goal_id: goal}

    return record


def _measured(facts: Facts, e: OutcomeMeasured) -> None:
    p = e.payload
    kept = [m for m in facts["measures"] if m["measure_id"] != p.measure_id]
    measure = {
        "measure_id": p.measure_id,
        "instrument": str(p.instrument),
        "kind": p.kind,
        "on": day(p.measured_on),
        "scores": dict(p.scores),
    }
    facts["measures"] = [*kept, measure]


def _journey_closed(facts: Facts, e: JourneyClosed) -> None:
    facts["closure_reason"] = e.payload.reason
    _ended(facts, e.occurred_at, "closed", e.payload.reason)


FOLDS: dict[type[Event], Callable[[Facts, Any], None]] = {
    ReferralReceived: _received,
    PersonDetailsCorrected: _corrected,
    ReferralUpdated: _updated,
    ReferralAssigned: _assigned,
    ReferralAwaitingCapacity: _awaiting,
    ReferralAccepted: _accepted,
    ReferralDeclined: _declined,
    ReferralWithdrawn: _withdrawn,
    ReferralClosed: _closed,
    JourneyStarted: _journey_started,
    JourneyReassigned: _journey_reassigned,
    ContactLogged: _contact,
    NeedsAssessed: _needs,
    GoalSet: _goal("set"),
    GoalAchieved: _goal("achieved"),
    GoalAbandoned: _goal("abandoned"),
    OutcomeMeasured: _measured,
    JourneyClosed: _journey_closed,
}
REFERRAL_FOLDS = tuple(cls for cls in FOLDS if cls.TOPIC == "referral.events")
JOURNEY_FOLDS = tuple(cls for cls in FOLDS if cls.TOPIC == "journey.events")


def apply(facts: Facts, event: Event) -> Facts:
    """The facts after `event` (a copy; the event types not in FOLDS change nothing)."""
    folded = {
        **facts,
        "goals": dict(facts.get("goals", {})),
        "measures": list(facts.get("measures", [])),
    }
    fold = FOLDS.get(type(event))
    if fold is not None:
        fold(folded, event)
    return folded
