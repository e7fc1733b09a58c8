"""Repository of link workers and their open caseload."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_referral.domain.capacity import Candidate
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository, Sort

LINK_WORKERS = "link_workers"


def candidate(document: Document, taken: int = 0) -> Candidate:
    return Candidate(
        link_worker_id=document["_id"],
        caseload_cap=document["caseload_cap"],
        open_caseload=document["open_caseload"] + taken,
        practices=frozenset(document["practices"]),
        active=document["active"],
        team_id=document.get("team_id"),
    )


class LinkWorkers(Repository):
    """Inside a transaction, places taken are counted in memory and written together when its
    work is done (or before any other read of link workers), and who serves a practice is
    read once: a batch of a hundred referrals for one practice costs one read and one write
    here, not two hundred requests. The referral service's work that takes places runs one
    at a time (`PLACES`); a second replica's would conflict and be retried."""

    collection_name = LINK_WORKERS

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ) -> None:
        super().__init__(db, session)
        self._serving: dict[str, list[Document]] = {}  # as read, without `_taken`
        self._in_team: dict[str, list[Document]] = {}  # the same, by team
        self._taken: Counter[str] = Counter()  # places not written yet

    async def serving(self, practice: str | None) -> list[Candidate]:
        if not practice:
            return []
        key = practice.upper()
        docs = self._serving.get(key)
        if docs is None:
            docs = await super().find({"practices": key})
            if self._session is not None:
                self._serving[key] = docs
        return [candidate(doc, self._taken[doc["_id"]]) for doc in docs]

    async def in_team(self, team_id: str) -> list[Candidate]:
        """The team's active link workers (read once in a transaction, like `serving`)."""
        docs = self._in_team.get(team_id)
        if docs is None:
            docs = await super().find({"team_id": team_id, "active": True})
            if self._session is not None:
                self._in_team[team_id] = docs
        return [candidate(doc, self._taken[doc["_id"]]) for doc in docs]

    async def active(self) -> list[Candidate]:
        return [candidate(doc) for doc in await self.find({"active": True})]

    async def take_place(self, link_worker_id: str, places: int = 1) -> None:
        """Count a referral onto (or, with -1, off) a link worker's open caseload."""
        if self._session is None:
            await self._collection.update_one(
                {"_id": link_worker_id}, {"$inc": {"open_caseload": places}}
            )
        else:
            self._taken[link_worker_id] += places

    async def flush(self) -> None:
        await self._write_places()
        await super().flush()

    async def _write_places(self) -> None:
        taken = {worker: n for worker, n in self._taken.items() if n}
        self._taken.clear()
        self._serving.clear()  # read before these were written
        self._in_team.clear()
        if taken:
            await self._collection.bulk_write(
                [UpdateOne({"_id": w}, {"$inc": {"open_caseload": n}}) for w, n in taken.items()],
                ordered=True,
                session=self._session,
            )

    # Every other read sees the places taken so far; every other write comes after them.
    async def add(self, document: Document) -> None:
        await self._write_places()
        await super().add(document)

    async def put(self, document: Document) -> None:
        await self._write_places()
        await super().put(document)

    async def set(self, id_: str, fields: Mapping[str, Any]) -> None:
        await self._write_places()
        await super().set(id_, fields)

    async def get(self, id_: str) -> Document | None:
        await self._write_places()
        return await super().get(id_)

    async def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        await self._write_places()
        return await super().get_many(ids)

    async def find_one(self, filters: Mapping[str, Any]) -> Document | None:
        await self._write_places()
        return await super().find_one(filters)

    async def find(
        self,
        filters: Mapping[str, Any],
        *,
        sort: Sort | None = None,
        skip: int = 0,
        limit: int = 0,
        projection: Mapping[str, Any] | None = None,
    ) -> list[Document]:
        await self._write_places()
        return await super().find(filters, sort=sort, skip=skip, limit=limit, projection=projection)

    async def page(
        self, filters: Mapping[str, Any], skip: int, limit: int, sort: Sort | None = None
    ) -> tuple[list[Document], int]:
        await self._write_places()
        return await super().page(filters, skip, limit, sort)

    async def count(self, filters: Mapping[str, Any]) -> int:
        await self._write_places()
        return await super().count(filters)
