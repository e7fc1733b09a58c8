"""The journey service's store: its repositories, their indexes, and its transaction type."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from linkwork_journey.store.follow_ups import FollowUps
from linkwork_journey.store.journeys import Journeys
from linkwork_journey.store.lone_visits import LoneVisits
from linkwork_journey.store.timeline import Timeline
from linkwork_runtime.repository import Stores, repository
from linkwork_runtime.unit_of_work import Transaction

INDEXES = {
    Timeline.collection_name: [
        IndexModel([("referral_id", ASCENDING), ("occurred_at", ASCENDING)])
    ],
    Journeys.collection_name: [
        # One journey per referral, whatever the broker redelivers.
        IndexModel([("referral_id", ASCENDING)], unique=True),
        IndexModel([("link_worker_id", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("team_id", ASCENDING), ("status", ASCENDING)]),
    ],
    FollowUps.collection_name: [IndexModel([("status", ASCENDING), ("due_at", ASCENDING)])],
    LoneVisits.collection_name: [IndexModel([("status", ASCENDING), ("due_at", ASCENDING)])],
}


class Store(Stores):
    timeline = repository(Timeline)
    journeys = repository(Journeys)
    follow_ups = repository(FollowUps)
    lone_visits = repository(LoneVisits)


Tx = Transaction[Store]
