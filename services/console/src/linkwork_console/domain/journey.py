"""A journey as its page shows it: the person, what matters to them (the latest needs
assessment first, earlier ones kept), goals by how they stand, and once closed the summary
sent back to the referrer; the words for the journey service's codes. (Contacts, appointments
and the timeline: `journey_times`.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linkwork_console.domain.people import as_date, full_name, long_date, nhs_number

NEED_DOMAINS = {
    "loneliness": "Loneliness",
    "mental_wellbeing": "Mental wellbeing",
    "physical_activity": "Physical activity",
    "housing": "Housing",
    "money_and_debt": "Money and debt",
    "employment": "Employment",
    "education_and_skills": "Education and skills",
    "caring": "Caring",
    "physical_health": "Physical health",
    "other": "Something else",
}
PRIORITIES = {"high": "High", "medium": "Medium", "low": "Low"}
PRIORITY_TAGS = {"high": "nhsuk-tag--red", "medium": "nhsuk-tag--orange", "low": "nhsuk-tag--grey"}
CLOSE_REASONS = {
    "goals_met": "Their goals are met",
    "disengaged": "They stopped engaging",
    "moved_away": "They moved away",
    "declined_support": "They declined further support",
    "transferred": "Transferred to another service",
    "died": "They died",
}
GOAL_STATUS = {
    "open": ("Open", "nhsuk-tag--blue"),
    "achieved": ("Achieved", "nhsuk-tag--green"),
    "abandoned": ("Abandoned", "nhsuk-tag--grey"),
}
DONE = {
    "assessed": "What matters to them is recorded",
    "goal": "Goal set",
    "progress": "Progress recorded",
    "achieved": "Goal marked as achieved",
    "abandoned": "Goal abandoned",
    "contact": "Contact logged",
    "booked": "Appointment booked: they will be reminded if they agreed to reminders",
    "cancelled": "Appointment cancelled",
    "measured": "Measure recorded",
    "closed": "Journey closed: the summary goes back to the referrer",
}


def goal_status_words(status: str) -> str:
    return GOAL_STATUS.get(status, (status.capitalize(), ""))[0]


def need_words(domain: str | None) -> str:
    return NEED_DOMAINS.get(domain or "", (domain or "").replace("_", " ").capitalize())


def status_of(journey: Mapping[str, Any]) -> tuple[str, str]:
    if journey.get("status") == "closed":
        return ("Closed", "nhsuk-tag--grey")
    return ("Open", "nhsuk-tag--green")


def age_on(birth_date: Any, today: date) -> int | None:
    born = as_date(birth_date)
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def person_rows(journey: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """What a link worker checks before a call: who, how old, where, how to reach them."""
    person = journey.get("person") or {}
    age = age_on(person.get("birth_date"), today)
    born = long_date(person.get("birth_date"))
    address = [*person.get("address_lines", []), person.get("postcode") or ""]
    return [
        ("Name", full_name(person)),
        ("NHS number", nhs_number(person.get("nhs_number"))),
        ("Date of birth", f"{born} (aged {age})" if born and age is not None else "Not given"),
        ("Address", ", ".join(part for part in address if part) or "Not given"),
        ("Phone", person.get("phone") or "Not given"),
        ("Email", person.get("email") or "Not given"),
        ("Journey started", long_date(journey.get("started_at"))),
        ("Link worker", journey.get("link_worker_id") or ""),
    ]


@dataclass(frozen=True)
class Need:
    domain: str
    name: str
    priority: str
    priority_tag: str
    description: str


@dataclass(frozen=True)
class Assessment:
    on: str
    by: str
    needs: list[Need]
    barriers: list[str]


def assessments_of(journey: Mapping[str, Any]) -> list[Assessment]:
    """The journey's needs assessments, newest first (the first is what matters now)."""
    shown = []
    for kept in reversed(journey.get("assessments", [])):
        needs = [
            Need(
                n["domain"],
                need_words(n["domain"]),
                PRIORITIES.get(n.get("priority", "medium"), n.get("priority", "")),
                PRIORITY_TAGS.get(n.get("priority", "medium"), "nhsuk-tag--grey"),
                n.get("description") or "",
            )
            for n in kept.get("needs", [])
        ]
        on = long_date(kept.get("at"))
        shown.append(Assessment(on, kept.get("assessed_by") or "", needs, kept.get("barriers", [])))
    return shown


@dataclass(frozen=True)
class GoalUpdate:
    on: str
    note: str
    by: str


@dataclass(frozen=True)
class Goal:
    goal_id: str
    description: str
    need: str
    target: str
    status: str
    tag: tuple[str, str]
    outcome_note: str
    updates: list[GoalUpdate]


@dataclass(frozen=True)
class Goals:
    open: list[Goal] = field(default_factory=list)
    achieved: list[Goal] = field(default_factory=list)
    abandoned: list[Goal] = field(default_factory=list)


def goals_of(journey: Mapping[str, Any]) -> Goals:
    """Goals by how they stand, each with its updates in the order they were made."""
    sorted_goals: dict[str, list[Goal]] = {"open": [], "achieved": [], "abandoned": []}
    for kept in journey.get("goals", []):
        status = kept.get("status", "open")
        updates = [
            GoalUpdate(long_date(u.get("at")), _update_words(u), u.get("by") or "")
            for u in kept.get("updates", [])
        ]
        goal = Goal(
            kept["goal_id"],
            kept.get("description", ""),
            need_words(kept.get("need_domain")) if kept.get("need_domain") else "",
            long_date(kept.get("target_date")),
            status,
            GOAL_STATUS.get(status, (status, "nhsuk-tag--grey")),
            kept.get("outcome_note") or "",
            updates,
        )
        sorted_goals.setdefault(status, []).append(goal)
    return Goals(sorted_goals["open"], sorted_goals["achieved"], sorted_goals["abandoned"])


def _update_words(update: Mapping[str, Any]) -> str:
    note = update.get("note") or update.get("outcome_note") or ""
    if update.get("status") == "achieved":
        return f"Achieved{': ' + note if note else ''}"
    if update.get("status") == "abandoned":
        return f"Abandoned{': ' + note if note else ''}"
    return note


@dataclass(frozen=True)
class Summary:
    """What a closed journey carries for the message back to the referrer."""

    reason: str
    closed_on: str
    needs: list[str]
    goals: list[tuple[str, str, str]]  # description, how it ended, its note
    services_linked: list[str]
    services_attended: list[str]
    contacts: int


def summary_of(journey: Mapping[str, Any]) -> Summary | None:
    kept = journey.get("summary")
    if journey.get("status") != "closed" or not kept:
        return None
    reason = journey.get("closure_reason") or ""
    return Summary(
        CLOSE_REASONS.get(reason, reason.replace("_", " ")),
        long_date(journey.get("closed_at")),
        [need_words(n) for n in kept.get("needs", [])],
        [
            (g["description"], goal_status_words(g["status"]), g.get("note") or "")
            for g in kept.get("goals", [])
        ],
        list(kept.get("services_linked", [])),
        list(kept.get("services_attended", [])),
        int(kept.get("contacts", 0)),
    )


def first_need(journey: Mapping[str, Any]) -> str | None:
    """The need to search support for first: the latest assessment's highest priority."""
    latest = (journey.get("assessments") or [None])[-1]
    if not latest or not latest.get("needs"):
        return None
    rank = {"high": 0, "medium": 1, "low": 2}
    needs = sorted(latest["needs"], key=lambda n: rank.get(n.get("priority", "medium"), 1))
    return str(needs[0]["domain"])
