"""Events on `referral.events`: a referral from receipt to the message back to the referrer."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from linkwork_schemas import topics
from linkwork_schemas.common import (
    Coding,
    Contract,
    NeedDomain,
    Person,
    ReferralReason,
    ReferralRoute,
    Referrer,
    Urgency,
)
from linkwork_schemas.envelope import Event, Payload
from linkwork_schemas.journey import CaseNotePayload


class ReferralEvent(Event):
    TOPIC = topics.REFERRAL_EVENTS


class ReferralReceivedPayload(Payload):
    referral_id: str
    source_system: str
    source_referral_id: str
    route: ReferralRoute
    urgency: Urgency
    referrer: Referrer
    person: Person
    reasons: list[ReferralReason]
    notes: str | None = None
    received_at: AwareDatetime
    possible_duplicate_of: str | None = Field(
        default=None, description="Open referral for the same NHS number, flagged for review"
    )


class ReferralReceived(ReferralEvent):
    event_type: Literal["ReferralReceived"] = "ReferralReceived"
    schema_version: Literal[1] = 1
    payload: ReferralReceivedPayload


class RejectionReason(Contract):
    """One reason a submission was refused, precise enough to fix and resubmit."""

    field: str = Field(description="Dotted path of the offending field, e.g. patient.nhs_number")
    rule: str = Field(description="Machine-readable rule id, e.g. nhs_number.modulus11")
    message: str


class ReferralRejectedPayload(Payload):
    submission_id: str
    source_system: str | None = None
    source_referral_id: str | None = None
    reasons: list[RejectionReason] = Field(min_length=1)


class ReferralRejected(ReferralEvent):
    event_type: Literal["ReferralRejected"] = "ReferralRejected"
    schema_version: Literal[1] = 1
    payload: ReferralRejectedPayload


class ReferralAssignedPayload(Payload):
    referral_id: str
    link_worker_id: str
    team_id: str | None = None
    assigned_by: str = Field(description="'system' for capacity-based assignment, else a user")
    reassigned_from: str | None = None
    first_contact_due: date | None = None


class ReferralAssigned(ReferralEvent):
    event_type: Literal["ReferralAssigned"] = "ReferralAssigned"
    schema_version: Literal[1] = 1
    payload: ReferralAssignedPayload


class ReferralAwaitingCapacityPayload(Payload):
    referral_id: str
    practice_ods: str | None = None
    team_id: str | None = None
    urgency: Urgency
    waiting_since: AwareDatetime


class ReferralAwaitingCapacity(ReferralEvent):
    event_type: Literal["ReferralAwaitingCapacity"] = "ReferralAwaitingCapacity"
    schema_version: Literal[1] = 1
    payload: ReferralAwaitingCapacityPayload


class ReferralContactOverduePayload(Payload):
    referral_id: str
    link_worker_id: str
    team_id: str | None = None
    first_contact_due: date


class ReferralContactOverdue(ReferralEvent):
    event_type: Literal["ReferralContactOverdue"] = "ReferralContactOverdue"
    schema_version: Literal[1] = 1
    payload: ReferralContactOverduePayload


class ReferralAcceptedPayload(Payload):
    referral_id: str
    link_worker_id: str
    team_id: str | None = None
    person: Person
    referrer: Referrer
    reasons: list[ReferralReason]
    urgency: Urgency
    accepted_at: AwareDatetime


class ReferralAccepted(ReferralEvent):
    event_type: Literal["ReferralAccepted"] = "ReferralAccepted"
    schema_version: Literal[1] = 1
    payload: ReferralAcceptedPayload


class ReferralDeclinedPayload(Payload):
    referral_id: str
    link_worker_id: str | None = None
    reason: str
    outcome_code: Coding = Field(
        description="SNOMED 871711000000103 |Social prescribing declined (situation)|"
    )


class ReferralDeclined(ReferralEvent):
    event_type: Literal["ReferralDeclined"] = "ReferralDeclined"
    schema_version: Literal[1] = 1
    payload: ReferralDeclinedPayload


class ReferralWithdrawnPayload(Payload):
    referral_id: str
    reason: str
    withdrawn_by: str


class ReferralWithdrawn(ReferralEvent):
    event_type: Literal["ReferralWithdrawn"] = "ReferralWithdrawn"
    schema_version: Literal[1] = 1
    payload: ReferralWithdrawnPayload


class ReferralClosedPayload(Payload):
    referral_id: str
    journey_id: str | None = None
    closure_reason: str


class ReferralClosed(ReferralEvent):
    event_type: Literal["ReferralClosed"] = "ReferralClosed"
    schema_version: Literal[1] = 1
    payload: ReferralClosedPayload


class OutcomeLine(Contract):
    """One line of the message back: a coded statement with words a GP can read."""

    text: str
    code: Coding | None = None


class ReferralOutcomeReportedPayload(Payload):
    """The message back to GP and referrer, shaped on the PRSB groups."""

    referral_id: str
    referrer: Referrer
    person_nhs_number: str | None = None
    needs: list[NeedDomain] = Field(default_factory=list)
    support_offered: list[OutcomeLine] = Field(default_factory=list)
    outcomes: list[OutcomeLine] = Field(default_factory=list)
    summary: str
    codes: list[Coding] = Field(default_factory=list)


class ReferralOutcomeReported(ReferralEvent):
    event_type: Literal["ReferralOutcomeReported"] = "ReferralOutcomeReported"
    schema_version: Literal[1] = 1
    payload: ReferralOutcomeReportedPayload


class ReferralNoteAddedPayload(CaseNotePayload):
    """A case note on a referral (before its journey starts, or without one: triage, a call
    to the referrer); ReferralNoteCorrected for a correction."""

    referral_id: str


class ReferralNoteAdded(ReferralEvent):
    event_type: Literal["ReferralNoteAdded"] = "ReferralNoteAdded"
    schema_version: Literal[1] = 1
    payload: ReferralNoteAddedPayload


class ReferralNoteCorrectedPayload(ReferralNoteAddedPayload):
    """A new note that supersedes an earlier one; both stay in the record."""

    corrects: str = Field(description="The note_id of the note it supersedes")


class ReferralNoteCorrected(ReferralEvent):
    event_type: Literal["ReferralNoteCorrected"] = "ReferralNoteCorrected"
    schema_version: Literal[1] = 1
    payload: ReferralNoteCorrectedPayload


class PersonDetailsCorrectedPayload(Payload):
    """The link worker corrected who the person is or how to reach them: `person` is the whole
    record as it now is, `fields` names what changed."""

    referral_id: str
    person: Person
    fields: list[str] = Field(description="The person's fields that changed, e.g. ['phone']")
    corrected_by: str
    possible_duplicate_of: str | None = Field(
        default=None,
        description="Another open referral of the corrected NHS number, flagged for review",
    )


class PersonDetailsCorrected(ReferralEvent):
    event_type: Literal["PersonDetailsCorrected"] = "PersonDetailsCorrected"
    schema_version: Literal[1] = 1
    payload: PersonDetailsCorrectedPayload


class ReferralUpdatedPayload(Payload):
    """The referrer changed a referral it sent (a BaRS update): `fields` names what changed,
    and the referral's changeable parts are given as they now are."""

    referral_id: str
    fields: list[str] = Field(
        description="What changed: urgency, reasons, notes, or person.<field> (e.g. person.phone)"
    )
    urgency: Urgency
    reasons: list[ReferralReason]
    notes: str | None = None
    person: Person
    updated_by: str = Field(description="The sending system, as 'referrer:<source system>'")


class ReferralUpdated(ReferralEvent):
    event_type: Literal["ReferralUpdated"] = "ReferralUpdated"
    schema_version: Literal[1] = 1
    payload: ReferralUpdatedPayload


class ReferralAwaitingTriagePayload(Payload):
    """A referral neither its registered practice nor the person's postcode routes to a team:
    listed for every manager (`GET /triage`) until one routes it by hand."""

    referral_id: str
    route: ReferralRoute
    urgency: Urgency
    reason: Literal["no_practice_or_catchment"] = Field(
        default="no_practice_or_catchment",
        description="No link worker serves its practice and no team's catchment holds its "
        "postcode (or it has none)",
    )
    waiting_since: AwareDatetime


class ReferralAwaitingTriage(ReferralEvent):
    event_type: Literal["ReferralAwaitingTriage"] = "ReferralAwaitingTriage"
    schema_version: Literal[1] = 1
    payload: ReferralAwaitingTriagePayload


class ReferralRoutedPayload(Payload):
    """A manager routed a referral from triage to a team (and maybe a link worker of it); it
    is then assigned or waits for that team's capacity as usual."""

    referral_id: str
    team_id: str
    link_worker_id: str | None = None
    routed_by: str


class ReferralRouted(ReferralEvent):
    event_type: Literal["ReferralRouted"] = "ReferralRouted"
    schema_version: Literal[1] = 1
    payload: ReferralRoutedPayload


class TeamCatchmentChangedPayload(Payload):
    """A team's postcode catchment as a manager now keeps it: postcode areas (`LS`),
    districts (`LS6`) or sectors (`LS6 1`); a referral's postcode goes to the team with the
    most specific entry holding it."""

    team_id: str
    entries: list[str] = Field(description="The whole catchment as it now is, sorted")
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed_by: str


class TeamCatchmentChanged(ReferralEvent):
    event_type: Literal["TeamCatchmentChanged"] = "TeamCatchmentChanged"
    schema_version: Literal[1] = 1
    payload: TeamCatchmentChangedPayload


class ConsentPurpose(StrEnum):
    """What the person agreed to, one purpose at a time: being contacted at all, by SMS, by
    e-mail, their first name and contact shared with a provider they are linked to, and the
    coded detail of their journey filed in their GP record."""

    CONTACT = "contact"
    SMS = "sms"
    EMAIL = "email"
    SHARE_WITH_PROVIDER = "share_with_provider"
    SHARE_WITH_GP_RECORD = "share_with_gp_record"


class ConsentSource(StrEnum):
    """Where a consent was given: in the referral itself (its `consent_to_contact`, and the
    channel the person chose), by the person on the phone, or on a form."""

    REFERRAL = "referral"
    PHONE = "phone"
    FORM = "form"


class ConsentRecordedPayload(Payload):
    """The person agreed to `purpose` (again: a later record replaces an earlier one, e.g. a
    new expiry). Keyed by the referral, which owns the person."""

    referral_id: str
    purpose: ConsentPurpose
    source: ConsentSource
    recorded_by: str = Field(description="A user id, or 'referrer:<source system>'")
    recorded_at: AwareDatetime
    expires_at: AwareDatetime | None = Field(
        default=None, description="From then on the consent no longer holds"
    )


class ConsentRecorded(ReferralEvent):
    event_type: Literal["ConsentRecorded"] = "ConsentRecorded"
    schema_version: Literal[1] = 1
    payload: ConsentRecordedPayload


class ConsentWithdrawnPayload(Payload):
    """The person no longer agrees to `purpose`: every share that needs it stops, reminders
    already queued on that channel included."""

    referral_id: str
    purpose: ConsentPurpose
    source: ConsentSource = Field(description="How the person said so")
    withdrawn_by: str
    withdrawn_at: AwareDatetime


class ConsentWithdrawn(ReferralEvent):
    event_type: Literal["ConsentWithdrawn"] = "ConsentWithdrawn"
    schema_version: Literal[1] = 1
    payload: ConsentWithdrawnPayload
