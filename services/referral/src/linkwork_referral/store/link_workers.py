"""Repository of link workers and their open caseload."""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument

from linkwork_referral.domain.capacity import Candidate
from linkwork_referral.store.referrals import Repository
from linkwork_runtime.mongo import Document

LINK_WORKERS = "link_workers"


def candidate(document: Document) -> Candidate:
    return Candidate(
        link_worker_id=document["_id"],
        caseload_cap=document["caseload_cap"],
        open_caseload=document["open_caseload"],
        practices=frozenset(document["practices"]),
        active=document["active"],
        team_id=document.get("team_id"),
    )


class LinkWorkers(Repository):
    collection_name = LINK_WORKERS

    async def serving(self, practice: str | None) -> list[Candidate]:
        if not practice:
            return []
        cursor = self._collection.find({"practices": practice.upper()}, session=self._session)
        return [candidate(doc) async for doc in cursor]

    async def active(self) -> list[Candidate]:
        cursor = self._collection.find({"active": True}, session=self._session)
        return [candidate(doc) async for doc in cursor]

    async def all(self, filters: dict[str, Any]) -> list[Document]:
        cursor = self._collection.find(filters, session=self._session)
        return await cursor.sort("_id", 1).to_list()

    async def update(self, link_worker_id: str, fields: dict[str, Any]) -> Document | None:
        return await self._collection.find_one_and_update(
            {"_id": link_worker_id},
            {"$set": fields},
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )

    async def take_place(self, link_worker_id: str, places: int = 1) -> None:
        """Count a referral onto (or, with -1, off) a link worker's open caseload."""
        await self._collection.update_one(
            {"_id": link_worker_id}, {"$inc": {"open_caseload": places}}, session=self._session
        )
