"""MongoDB repositories of the notifications service, and the indexes they need."""

from pymongo import ASCENDING, DESCENDING, IndexModel

from linkwork_notifications.store.appointments import APPOINTMENTS, Appointments
from linkwork_notifications.store.cases import CASES, SERVICE_LINKS, Cases, ServiceLinks
from linkwork_notifications.store.deliveries import DELIVERIES, Deliveries
from linkwork_notifications.store.event_log import EVENT_LOG, EventLog
from linkwork_notifications.store.feed import FEED, Feed
from linkwork_notifications.store.inbox import IN_APP, Inbox
from linkwork_notifications.store.recipients import RECIPIENTS, Recipients

INDEXES = {
    EVENT_LOG: [
        IndexModel([("occurred_at", DESCENDING)]),
        IndexModel([("event_type", ASCENDING), ("occurred_at", DESCENDING)]),
        IndexModel([("correlation_id", ASCENDING)]),
    ],
    CASES: [IndexModel([("journey_id", ASCENDING)])],
    SERVICE_LINKS: [],
    APPOINTMENTS: [],
    RECIPIENTS: [IndexModel([("role", ASCENDING), ("team_id", ASCENDING)])],
    DELIVERIES: [
        # Exactly one notification per (event, recipient, channel), however often it arrives.
        IndexModel(
            [("source_event_id", ASCENDING), ("recipient_id", ASCENDING), ("channel", ASCENDING)],
            unique=True,
        ),
        IndexModel([("status", ASCENDING), ("not_before", ASCENDING)]),
        # A person's pending messages are withdrawn when their referral ends.
        IndexModel([("recipient_id", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("created_at", DESCENDING)]),
    ],
    IN_APP: [
        IndexModel([("recipient_id", ASCENDING), ("created_at", DESCENDING)]),
        IndexModel([("inbox_kind", ASCENDING), ("created_at", DESCENDING)]),
    ],
    FEED: [
        IndexModel([("seq", ASCENDING)], unique=True),
        IndexModel([("kind", ASCENDING), ("seq", ASCENDING)]),
    ],
}

__all__ = [
    "INDEXES",
    "Appointments",
    "Cases",
    "Deliveries",
    "EventLog",
    "Feed",
    "Inbox",
    "Recipients",
    "ServiceLinks",
]
