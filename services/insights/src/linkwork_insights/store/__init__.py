"""The insights service's store: referral facts, links, unmet needs, published reports."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from linkwork_insights.store.published import Published
from linkwork_insights.store.referrals import Links, Referrals
from linkwork_insights.store.unmet_needs import UnmetNeeds
from linkwork_runtime.repository import Stores, repository
from linkwork_runtime.unit_of_work import Transaction

INDEXES = {
    Referrals.collection_name: [
        IndexModel([("journey_id", ASCENDING)]),
        IndexModel([("month", ASCENDING), ("practice", ASCENDING)]),
        IndexModel([("end_month", ASCENDING)]),
    ],
    Links.collection_name: [IndexModel([("month", ASCENDING)])],
    UnmetNeeds.collection_name: [IndexModel([("month", ASCENDING)])],
    Published.collection_name: [IndexModel([("owner", ASCENDING), ("published_at", ASCENDING)])],
}


class Store(Stores):
    referrals = repository(Referrals)
    links = repository(Links)
    unmet_needs = repository(UnmetNeeds)
    published = repository(Published)


Tx = Transaction[Store]
