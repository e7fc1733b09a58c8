"""Repository of link workers and their open caseload."""

from __future__ import annotations

from linkwork_referral.domain.capacity import Candidate
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

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
        return [candidate(doc) for doc in await self.find({"practices": practice.upper()})]

    async def active(self) -> list[Candidate]:
        return [candidate(doc) for doc in await self.find({"active": True})]

    async def take_place(self, link_worker_id: str, places: int = 1) -> None:
        """Count a referral onto (or, with -1, off) a link worker's open caseload."""
        await self._collection.update_one(
            {"_id": link_worker_id}, {"$inc": {"open_caseload": places}}, session=self._session
        )
