"""Events on `journey.events`: the link worker's record of the work with one person."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from linkwork_schemas import topics
from linkwork_schemas.common import Contract, NeedDomain, Person, ReferralReason, UtcDatetime
from linkwork_schemas.envelope import Event, Payload


class JourneyEvent(Event):
    TOPIC = topics.JOURNEY_EVENTS


class JourneyStartedPayload(Payload):
    journey_id: str
    referral_id: str
    link_worker_id: str
    team_id: str | None = None
    person: Person
    reasons: list[ReferralReason]
    started_at: AwareDatetime


class JourneyStarted(JourneyEvent):
    event_type: Literal["JourneyStarted"] = "JourneyStarted"
    schema_version: Literal[1] = 1
    payload: JourneyStartedPayload


class JourneyReassignedPayload(Payload):
    """An open journey handed to another link worker, because its referral was reassigned."""

    journey_id: str
    referral_id: str
    link_worker_id: str = Field(description="The link worker the journey now belongs to")
    team_id: str | None = Field(default=None, description="The new link worker's team")
    reassigned_from: str = Field(description="The link worker it belonged to until now")
    reassigned_by: str = Field(description="Who reassigned the referral ('system' or a user)")


class JourneyReassigned(JourneyEvent):
    event_type: Literal["JourneyReassigned"] = "JourneyReassigned"
    schema_version: Literal[1] = 1
    payload: JourneyReassignedPayload


class ContactMode(StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"
    HOME_VISIT = "home_visit"
    GROUP = "group"


class ContactLoggedPayload(Payload):
    journey_id: str
    contact_id: str
    mode: ContactMode
    occurred_on: date
    duration_minutes: int | None = Field(default=None, ge=0)
    attended: bool = True
    with_whom: str | None = None
    notes: str | None = None
    recorded_by: str
    appointment_id: str | None = Field(
        default=None, description="The appointment this contact kept, which is now held"
    )


class ContactLogged(JourneyEvent):
    event_type: Literal["ContactLogged"] = "ContactLogged"
    schema_version: Literal[1] = 1
    payload: ContactLoggedPayload


class ContactScheduledPayload(Payload):
    """A contact booked ahead with the person: only what a reminder to them needs."""

    journey_id: str
    referral_id: str
    appointment_id: str
    scheduled_for: UtcDatetime = Field(description="When the contact starts")
    mode: ContactMode
    duration_minutes: int | None = Field(default=None, ge=0)
    location: str | None = Field(
        default=None,
        max_length=100,
        description="Where to go, in a few words (face-to-face and group contacts only), "
        "e.g. 'Hyde Park Surgery, room 2'; never a home address or notes",
    )
    link_worker_id: str
    scheduled_by: str


class ContactScheduled(JourneyEvent):
    event_type: Literal["ContactScheduled"] = "ContactScheduled"
    schema_version: Literal[1] = 1
    payload: ContactScheduledPayload


class ContactCancelledPayload(Payload):
    journey_id: str
    referral_id: str
    appointment_id: str
    scheduled_for: UtcDatetime = Field(description="When the cancelled contact was to start")
    reason: str = Field(description="Why, for staff; never shown to the person")
    cancelled_by: str


class ContactCancelled(JourneyEvent):
    event_type: Literal["ContactCancelled"] = "ContactCancelled"
    schema_version: Literal[1] = 1
    payload: ContactCancelledPayload


class Need(Contract):
    domain: NeedDomain
    priority: Literal["high", "medium", "low"] = "medium"
    description: str | None = None


class NeedsAssessedPayload(Payload):
    journey_id: str
    assessment_id: str
    needs: list[Need]
    barriers: list[str] = Field(default_factory=list)
    assessed_by: str


class NeedsAssessed(JourneyEvent):
    event_type: Literal["NeedsAssessed"] = "NeedsAssessed"
    schema_version: Literal[1] = 1
    payload: NeedsAssessedPayload


class GoalSetPayload(Payload):
    journey_id: str
    goal_id: str
    description: str
    need_domain: NeedDomain | None = None
    target_date: date | None = None
    set_by: str


class GoalSet(JourneyEvent):
    event_type: Literal["GoalSet"] = "GoalSet"
    schema_version: Literal[1] = 1
    payload: GoalSetPayload


class GoalProgressedPayload(Payload):
    journey_id: str
    goal_id: str
    note: str
    recorded_by: str


class GoalProgressed(JourneyEvent):
    event_type: Literal["GoalProgressed"] = "GoalProgressed"
    schema_version: Literal[1] = 1
    payload: GoalProgressedPayload


class GoalAchievedPayload(Payload):
    journey_id: str
    goal_id: str
    note: str | None = None
    recorded_by: str


class GoalAchieved(JourneyEvent):
    event_type: Literal["GoalAchieved"] = "GoalAchieved"
    schema_version: Literal[1] = 1
    payload: GoalAchievedPayload


class GoalAbandonedPayload(Payload):
    journey_id: str
    goal_id: str
    reason: str
    recorded_by: str


class GoalAbandoned(JourneyEvent):
    event_type: Literal["GoalAbandoned"] = "GoalAbandoned"
    schema_version: Literal[1] = 1
    payload: GoalAbandonedPayload


class Instrument(StrEnum):
    ONS4 = "ONS4"
    SWEMWBS = "SWEMWBS"
    WEMWBS = "WEMWBS"
    UCLA3 = "UCLA3"


class OutcomeMeasuredPayload(Payload):
    journey_id: str
    measure_id: str
    instrument: Instrument
    kind: Literal["baseline", "follow_up"]
    measured_on: date
    scores: dict[str, float] = Field(description="Score per scale, e.g. ONS4 'anxiety': 3")
    labels: dict[str, str] = Field(default_factory=dict, description="Band per scale")
    change_from_baseline: dict[str, float] | None = None
    recorded_by: str


class OutcomeMeasured(JourneyEvent):
    event_type: Literal["OutcomeMeasured"] = "OutcomeMeasured"
    schema_version: Literal[1] = 1
    payload: OutcomeMeasuredPayload


class OutcomeFollowUpDuePayload(Payload):
    journey_id: str
    link_worker_id: str
    instrument: Instrument
    baseline_measured_on: date
    due_on: date


class OutcomeFollowUpDue(JourneyEvent):
    event_type: Literal["OutcomeFollowUpDue"] = "OutcomeFollowUpDue"
    schema_version: Literal[1] = 1
    payload: OutcomeFollowUpDuePayload


class GoalSummary(Contract):
    description: str
    status: Literal["open", "achieved", "abandoned"]
    note: str | None = None


class MeasureChange(Contract):
    instrument: Instrument
    baseline: dict[str, float]
    latest: dict[str, float]
    change: dict[str, float]
    # When each was taken (optional: journeys closed before they were carried have none).
    baseline_on: date | None = None
    latest_on: date | None = None


class JourneySummary(Contract):
    """What the message back to the referrer needs (PRSB: needs, support, outcomes)."""

    needs: list[NeedDomain] = Field(default_factory=list)
    goals: list[GoalSummary] = Field(default_factory=list)
    services_linked: list[str] = Field(default_factory=list)
    services_attended: list[str] = Field(default_factory=list)
    measure_changes: list[MeasureChange] = Field(default_factory=list)
    contacts: int = 0


class JourneyClosedPayload(Payload):
    journey_id: str
    referral_id: str
    link_worker_id: str
    reason: Literal[
        "goals_met", "disengaged", "moved_away", "declined_support", "transferred", "died"
    ]
    summary: JourneySummary
    closed_by: str


class JourneyClosed(JourneyEvent):
    event_type: Literal["JourneyClosed"] = "JourneyClosed"
    schema_version: Literal[1] = 1
    payload: JourneyClosedPayload


class RiskKind(StrEnum):
    """What a link worker must know before they next contact or visit the person."""

    LONE_WORKING = "lone_working"
    DO_NOT_VISIT_ALONE = "do_not_visit_alone"
    SAFEGUARDING = "safeguarding"
    COMMUNICATION_NEEDS = "communication_needs"
    OTHER = "other"


class CommunicationNeed(StrEnum):
    INTERPRETER = "interpreter"
    HEARING = "hearing"
    SIGHT = "sight"


class RiskFlagRaisedPayload(Payload):
    """A flag on the journey that every reader sees first, until it is removed."""

    journey_id: str
    referral_id: str
    flag_id: str
    kind: RiskKind
    description: str = Field(description="What the risk or need is and what to do about it")
    communication: list[CommunicationNeed] = Field(
        default_factory=list, description="For communication needs: which"
    )
    review_on: date = Field(description="When someone should look at the flag again")
    raised_by: str


class RiskFlagRaised(JourneyEvent):
    event_type: Literal["RiskFlagRaised"] = "RiskFlagRaised"
    schema_version: Literal[1] = 1
    payload: RiskFlagRaisedPayload


class RiskFlagReviewedPayload(Payload):
    """A flag looked at again and kept, with what was found and its next review date."""

    journey_id: str
    referral_id: str
    flag_id: str
    note: str
    next_review_on: date
    reviewed_by: str


class RiskFlagReviewed(JourneyEvent):
    event_type: Literal["RiskFlagReviewed"] = "RiskFlagReviewed"
    schema_version: Literal[1] = 1
    payload: RiskFlagReviewedPayload


class RiskFlagRemovedPayload(Payload):
    """A flag that no longer applies; it stays in the record with who removed it and why."""

    journey_id: str
    referral_id: str
    flag_id: str
    reason: str
    removed_by: str


class RiskFlagRemoved(JourneyEvent):
    event_type: Literal["RiskFlagRemoved"] = "RiskFlagRemoved"
    schema_version: Literal[1] = 1
    payload: RiskFlagRemovedPayload


class NoteCategory(StrEnum):
    CONTACT = "contact"
    PHONE_CALL = "phone_call"
    CASE_DISCUSSION = "case_discussion"
    SAFEGUARDING = "safeguarding"
    OTHER = "other"


class CaseNotePayload(Payload):
    """What every case note says, on a journey or a referral. Never edited or deleted: a
    correction is a new note that supersedes it."""

    note_id: str
    category: NoteCategory
    text: str
    restricted: bool = Field(
        default=False,
        description="Seen only by its author, the team's managers and information governance",
    )
    written_by: str


class NoteAddedPayload(CaseNotePayload):
    """A case note on a journey (NoteCorrected for a correction)."""

    journey_id: str
    referral_id: str


class NoteAdded(JourneyEvent):
    event_type: Literal["NoteAdded"] = "NoteAdded"
    schema_version: Literal[1] = 1
    payload: NoteAddedPayload


class NoteCorrectedPayload(NoteAddedPayload):
    """A new note that supersedes an earlier one; both stay in the record."""

    corrects: str = Field(description="The note_id of the note it supersedes")


class NoteCorrected(JourneyEvent):
    event_type: Literal["NoteCorrected"] = "NoteCorrected"
    schema_version: Literal[1] = 1
    payload: NoteCorrectedPayload


class SafeguardingConcernRaisedPayload(Payload):
    """A safeguarding flag raised on a journey: the team's safeguarding leads and managers are
    told at once. Ids only: what the concern is stays on the journey, for those who read it."""

    journey_id: str
    referral_id: str
    concern_id: str = Field(description="The flag_id of the safeguarding flag")
    team_id: str | None = None
    link_worker_id: str
    raised_by: str
    raised_at: UtcDatetime


class SafeguardingConcernRaised(JourneyEvent):
    event_type: Literal["SafeguardingConcernRaised"] = "SafeguardingConcernRaised"
    schema_version: Literal[1] = 1
    payload: SafeguardingConcernRaisedPayload


class LoneWorkingPayload(Payload):
    """A visit to someone's home (or another place the link worker goes alone)."""

    journey_id: str
    referral_id: str
    appointment_id: str
    link_worker_id: str
    team_id: str | None = None
    expected_end: UtcDatetime = Field(description="When the visit is expected to be over")


class LoneWorkerCheckedInPayload(LoneWorkingPayload):
    checked_in_by: str
    checked_in_at: UtcDatetime


class LoneWorkerCheckedIn(JourneyEvent):
    event_type: Literal["LoneWorkerCheckedIn"] = "LoneWorkerCheckedIn"
    schema_version: Literal[1] = 1
    payload: LoneWorkerCheckedInPayload


class LoneWorkerCheckedOutPayload(LoneWorkingPayload):
    checked_out_by: str
    checked_out_at: UtcDatetime
    late: bool = Field(
        default=False, description="After LoneWorkerOverdue was raised: the alert is over"
    )


class LoneWorkerCheckedOut(JourneyEvent):
    event_type: Literal["LoneWorkerCheckedOut"] = "LoneWorkerCheckedOut"
    schema_version: Literal[1] = 1
    payload: LoneWorkerCheckedOutPayload


class LoneWorkerOverduePayload(LoneWorkingPayload):
    """No check-out by the grace period after the expected end: the manager must act."""

    overdue_since: UtcDatetime = Field(description="The expected end plus the grace period")


class LoneWorkerOverdue(JourneyEvent):
    event_type: Literal["LoneWorkerOverdue"] = "LoneWorkerOverdue"
    schema_version: Literal[1] = 1
    payload: LoneWorkerOverduePayload
