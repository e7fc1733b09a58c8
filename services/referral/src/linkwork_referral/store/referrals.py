"""Repository of referrals: their state, their history and the queues read from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_referral.domain.lifecycle import ENDED, Status
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

REFERRALS = "referrals"


class Referrals(Repository):
    """Inside a transaction, intake's two questions (is this submission known; has this person
    an open referral) can be answered for a whole batch at once (`expect`), and new referrals
    are inserted together when the transaction's work is done (`add_new`); both answers
    count the referrals this transaction has added."""

    collection_name = REFERRALS
    default_sort = (("received_at", DESCENDING),)  # newest first

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ) -> None:
        super().__init__(db, session)
        self._by_source_key: dict[str, Document | None] = {}
        self._open_by_nhs_number: dict[str, Document | None] = {}

    async def expect(self, source_keys: Sequence[str], nhs_numbers: Sequence[str]) -> None:
        """Read at once what `by_source_key` and `open_for_nhs_number` will be asked about
        these submissions: two requests for a batch instead of two for each referral."""
        if self._session is None:
            return
        keys = sorted(set(source_keys) - self._by_source_key.keys())
        numbers = sorted(set(nhs_numbers) - self._open_by_nhs_number.keys())
        if keys:
            found = {d["source_key"]: d for d in await self.find({"source_key": {"$in": keys}})}
            self._by_source_key.update({key: found.get(key) for key in keys})
        if numbers:
            oldest: dict[str, Document] = {}
            for doc in await self.find(
                {"person.nhs_number": {"$in": numbers}, "status": {"$nin": sorted(ENDED)}},
                sort=[("received_at", ASCENDING)],
            ):
                oldest.setdefault(doc["person"]["nhs_number"], doc)
            self._open_by_nhs_number.update({n: oldest.get(n) for n in numbers})

    async def by_source_key(self, source_key: str) -> Document | None:
        for new in self._deferred:
            if new.get("source_key") == source_key:
                return new
        if source_key in self._by_source_key:
            return self._by_source_key[source_key]
        return await self.find_one({"source_key": source_key})

    async def open_for_nhs_number(self, nhs_number: str) -> Document | None:
        """The oldest open referral of the same person, if any."""
        if nhs_number in self._open_by_nhs_number:
            stored = self._open_by_nhs_number[nhs_number]
        else:
            found = await self.find(
                {"person.nhs_number": nhs_number, "status": {"$nin": sorted(ENDED)}},
                sort=[("received_at", ASCENDING)],
                limit=1,
            )
            stored = found[0] if found else None
        if stored is not None:
            return stored
        added = [
            new
            for new in self._deferred
            if new.get("person", {}).get("nhs_number") == nhs_number and new["status"] not in ENDED
        ]
        return added[0] if added else None

    async def add_new(self, referral: Document) -> None:
        """A new referral, inserted with the transaction's others when its work is done;
        `get`, `by_source_key` and `open_for_nhs_number` see it before that."""
        await self.add_at_commit(referral)

    async def get(self, id_: str) -> Document | None:
        for new in self._deferred:
            if new["_id"] == id_:
                return new
        return await super().get(id_)

    async def change(
        self, referral_id: str, fields: Mapping[str, Any], history: Mapping[str, Any]
    ) -> None:
        """Set fields and append one line to the referral's history."""
        for new in self._deferred:
            if new["_id"] == referral_id:  # not inserted yet: changed as it will be inserted
                new.update(fields)
                new["history"] = [*new.get("history", []), dict(history)]
                return
        self._by_source_key.clear()  # what was read ahead may no longer hold
        self._open_by_nhs_number.clear()
        await self._collection.update_one(
            {"_id": referral_id},
            {"$set": dict(fields), "$push": {"history": dict(history)}},
            session=self._session,
        )

    async def waiting(self, limit: int) -> list[Document]:
        """Referrals waiting for capacity: urgent first, then the oldest."""
        return await self.find(
            {"status": Status.AWAITING_CAPACITY},
            sort=[("urgency", DESCENDING), ("received_at", ASCENDING)],
            limit=limit,
        )

    async def awaiting_triage(self, skip: int, limit: int) -> tuple[list[Document], int]:
        """Referrals no practice or catchment routed: urgent first, then the oldest."""
        return await self.page(
            {"status": Status.AWAITING_TRIAGE},
            skip,
            limit,
            sort=[("urgency", DESCENDING), ("received_at", ASCENDING), ("_id", ASCENDING)],
        )

    async def set_name_keys(self, keys: Mapping[str, list[str]]) -> None:
        """Each referral's name keys (outside any transaction: a start-up back-fill)."""
        await self._collection.bulk_write(
            [UpdateOne({"_id": i}, {"$set": {"name_keys": k}}) for i, k in keys.items()],
            ordered=False,
            session=self._session,
        )

    async def contact_overdue(self, now: datetime, limit: int) -> list[Document]:
        """Assigned referrals past their first-contact deadline, not yet contacted or flagged."""
        return await self.find(
            {
                "status": Status.ASSIGNED,
                "overdue_raised": False,
                "first_contact_at": None,
                "first_contact_due": {"$lte": now},
            },
            sort=[("first_contact_due", ASCENDING)],
            limit=limit,
        )

    async def mark_overdue(self, referral_id: str) -> bool:
        """Flag the overdue once; False when another worker already did."""
        result = await self._collection.update_one(
            {"_id": referral_id, "overdue_raised": False},
            {"$set": {"overdue_raised": True}},
            session=self._session,
        )
        return result.modified_count == 1

    async def count_by_status(self, filters: Mapping[str, Any]) -> dict[str, int]:
        pipeline = [{"$match": dict(filters)}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}]
        cursor = await self._collection.aggregate(pipeline, session=self._session)
        return {row["_id"]: row["n"] async for row in cursor}
