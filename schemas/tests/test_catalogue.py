"""The event catalogue: what it holds, how events travel as bytes, and how bad input is refused."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from linkwork_schemas import topics
from linkwork_schemas.catalogue import (
    EVENT_CLASSES,
    InvalidMessage,
    UnknownEventType,
    decode_json,
    event_class,
    nesting_depth,
    parse_event,
)
from linkwork_schemas.directory import ServiceLinkDeclined, ServiceLinked
from linkwork_schemas.envelope import Event
from linkwork_schemas.gp_referral import text_problems
from linkwork_schemas.journey import ContactLogged, ContactScheduled, JourneyStarted
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralReceived,
    ReferralWithdrawn,
)

FIXTURES = Path(__file__).parent / "fixtures"

CONTRACT: dict[str, set[str]] = {
    topics.REFERRAL_EVENTS: {
        "ReferralReceived",
        "ReferralRejected",
        "ReferralAssigned",
        "ReferralAwaitingCapacity",
        "ReferralContactOverdue",
        "ReferralAccepted",
        "ReferralDeclined",
        "ReferralWithdrawn",
        "ReferralClosed",
        "ReferralOutcomeReported",
        "ReferralNoteAdded",
        "ReferralNoteCorrected",
        "PersonDetailsCorrected",
        "ReferralUpdated",
        "ReferralAwaitingTriage",
        "ReferralRouted",
        "TeamCatchmentChanged",
        "ConsentRecorded",
        "ConsentWithdrawn",
    },
    topics.JOURNEY_EVENTS: {
        "JourneyStarted",
        "JourneyReassigned",
        "ContactScheduled",
        "ContactCancelled",
        "ContactLogged",
        "NeedsAssessed",
        "GoalSet",
        "GoalProgressed",
        "GoalAchieved",
        "GoalAbandoned",
        "OutcomeMeasured",
        "OutcomeFollowUpDue",
        "RiskFlagRaised",
        "RiskFlagReviewed",
        "RiskFlagRemoved",
        "NoteAdded",
        "NoteCorrected",
        "SafeguardingConcernRaised",
        "LoneWorkerCheckedIn",
        "LoneWorkerCheckedOut",
        "LoneWorkerOverdue",
        "JourneyClosed",
    },
    topics.DIRECTORY_EVENTS: {
        "ServiceListed",
        "ServiceUpdated",
        "ServiceWithdrawn",
        "ServiceCapacityChanged",
        "ServiceLinked",
        "ServiceLinkAccepted",
        "ServiceLinkDeclined",
        "ServiceLinkEnded",
        "ServiceLinkExpired",
        "ServiceLinkReminderDue",
        "ServiceLinkAttended",
        "UnmetNeedRecorded",
    },
    topics.NOTIFICATION_EVENTS: {
        "NotificationSent",
        "NotificationFailed",
        "SafeguardingConcernAcknowledged",
        "SafeguardingConcernEscalated",
    },
    topics.INSIGHTS_EVENTS: {"ReportPublished"},
}

# --- realistic example payloads, one per event type -------------------------------------------

SNOMED = "http://snomed.info/sct"
REFERRAL_ID = "5b0c6a0e-2f7e-4a51-9d3a-0a4b3c1d2e3f"
JOURNEY_ID = "j-7f3e2d1c"
LINK_WORKER = "lw-amina-shah"
PERSON: dict[str, Any] = {
    "nhs_number": "9434765919",
    "given_name": "Eileen",
    "family_name": "Murphy",
    "birth_date": "1948-06-02",
    "gender": "female",
    "address_lines": ["14 Cardigan Road", "Headingley"],
    "postcode": "LS6 3AG",
    "phone": "07700 900123",
    "email": "eileen.murphy@example.org",
    "preferred_channel": "phone",
    "consent_to_contact": True,
}
REFERRER: dict[str, Any] = {
    "ods_code": "B86001",
    "organisation_name": "Burley Park Medical Centre",
    "practitioner_name": "Dr Okafor",
    "practitioner_id": "G8123456",
    "email": "dr.okafor@nhs.example",
}
REASONS: list[dict[str, Any]] = [
    {
        "text": "Lives alone since bereavement, feels isolated",
        "domain": "loneliness",
        "code": {
            "system": SNOMED,
            "code": "871731000000106",
            "display": "Referral to social prescribing service (procedure)",
        },
    }
]
LINK: dict[str, Any] = {
    "link_id": "link-0042",
    "journey_id": JOURNEY_ID,
    "service_id": "svc-walking-group",
    "link_worker_id": LINK_WORKER,
}
NOTIFICATION: dict[str, Any] = {
    "notification_id": "n-9001",
    "source_event_id": "0d6f3f9a-8c55-4d53-9a6e-3e1b1f6c2a10",
    "source_event_type": "ReferralAssigned",
    "recipient_id": LINK_WORKER,
    "channel": "email",
    "template": "referral-assigned",
}

EXAMPLE_PAYLOADS: dict[str, dict[str, Any]] = {
    "ReferralReceived": {
        "referral_id": REFERRAL_ID,
        "source_system": "EMIS",
        "source_referral_id": "R-3fa85f6457c4",
        "route": "gp",
        "urgency": "routine",
        "referrer": REFERRER,
        "person": PERSON,
        "reasons": REASONS,
        "notes": "Daughter lives in Bristol; prefers morning calls.",
        "received_at": "2025-03-03T09:15:00Z",
        "possible_duplicate_of": None,
    },
    "ReferralRejected": {
        "submission_id": "sub-11",
        "source_system": "SystmOne",
        "source_referral_id": "R-000000000001",
        "reasons": [
            {
                "field": "patient.nhs_number",
                "rule": "nhs_number.modulus11",
                "message": "9434765918 fails the Modulus 11 check",
            }
        ],
    },
    "ReferralAssigned": {
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "team_id": "team-leeds-north",
        "assigned_by": "system",
        "first_contact_due": "2025-03-10",
    },
    "ReferralAwaitingCapacity": {
        "referral_id": REFERRAL_ID,
        "practice_ods": "B86001",
        "team_id": "team-leeds-north",
        "urgency": "urgent",
        "waiting_since": "2025-03-03T09:15:00Z",
    },
    "ReferralContactOverdue": {
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "team_id": "team-leeds-north",
        "first_contact_due": "2025-03-10",
    },
    "ReferralAccepted": {
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "team_id": "team-leeds-north",
        "person": PERSON,
        "referrer": REFERRER,
        "reasons": REASONS,
        "urgency": "routine",
        "accepted_at": "2025-03-05T11:00:00Z",
    },
    "ReferralDeclined": {
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "reason": "Already supported by a community connector",
        "outcome_code": {
            "system": SNOMED,
            "code": "871711000000103",
            "display": "Social prescribing declined (situation)",
        },
    },
    "ReferralWithdrawn": {
        "referral_id": REFERRAL_ID,
        "reason": "Moved out of area",
        "withdrawn_by": "mgr-grace-hughes",
    },
    "ReferralClosed": {
        "referral_id": REFERRAL_ID,
        "journey_id": JOURNEY_ID,
        "closure_reason": "goals_met",
    },
    "ReferralOutcomeReported": {
        "referral_id": REFERRAL_ID,
        "referrer": REFERRER,
        "person_nhs_number": "9434765919",
        "needs": ["loneliness", "physical_activity"],
        "support_offered": [{"text": "Linked to Hyde Park walking group"}],
        "outcomes": [
            {
                "text": "ONS4 life satisfaction up 3 points",
                "code": {"system": SNOMED, "code": "1111111000000101"},
            }
        ],
        "summary": "Attends walking group weekly; feels less isolated.",
        "codes": [{"system": SNOMED, "code": "871731000000106"}],
    },
    "JourneyStarted": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "team_id": "team-leeds-north",
        "person": PERSON,
        "reasons": REASONS,
        "started_at": "2025-03-05T11:00:00Z",
    },
    "JourneyReassigned": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "link_worker_id": "lw-brian-okoro",
        "team_id": "team-leeds-north",
        "reassigned_from": LINK_WORKER,
        "reassigned_by": "mgr-leeds-north",
    },
    "ContactScheduled": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "appointment_id": "apt-1",
        "scheduled_for": "2025-03-07T10:30:00+00:00",
        "mode": "face_to_face",
        "duration_minutes": 45,
        "location": "Hyde Park Surgery, room 2",
        "link_worker_id": LINK_WORKER,
        "scheduled_by": LINK_WORKER,
    },
    "ContactCancelled": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "appointment_id": "apt-1",
        "scheduled_for": "2025-03-07T10:30:00+00:00",
        "reason": "Eileen is in hospital this week",
        "cancelled_by": LINK_WORKER,
    },
    "ContactLogged": {
        "journey_id": JOURNEY_ID,
        "contact_id": "c-1",
        "mode": "home_visit",
        "occurred_on": "2025-03-07",
        "duration_minutes": 45,
        "attended": True,
        "with_whom": "Eileen and her neighbour",
        "notes": "What matters: getting out of the house, meeting people.",
        "recorded_by": LINK_WORKER,
        "appointment_id": "apt-1",
    },
    "NeedsAssessed": {
        "journey_id": JOURNEY_ID,
        "assessment_id": "a-1",
        "needs": [
            {"domain": "loneliness", "priority": "high", "description": "No visitors most days"},
            {"domain": "physical_activity", "priority": "medium"},
        ],
        "barriers": ["transport", "confidence"],
        "assessed_by": LINK_WORKER,
    },
    "GoalSet": {
        "journey_id": JOURNEY_ID,
        "goal_id": "g-1",
        "description": "Join a weekly walking group",
        "need_domain": "physical_activity",
        "target_date": "2025-04-30",
        "set_by": LINK_WORKER,
    },
    "GoalProgressed": {
        "journey_id": JOURNEY_ID,
        "goal_id": "g-1",
        "note": "Went to a taster session",
        "recorded_by": LINK_WORKER,
    },
    "GoalAchieved": {
        "journey_id": JOURNEY_ID,
        "goal_id": "g-1",
        "note": "Attended four weeks running",
        "recorded_by": LINK_WORKER,
    },
    "GoalAbandoned": {
        "journey_id": JOURNEY_ID,
        "goal_id": "g-2",
        "reason": "Class moved to an evening slot",
        "recorded_by": LINK_WORKER,
    },
    "OutcomeMeasured": {
        "journey_id": JOURNEY_ID,
        "measure_id": "m-2",
        "instrument": "ONS4",
        "kind": "follow_up",
        "measured_on": "2025-06-01",
        "scores": {"life_satisfaction": 7.0, "worthwhile": 7.0, "happiness": 6.0, "anxiety": 3.0},
        "labels": {"anxiety": "low"},
        "change_from_baseline": {"life_satisfaction": 3.0, "anxiety": -2.0},
        "recorded_by": LINK_WORKER,
    },
    "OutcomeFollowUpDue": {
        "journey_id": JOURNEY_ID,
        "link_worker_id": LINK_WORKER,
        "instrument": "SWEMWBS",
        "baseline_measured_on": "2025-03-07",
        "due_on": "2025-06-07",
    },
    "PersonDetailsCorrected": {
        "referral_id": REFERRAL_ID,
        "person": {"given_name": "Amina", "family_name": "Patel", "phone": "07700 900123"},
        "fields": ["phone"],
        "corrected_by": "lw-amina",
    },
    "ReferralUpdated": {
        "referral_id": REFERRAL_ID,
        "fields": ["urgency", "person.phone"],
        "urgency": "urgent",
        "reasons": [{"text": "Lonely since her husband died"}],
        "person": {"given_name": "Amina", "family_name": "Patel", "phone": "07700 900123"},
        "updated_by": "referrer:EMIS",
    },
    "ReferralAwaitingTriage": {
        "referral_id": REFERRAL_ID,
        "route": "self",
        "urgency": "routine",
        "waiting_since": "2025-03-01T09:00:00+00:00",
    },
    "ReferralRouted": {
        "referral_id": REFERRAL_ID,
        "team_id": "leeds-north",
        "routed_by": "mgr-leeds",
    },
    "ConsentRecorded": {
        "referral_id": REFERRAL_ID,
        "purpose": "sms",
        "source": "phone",
        "recorded_by": LINK_WORKER,
        "recorded_at": "2026-11-12T10:05:00+00:00",
        "expires_at": "2027-11-12T00:00:00+00:00",
    },
    "ConsentWithdrawn": {
        "referral_id": REFERRAL_ID,
        "purpose": "sms",
        "source": "phone",
        "withdrawn_by": LINK_WORKER,
        "withdrawn_at": "2026-11-20T09:30:00+00:00",
    },
    "TeamCatchmentChanged": {
        "team_id": "leeds-north",
        "entries": ["LS16", "LS6", "LS6 1"],
        "added": ["LS6 1"],
        "removed": [],
        "changed_by": "mgr-leeds",
    },
    "ReferralNoteAdded": {
        "referral_id": REFERRAL_ID,
        "note_id": "n-7",
        "category": "phone_call",
        "text": "Spoke to the GP surgery: she prefers calls after 2pm",
        "restricted": False,
        "written_by": "mgr-leeds",
    },
    "ReferralNoteCorrected": {
        "referral_id": REFERRAL_ID,
        "note_id": "n-8",
        "corrects": "n-7",
        "category": "phone_call",
        "text": "Spoke to the GP surgery: she prefers calls after 3pm",
        "restricted": False,
        "written_by": "mgr-leeds",
    },
    "RiskFlagRaised": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "flag_id": "f-1",
        "kind": "communication_needs",
        "description": "Uses BSL: book an interpreter",
        "communication": ["interpreter", "hearing"],
        "review_on": "2025-06-01",
        "raised_by": LINK_WORKER,
    },
    "RiskFlagReviewed": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "flag_id": "f-1",
        "note": "Still needed",
        "next_review_on": "2025-09-01",
        "reviewed_by": LINK_WORKER,
    },
    "RiskFlagRemoved": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "flag_id": "f-1",
        "reason": "No longer applies",
        "removed_by": LINK_WORKER,
    },
    "NoteAdded": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "note_id": "n-1",
        "category": "phone_call",
        "text": "Called; she would like to try the walking group",
        "restricted": False,
        "written_by": LINK_WORKER,
    },
    "NoteCorrected": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "note_id": "n-2",
        "corrects": "n-1",
        "category": "phone_call",
        "text": "Called; she would like to try the Tuesday walking group",
        "restricted": True,
        "written_by": LINK_WORKER,
    },
    "SafeguardingConcernRaised": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "concern_id": "f-3",
        "team_id": "leeds-north",
        "link_worker_id": LINK_WORKER,
        "raised_by": LINK_WORKER,
        "raised_at": "2025-03-07T10:15:00Z",
    },
    "LoneWorkerCheckedIn": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "appointment_id": "a-1",
        "link_worker_id": LINK_WORKER,
        "team_id": "leeds-north",
        "expected_end": "2025-03-07T11:00:00Z",
        "checked_in_by": LINK_WORKER,
        "checked_in_at": "2025-03-07T10:00:00Z",
    },
    "LoneWorkerCheckedOut": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "appointment_id": "a-1",
        "link_worker_id": LINK_WORKER,
        "team_id": "leeds-north",
        "expected_end": "2025-03-07T11:00:00Z",
        "checked_out_by": LINK_WORKER,
        "checked_out_at": "2025-03-07T11:45:00Z",
        "late": True,
    },
    "LoneWorkerOverdue": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "appointment_id": "a-1",
        "link_worker_id": LINK_WORKER,
        "team_id": "leeds-north",
        "expected_end": "2025-03-07T11:00:00Z",
        "overdue_since": "2025-03-07T11:30:00Z",
    },
    "JourneyClosed": {
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "link_worker_id": LINK_WORKER,
        "reason": "goals_met",
        "summary": {
            "needs": ["loneliness"],
            "goals": [{"description": "Join a weekly walking group", "status": "achieved"}],
            "services_linked": ["Hyde Park walking group"],
            "services_attended": ["Hyde Park walking group"],
            "measure_changes": [
                {
                    "instrument": "UCLA3",
                    "baseline": {"total": 8.0},
                    "latest": {"total": 5.0},
                    "change": {"total": -3.0},
                }
            ],
            "contacts": 6,
        },
        "closed_by": LINK_WORKER,
    },
    "ServiceListed": {
        "service_id": "svc-walking-group",
        "organization_id": "org-leeds-ramblers",
        "name": "Hyde Park walking group",
        "description": "Gentle 45 minute walk, Tuesdays 10am",
        "taxonomy_terms": ["physical-activity", "social-groups"],
        "capacity_total": 20,
    },
    "ServiceUpdated": {
        "service_id": "svc-walking-group",
        "name": "Hyde Park walking group",
        "changed_fields": ["description"],
    },
    "ServiceWithdrawn": {"service_id": "svc-walking-group", "reason": "Funding ended"},
    "ServiceCapacityChanged": {
        "service_id": "svc-walking-group",
        "capacity_total": 20,
        "capacity_available": 4,
    },
    "ServiceLinked": {
        **LINK,
        "service_name": "Hyde Park walking group",
        "organization_id": "org-leeds-ramblers",
        "provider_email": "walks@ramblers.example",
        "need_domain": "physical_activity",
        "note": "Prefers to be met at the gate the first time",
    },
    "ServiceLinkAccepted": LINK,
    "ServiceLinkDeclined": {**LINK, "reason": "Group is full until May"},
    "ServiceLinkEnded": {
        **LINK,
        "reason": "She has started work on Tuesdays",
        "ended_by": "link_worker",
        "organization_id": "org-leeds-ramblers",
        "provider_email": "walks@ramblers.example",
        "attended_sessions": 3,
        "last_attended_on": "2025-03-18",
    },
    "ServiceLinkExpired": LINK,
    "ServiceLinkReminderDue": {
        **LINK,
        "service_name": "Hyde Park walking group",
        "organization_id": "org-walks",
        "provider_email": "walks@example.org",
        "expires_at": "2025-03-17T09:00:00Z",
        "reminder": "two_days_left",
    },
    "ServiceLinkAttended": {**LINK, "attended_on": "2025-03-18"},
    "UnmetNeedRecorded": {
        "need_domain": "money_and_debt",
        "area": "LS6",
        "age_band": "65+",
        "taxonomy_term_id": "debt-advice",
        "search_text": "debt advice home visit",
    },
    "NotificationSent": {**NOTIFICATION, "sent_at": "2025-03-03T09:15:05Z"},
    "NotificationFailed": {**NOTIFICATION, "reason": "mailbox unavailable", "attempts": 5},
    "SafeguardingConcernAcknowledged": {
        "concern_id": "f-3",
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "team_id": "leeds-north",
        "acknowledged_by": "mgr-leeds",
        "acknowledged_at": "2025-03-07T10:20:00Z",
    },
    "SafeguardingConcernEscalated": {
        "concern_id": "f-3",
        "journey_id": JOURNEY_ID,
        "referral_id": REFERRAL_ID,
        "team_id": "leeds-north",
        "raised_at": "2025-03-07T10:15:00Z",
        "escalated_at": "2025-03-07T14:15:00Z",
    },
    "ReportPublished": {
        "publication_id": "pub-1",
        "report": "waits",
        "period_from": "2025-01",
        "period_to": "2025-03",
        "filters": {"pcn": "U00001"},
        "published_by": "com-leeds",
        "published_at": "2025-04-01T09:00:00Z",
        "suppress_below": 5,
    },
}


def example(cls: type[Event], **envelope: Any) -> Event:
    """A valid instance of `cls`; fails loudly if the class has no example payload."""
    payload = EXAMPLE_PAYLOADS.get(cls.type_name())
    assert payload is not None, f"add an example payload for {cls.type_name()} to this test"
    envelope.setdefault("aggregate_id", REFERRAL_ID)
    envelope.setdefault("producer", "test")
    return cls.build(payload=payload, **envelope)


def wire(cls: type[Event] = ReferralWithdrawn) -> dict[str, Any]:
    """An event as the JSON object on the wire, to tamper with."""
    data: dict[str, Any] = json.loads(example(cls).to_bytes())
    return data


# --- the catalogue -----------------------------------------------------------------------------


def test_catalogue_holds_exactly_the_contracted_event_types_on_their_topics() -> None:
    found: dict[str, set[str]] = {}
    for cls in EVENT_CLASSES:
        found.setdefault(cls.TOPIC, set()).add(cls.type_name())

    assert found == CONTRACT
    assert len(EVENT_CLASSES) == 58
    assert sum(len(names) for names in CONTRACT.values()) == 58


def test_every_contracted_type_is_found_by_name_at_version_1() -> None:
    for names in CONTRACT.values():
        for name in names:
            cls = event_class(name, 1)
            assert cls.type_name() == name
            assert cls.version() == 1


def test_every_event_class_has_an_example_payload() -> None:
    assert set(EXAMPLE_PAYLOADS) == {cls.type_name() for cls in EVENT_CLASSES}


# --- round trip and envelope --------------------------------------------------------------------


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.type_name())
def test_event_round_trips_through_json_bytes_with_a_complete_envelope(cls: type[Event]) -> None:
    event = example(cls, aggregate_id="agg-1", producer="referral", correlation_id="corr-1")

    raw = event.to_bytes()
    parsed = parse_event(raw)

    assert type(parsed) is cls
    assert parsed == event
    assert isinstance(parsed.event_id, uuid.UUID)
    assert parsed.event_type == cls.type_name()
    assert parsed.schema_version == cls.version() == 1
    assert parsed.occurred_at.utcoffset() == timedelta(0)
    assert parsed.producer == "referral"
    assert parsed.correlation_id == "corr-1"
    assert parsed.aggregate_id == "agg-1"
    on_wire = json.loads(raw)
    for field in (
        "event_id",
        "event_type",
        "schema_version",
        "occurred_at",
        "producer",
        "correlation_id",
        "aggregate_id",
        "payload",
    ):
        assert on_wire[field] not in (None, ""), field
    assert on_wire["occurred_at"].endswith("Z")


def test_parse_event_accepts_text_and_decoded_objects_as_well_as_bytes() -> None:
    event = example(JourneyStarted)

    assert parse_event(event.to_bytes().decode()) == event
    assert parse_event(json.loads(event.to_bytes())) == event


def test_each_event_gets_its_own_id_and_a_fresh_correlation_id_when_none_is_given() -> None:
    first = example(ReferralWithdrawn)
    second = example(ReferralWithdrawn)

    assert first.event_id != second.event_id
    assert first.correlation_id != second.correlation_id
    assert first.causation_id is None


def test_headers_carry_type_id_correlation_and_version() -> None:
    event = example(ReferralAssigned, correlation_id="corr-42", producer="referral")

    headers = event.headers()

    assert headers["event_type"] == "ReferralAssigned"
    assert headers["event_id"] == str(event.event_id)
    assert headers["correlation_id"] == "corr-42"
    assert headers["schema_version"] == "1"
    assert headers["producer"] == "referral"
    assert headers["content-type"] == "application/json"
    assert "causation_id" not in headers
    assert all(isinstance(value, str) for value in headers.values())


def test_headers_carry_causation_id_when_the_event_has_a_cause() -> None:
    cause = example(ReferralReceived)
    effect = example(ReferralAssigned, caused_by=cause)

    assert effect.headers()["causation_id"] == str(cause.event_id)


def test_build_caused_by_continues_correlation_and_points_at_the_cause() -> None:
    cause = example(ReferralReceived, correlation_id="flow-7")

    effect = example(ReferralAssigned, caused_by=cause)
    next_effect = example(JourneyStarted, caused_by=effect)

    assert effect.correlation_id == "flow-7"
    assert effect.causation_id == str(cause.event_id)
    assert effect.event_id != cause.event_id
    assert next_effect.correlation_id == "flow-7"
    assert next_effect.causation_id == str(effect.event_id)


def test_build_caused_by_keeps_an_explicit_correlation_id() -> None:
    cause = example(ReferralReceived, correlation_id="flow-7")

    effect = example(ReferralAssigned, caused_by=cause, correlation_id="flow-8")

    assert effect.correlation_id == "flow-8"
    assert effect.causation_id == str(cause.event_id)


# --- refusing what is not an event -------------------------------------------------------------


def test_unknown_event_type_is_rejected_naming_the_known_types() -> None:
    data = wire()
    data["event_type"] = "ReferralTeleported"

    with pytest.raises(UnknownEventType) as caught:
        parse_event(data)

    assert caught.value.where == "$.event_type"
    assert "ReferralTeleported" in caught.value.reason
    for cls in EVENT_CLASSES:
        assert cls.type_name() in caught.value.reason


def test_known_type_with_unknown_schema_version_is_rejected_naming_the_version() -> None:
    data = wire()
    data["schema_version"] = 7

    with pytest.raises(UnknownEventType) as caught:
        parse_event(json.dumps(data).encode())

    assert caught.value.where == "$.schema_version"
    assert "ReferralWithdrawn" in caught.value.reason
    assert "7" in caught.value.reason


def test_unknown_event_type_is_an_invalid_message() -> None:
    assert issubclass(UnknownEventType, InvalidMessage)


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"\xff\xfe\x00garbage", b"", "ReferralReceived"],
    ids=["broken-json", "not-utf8", "empty", "bare-word"],
)
def test_bytes_that_are_not_json_are_rejected(raw: bytes | str) -> None:
    with pytest.raises(InvalidMessage) as caught:
        parse_event(raw)

    assert caught.value.where == "$"
    assert "JSON" in caught.value.reason


@pytest.mark.parametrize("raw", [b"[]", b'["ReferralReceived"]', b"42", b'"text"', b"null"])
def test_json_that_is_not_an_object_is_rejected(raw: bytes) -> None:
    with pytest.raises(InvalidMessage) as caught:
        parse_event(raw)

    assert caught.value.where == "$"
    assert "object" in caught.value.reason


@pytest.mark.parametrize("event_type", [None, 17, ["ReferralReceived"]])
def test_missing_or_non_string_event_type_is_rejected(event_type: object) -> None:
    data = wire()
    if event_type is None:
        del data["event_type"]
    else:
        data["event_type"] = event_type

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert not isinstance(caught.value, UnknownEventType)
    assert caught.value.where == "$.event_type"


def test_non_integer_schema_version_is_rejected() -> None:
    data = wire()
    data["schema_version"] = "1"

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.schema_version"


def test_payload_field_of_the_wrong_type_is_rejected_naming_its_path() -> None:
    data = wire(ReferralWithdrawn)
    data["payload"]["referral_id"] = 42

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.payload.referral_id"
    assert "string" in caught.value.reason
    assert str(caught.value).startswith("$.payload.referral_id: ")


def test_nested_payload_error_is_located_through_lists_and_objects() -> None:
    data = wire(ReferralReceived)
    data["payload"]["reasons"][0]["domain"] = "astrology"

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.payload.reasons[0].domain"


def test_missing_envelope_field_is_rejected_naming_it() -> None:
    data = wire()
    del data["producer"]

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.producer"
    assert "required" in caught.value.reason.lower()


def test_several_problems_are_reported_as_the_first_and_a_count() -> None:
    data = wire(ContactLogged)
    data["payload"]["mode"] = "telepathy"
    data["payload"]["duration_minutes"] = -5

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.payload.mode"
    assert "(and 1 more problems)" in caught.value.reason


# --- tolerant reader ---------------------------------------------------------------------------


def test_unknown_fields_are_ignored_so_producers_can_add_fields() -> None:
    event = example(ReferralReceived)
    data: dict[str, Any] = json.loads(event.to_bytes())
    data["trace_flags"] = "01"
    data["payload"]["priority_hint"] = "high"
    data["payload"]["person"]["pronouns"] = "she/her"

    parsed = parse_event(json.dumps(data).encode())

    assert parsed == event


def legacy_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def test_there_are_legacy_fixtures_to_check() -> None:
    assert legacy_fixtures(), f"no JSON fixtures in {FIXTURES}"


@pytest.mark.parametrize("path", legacy_fixtures(), ids=lambda path: path.stem)
def test_stored_v1_event_still_parses(path: Path) -> None:
    raw = path.read_bytes()
    document = json.loads(raw)

    event = parse_event(raw)

    assert event.event_type == document["event_type"]
    assert event.schema_version == 1
    assert str(event.event_id) == document["event_id"]
    assert event.aggregate_id == document["aggregate_id"]
    assert event.occurred_at.tzinfo is not None


def test_stored_referral_received_keeps_its_values_and_defaults_newer_fields() -> None:
    event = parse_event((FIXTURES / "referral_received_v1.json").read_bytes())

    assert isinstance(event, ReferralReceived)
    assert event.payload.referral_id == "0f8f6a52-0b1a-4a8e-9d0c-6a1c2b3d4e5f"
    assert event.payload.person.nhs_number == "9434765870"
    assert event.payload.reasons[0].text.startswith("Low mood")
    assert event.payload.possible_duplicate_of is None
    assert event.occurred_at == datetime(2024, 11, 4, 9, 30, 12, tzinfo=UTC)


def test_stored_service_linked_keeps_its_values() -> None:
    event = parse_event((FIXTURES / "service_linked_v1.json").read_bytes())

    assert isinstance(event, ServiceLinked)
    assert event.payload.service_name == "Chapeltown Community Garden"
    assert event.payload.need_domain is None


def test_a_decline_stored_before_service_link_ended_existed_still_parses() -> None:
    raw = (FIXTURES / "service_link_declined_after_acceptance_v1.json").read_bytes()

    event = parse_event(raw)

    assert isinstance(event, ServiceLinkDeclined)
    assert (event.payload.reason, event.payload.declined_by) == ("moved away", "link_worker")
    assert "after_acceptance" not in event.payload.model_dump()  # ignored: now ServiceLinkEnded


def test_a_contact_logged_before_appointments_existed_still_parses_with_none() -> None:
    event = parse_event((FIXTURES / "contact_logged_v1.json").read_bytes())

    assert isinstance(event, ContactLogged)
    assert event.payload.mode == "phone"
    assert event.payload.appointment_id is None


# --- time --------------------------------------------------------------------------------------


def test_an_appointment_time_with_an_offset_is_kept_in_utc() -> None:
    data = wire(ContactScheduled)
    data["payload"]["scheduled_for"] = "2025-07-01T10:30:00+01:00"

    event = parse_event(data)

    assert isinstance(event, ContactScheduled)
    assert event.payload.scheduled_for == datetime(2025, 7, 1, 9, 30, tzinfo=UTC)
    assert event.payload.scheduled_for.tzinfo is UTC


def test_a_naive_appointment_time_is_rejected_naming_it() -> None:
    data = wire(ContactScheduled)
    data["payload"]["scheduled_for"] = "2025-07-01T10:30:00"

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.payload.scheduled_for"


def test_occurred_at_with_an_offset_is_normalised_to_utc() -> None:
    data = wire()
    data["occurred_at"] = "2025-03-30T14:30:00+01:00"

    event = parse_event(data)

    assert event.occurred_at == datetime(2025, 3, 30, 13, 30, tzinfo=UTC)
    assert event.occurred_at.tzinfo is UTC
    assert json.loads(event.to_bytes())["occurred_at"] == "2025-03-30T13:30:00Z"


def test_occurred_at_given_in_python_with_an_offset_is_stored_in_utc() -> None:
    london_summer = timezone(timedelta(hours=1))
    event = ReferralWithdrawn.model_validate(
        wire() | {"occurred_at": datetime(2025, 7, 1, 9, 0, tzinfo=london_summer)}
    )

    assert event.occurred_at.tzinfo is UTC
    assert event.occurred_at.hour == 8


def test_naive_occurred_at_is_rejected_on_the_wire() -> None:
    data = wire()
    data["occurred_at"] = "2025-03-30T14:30:00"

    with pytest.raises(InvalidMessage) as caught:
        parse_event(data)

    assert caught.value.where == "$.occurred_at"
    assert "timezone" in caught.value.reason


def test_naive_occurred_at_is_rejected_in_python() -> None:
    with pytest.raises(ValidationError):
        ReferralWithdrawn.model_validate(wire() | {"occurred_at": datetime(2025, 3, 30, 14, 30)})


def test_events_are_immutable() -> None:
    event = example(ReferralWithdrawn)

    with pytest.raises(ValidationError):
        event.aggregate_id = "other"  # type: ignore[misc]


def test_json_nested_deeper_than_any_contract_is_refused_before_it_is_parsed() -> None:
    """Found by probing: documents nested 10,000 deep were neither kept nor rejected (the
    parser's recursion failed)."""
    with pytest.raises(InvalidMessage, match="nested more than 64 levels"):
        decode_json(b"[" * 10_000 + b"]" * 10_000)
    with pytest.raises(InvalidMessage, match="nested more than 64 levels"):
        parse_event(b'{"event_type": "X", "payload": ' + b'{"a": ' * 5_000 + b"1}" * 5_000 + b"}")
    # Brackets inside strings are text, not nesting.
    assert nesting_depth(b'{"a": "[[[[{{{{", "b": ["\\"]]"]}') == 2
    assert decode_json(b'{"a": "' + b"[" * 500 + b'"}') == {"a": "[" * 500}


def test_names_with_control_characters_or_too_long_are_refused_saying_where() -> None:
    """Found by probing: names with NUL characters, and a 200 KB name, became referrals."""
    assert text_problems({"patient": {"given_name": "Amina\x00"}}) == [
        "$.patient.given_name: a control character (U+0000)"
    ]
    assert text_problems({"patient": {"family_name": "x" * 200_000}}) == [
        "$.patient.family_name: 200000 characters, at most 1000"
    ]
    assert (
        text_problems({"notes": "line one\nline two\tindented", "reasons": [{"text": "ok"}]}) == []
    )
