"""MongoDB repositories of the notifications service, the store listing them, and their indexes."""

from datetime import timedelta

from pymongo import ASCENDING, DESCENDING, IndexModel

from linkwork_notifications.store.appointments import APPOINTMENTS, Appointments
from linkwork_notifications.store.cases import CASES, SERVICE_LINKS, Cases, ServiceLinks
from linkwork_notifications.store.concerns import CONCERNS, Concerns
from linkwork_notifications.store.deliveries import DELIVERIES, Deliveries
from linkwork_notifications.store.event_log import EVENT_LOG, EventLog
from linkwork_notifications.store.feed import FEED, Feed
from linkwork_notifications.store.inbox import IN_APP, Inbox
from linkwork_notifications.store.recipients import RECIPIENTS, Recipients
from linkwork_runtime.mongo import IndexSpec
from linkwork_runtime.repository import Stores, repository
from linkwork_runtime.unit_of_work import Transaction

INDEXES = {
    EVENT_LOG: [
        IndexModel([("occurred_at", DESCENDING)]),
        IndexModel([("event_type", ASCENDING), ("occurred_at", DESCENDING)]),
        IndexModel([("correlation_id", ASCENDING)]),
    ],
    CASES: [IndexModel([("journey_id", ASCENDING)])],
    SERVICE_LINKS: [],
    APPOINTMENTS: [],
    RECIPIENTS: [
        IndexModel([("role", ASCENDING), ("team_id", ASCENDING)]),
        IndexModel([("team_id", ASCENDING), ("safeguarding_lead", ASCENDING)]),
    ],
    CONCERNS: [
        IndexModel([("status", ASCENDING), ("raised_at", ASCENDING)]),  # due for escalation
        IndexModel([("team_id", ASCENDING), ("raised_at", DESCENDING)]),
    ],
    DELIVERIES: [
        # Exactly one notification per (event, recipient, channel), however often it arrives.
        IndexModel(
            [("source_event_id", ASCENDING), ("recipient_id", ASCENDING), ("channel", ASCENDING)],
            unique=True,
        ),
        IndexModel([("status", ASCENDING), ("not_before", ASCENDING)]),
        IndexModel([("status", ASCENDING), ("lease_until", ASCENDING)]),  # a sender that died
        # A person's pending messages are withdrawn when their referral ends.
        IndexModel([("recipient_id", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("created_at", DESCENDING)]),
        IndexModel([("referral_id", ASCENDING)]),  # a subject access request
    ],
    IN_APP: [
        IndexModel([("recipient_id", ASCENDING), ("created_at", DESCENDING)]),
        IndexModel([("inbox_kind", ASCENDING), ("created_at", DESCENDING)]),
        IndexModel([("concern_id", ASCENDING)]),  # marked when their concern is acknowledged
        IndexModel([("referral_id", ASCENDING)]),  # a subject access request
    ],
    FEED: [
        IndexModel([("seq", ASCENDING)], unique=True),
        IndexModel([("kind", ASCENDING), ("seq", ASCENDING)]),
    ],
}


def indexes(feed_retention: timedelta) -> IndexSpec:
    """INDEXES, and the live feed's items removed by the database `feed_retention` after they
    were added (a TTL index): the feed is for catching up, not an archive of messages."""
    expiry = IndexModel(
        [("created_at", ASCENDING)], expireAfterSeconds=int(feed_retention.total_seconds())
    )
    return {**INDEXES, FEED: [*INDEXES[FEED], expiry]}


class Store(Stores):
    """The service's repositories, bound to a transaction inside one (`tx.store`)."""

    event_log = repository(EventLog)
    cases = repository(Cases)
    service_links = repository(ServiceLinks)
    appointments = repository(Appointments)
    recipients = repository(Recipients)
    deliveries = repository(Deliveries)
    inbox = repository(Inbox)
    feed = repository(Feed)
    concerns = repository(Concerns)


Tx = Transaction[Store]

__all__ = [
    "INDEXES",
    "Appointments",
    "Cases",
    "Concerns",
    "Deliveries",
    "EventLog",
    "Feed",
    "Inbox",
    "Recipients",
    "ServiceLinks",
    "Store",
    "Tx",
    "indexes",
]
