"""The referral service's store: its repositories, reached through the transaction
(`tx.store.referrals`) or the app's store for reads, and the indexes they need."""

from pymongo import ASCENDING, DESCENDING, IndexModel

from linkwork_referral.store.catchments import CATCHMENTS, Catchments
from linkwork_referral.store.link_workers import LINK_WORKERS, LinkWorkers
from linkwork_referral.store.referrals import REFERRALS, Referrals
from linkwork_referral.store.submissions import SUBMISSIONS, Submissions
from linkwork_runtime.repository import Stores, repository
from linkwork_runtime.unit_of_work import Transaction

INDEXES = {
    REFERRALS: [
        IndexModel([("source_key", ASCENDING)], unique=True),
        IndexModel([("status", ASCENDING), ("received_at", DESCENDING)]),
        IndexModel([("person.nhs_number", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("name_keys", ASCENDING)]),  # name search: a prefix of any name word
        IndexModel([("person.birth_date", ASCENDING)]),
        IndexModel([("link_worker_id", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("team_id", ASCENDING), ("received_at", DESCENDING)]),
        IndexModel([("referrer.ods_code", ASCENDING), ("received_at", DESCENDING)]),
        IndexModel([("referrer.organization_id", ASCENDING), ("received_at", DESCENDING)]),
        # The waiting queue: most urgent, then oldest, first.
        IndexModel([("status", ASCENDING), ("urgency", DESCENDING), ("received_at", ASCENDING)]),
        IndexModel(
            [("status", ASCENDING), ("overdue_raised", ASCENDING), ("first_contact_due", ASCENDING)]
        ),
    ],
    SUBMISSIONS: [IndexModel([("status", ASCENDING), ("received_at", DESCENDING)])],
    LINK_WORKERS: [IndexModel([("team_id", ASCENDING)]), IndexModel([("practices", ASCENDING)])],
    CATCHMENTS: [IndexModel([("team_id", ASCENDING)])],
}


class Store(Stores):
    referrals = repository(Referrals)
    submissions = repository(Submissions)
    link_workers = repository(LinkWorkers)
    catchments = repository(Catchments)


Tx = Transaction[Store]

__all__ = ["INDEXES", "Catchments", "LinkWorkers", "Referrals", "Store", "Submissions", "Tx"]
