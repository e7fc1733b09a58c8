"""What a link worker reads on a timeline: one line per event, in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from linkwork_schemas import Event
from linkwork_schemas import directory as d
from linkwork_schemas import journey as j
from linkwork_schemas import referral as r


def _received(p: Any) -> str:
    practice = p.referrer.organisation_name or p.referrer.ods_code or "an unknown referrer"
    reasons = "; ".join(reason.text for reason in p.reasons)
    return f"Referral received from {practice} ({p.urgency}): {reasons}"


ENDED_BY = {"provider": "the service", "link_worker": "the link worker", "manager": "a manager"}


def _link_ended(p: Any) -> str:
    sessions = p.attended_sessions
    after = f" after {sessions} session{'' if sessions == 1 else 's'}" if sessions else ""
    if p.ended_by == "journey_closed":
        return f"The link ended as the journey closed{after}"
    return f"The link was ended by {ENDED_BY[p.ended_by]}{after}: {p.reason}"


RISKS = {
    "lone_working": "lone-working risk",
    "do_not_visit_alone": "do not visit alone",
    "safeguarding": "safeguarding concern",
    "communication_needs": "communication needs",
    "other": "risk",
}


def _flag_raised(p: Any) -> str:
    which = f" ({', '.join(p.communication)})" if p.communication else ""
    return f"Risk flag raised, {RISKS[p.kind]}{which}: {p.description}"


def _note(p: Any) -> str:
    corrected = "Note corrected" if hasattr(p, "corrects") else "Note"
    restricted = ", restricted" if p.restricted else ""
    return f"{corrected} ({p.category.replace('_', ' ')}{restricted}): {p.text}"


def _at(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


LINES: dict[type[Event], Callable[[Any], str]] = {
    r.ReferralReceived: _received,
    r.ReferralAssigned: lambda p: f"Assigned to link worker {p.link_worker_id}",
    r.ReferralAwaitingCapacity: lambda p: "Waiting for a link worker with capacity",
    r.ReferralContactOverdue: lambda p: f"First contact overdue (due {p.first_contact_due})",
    r.ReferralAccepted: lambda p: f"Referral accepted by link worker {p.link_worker_id}",
    r.ReferralDeclined: lambda p: f"Declined: {p.reason}",
    r.ReferralWithdrawn: lambda p: f"Withdrawn: {p.reason}",
    r.ReferralClosed: lambda p: "Referral closed",
    r.ReferralOutcomeReported: lambda p: "Outcome reported to the referrer",
    r.PersonDetailsCorrected: lambda p: (
        "The person's details corrected: " + ", ".join(f.replace("_", " ") for f in p.fields)
    ),
    r.ReferralUpdated: lambda p: (
        "The referrer updated the referral: " + ", ".join(f.replace("_", " ") for f in p.fields)
    ),
    r.ReferralNoteAdded: _note,
    r.ReferralNoteCorrected: _note,
    j.JourneyStarted: lambda p: "Journey started",
    j.JourneyReassigned: lambda p: (
        f"Journey handed over from link worker {p.reassigned_from} to {p.link_worker_id}"
    ),
    j.ContactLogged: lambda p: (
        f"Contact ({p.mode.replace('_', ' ')}) on {p.occurred_on}"
        + ("" if p.attended else ": did not attend")
    ),
    j.ContactScheduled: lambda p: (
        f"Contact ({p.mode.replace('_', ' ')}) booked for {_at(p.scheduled_for)}"
    ),
    j.ContactCancelled: lambda p: f"Contact on {_at(p.scheduled_for)} cancelled: {p.reason}",
    j.NeedsAssessed: lambda p: (
        "What matters: "
        + ", ".join(f"{n.domain.replace('_', ' ')} ({n.priority})" for n in p.needs)
    ),
    j.GoalSet: lambda p: f"Goal set: {p.description}",
    j.GoalProgressed: lambda p: f"Goal progress: {p.note}",
    j.GoalAchieved: lambda p: "Goal achieved",
    j.GoalAbandoned: lambda p: f"Goal abandoned: {p.reason}",
    j.OutcomeMeasured: lambda p: (
        f"{p.instrument} {p.kind.replace('_', '-')}: "
        + ", ".join(f"{k} {v:g}" for k, v in p.scores.items())
    ),
    j.OutcomeFollowUpDue: lambda p: f"{p.instrument} follow-up due on {p.due_on}",
    j.JourneyClosed: lambda p: f"Journey closed: {p.reason.replace('_', ' ')}",
    j.RiskFlagRaised: _flag_raised,
    j.RiskFlagReviewed: lambda p: f"Risk flag reviewed: {p.note} (next review {p.next_review_on})",
    j.RiskFlagRemoved: lambda p: f"Risk flag removed: {p.reason}",
    j.SafeguardingConcernRaised: lambda p: (
        "Safeguarding concern raised: the team's safeguarding leads and managers are told"
    ),
    j.LoneWorkerCheckedIn: lambda p: (
        f"Checked in to the visit, expected out by {_at(p.expected_end)}"
    ),
    j.LoneWorkerOverdue: lambda p: (
        f"Not checked out by {_at(p.overdue_since)}: the team's managers are alerted"
    ),
    j.LoneWorkerCheckedOut: lambda p: (
        "Checked out of the visit" + (", after the alert: safe" if p.late else "")
    ),
    j.NoteAdded: _note,
    j.NoteCorrected: _note,
    d.ServiceLinked: lambda p: f"Linked to {p.service_name}",
    d.ServiceLinkAccepted: lambda p: "The service accepted the link",
    d.ServiceLinkDeclined: lambda p: f"The service declined the link: {p.reason}",
    d.ServiceLinkEnded: _link_ended,
    d.ServiceLinkExpired: lambda p: "The link expired unanswered",
    d.ServiceLinkAttended: lambda p: f"Attended the service on {p.attended_on}",
}


def describe(event: Event) -> str:
    line = LINES.get(type(event))
    return line(event.payload) if line else event.event_type


def entry(event: Event, referral_id: str) -> dict[str, Any]:
    """The timeline entry of one event on a referral's story, keyed by the event's id."""
    return {
        "_id": str(event.event_id),
        "referral_id": referral_id,
        "event_type": event.event_type,
        "occurred_at": event.occurred_at,
        "text": describe(event),
        "producer": event.producer,
        # The team a referral event routed it to (assigned, waiting, overdue, accepted).
        "team_id": getattr(event.payload, "team_id", None),
        **_restriction(event),
    }


def _restriction(event: Event) -> dict[str, Any]:
    """A restricted note's line is read only by those who may read the note."""
    p = event.payload
    if isinstance(p, j.CaseNotePayload) and p.restricted:
        return {"restricted": True, "written_by": p.written_by}
    return {}


def team_of(entries: Sequence[Mapping[str, Any]]) -> str | None:
    """The team the referral was last routed to, by its story's entries (oldest first)."""
    routed = sorted(
        (entry for entry in entries if entry.get("team_id")), key=lambda e: e["occurred_at"]
    )
    return str(routed[-1]["team_id"]) if routed else None
