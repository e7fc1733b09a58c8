"""Linkwork's wire contracts: envelope, event catalogue, topics, inbound GP submission.

Every service imports its contracts from here; none defines its own copy.
"""

from linkwork_schemas import directory, insights, journey, notification, referral, topics
from linkwork_schemas.catalogue import (
    EVENT_CLASSES,
    InvalidMessage,
    UnknownEventType,
    event_class,
    events_on,
    parse_event,
)
from linkwork_schemas.envelope import Event, Payload
from linkwork_schemas.gp_referral import ReferralSubmission

__all__ = [
    "EVENT_CLASSES",
    "Event",
    "InvalidMessage",
    "Payload",
    "ReferralSubmission",
    "UnknownEventType",
    "directory",
    "event_class",
    "events_on",
    "insights",
    "journey",
    "notification",
    "parse_event",
    "referral",
    "topics",
]
