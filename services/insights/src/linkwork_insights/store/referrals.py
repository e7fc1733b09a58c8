"""Each referral's anonymous facts, one document per referral. A batch of events reads the
documents it touches once (`load`), folds its events into them in memory and writes each
changed one once, when the transaction's work is done (`flush`): one read and one write per
batch, whatever the batch holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import ReplaceOne

from linkwork_insights.domain.facts import Facts, new_facts
from linkwork_runtime.repository import Repository


class Batched(Repository):
    """A collection whose documents a batch reads once and writes once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache: dict[str, Facts] = {}
        self._changed: set[str] = set()

    def _remember(self, documents: Iterable[Facts], wanted: Iterable[str] = ()) -> None:
        """Keep what was read; what was wanted and not found is new (no second read)."""
        for id_ in wanted:
            self._cache.setdefault(id_, self.fresh(id_))
        for document in documents:
            self._cache[document["_id"]] = document

    async def facts_of(self, id_: str) -> Facts:
        if id_ not in self._cache:
            found = await self.get(id_)
            self._cache[id_] = found if found is not None else self.fresh(id_)
        return self._cache[id_]

    def fresh(self, id_: str) -> Facts:
        return {"_id": id_}

    def keep(self, facts: Facts) -> None:
        self._cache[facts["_id"]] = facts
        self._changed.add(facts["_id"])

    async def flush(self) -> None:
        changed, self._changed = sorted(self._changed), set()
        if changed:
            writes = [ReplaceOne({"_id": i}, self._cache[i], upsert=True) for i in changed]
            await self._collection.bulk_write(writes, ordered=False, session=self._session)
        await super().flush()

    async def matching(self, filters: Mapping[str, Any]) -> list[Facts]:
        return await self.find(filters)


class Referrals(Batched):
    collection_name = "referrals"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._journeys: dict[str, str | None] = {}  # None: read, and no referral has it

    def fresh(self, id_: str) -> Facts:
        return new_facts(id_)

    async def load(self, referral_ids: Iterable[str], journey_ids: Iterable[str]) -> None:
        """The batch's referrals, named by id or by their journey's, in one read."""
        wanted = sorted(set(referral_ids) - set(self._cache))
        journeys = sorted(set(journey_ids) - set(self._journeys))
        if not wanted and not journeys:
            return
        found = await self.find(
            {"$or": [{"_id": {"$in": wanted}}, {"journey_id": {"$in": journeys}}]}
        )
        self._remember(found, wanted)
        self._journeys.update(dict.fromkeys(journeys))
        for facts in found:
            if facts.get("journey_id"):
                self._journeys[facts["journey_id"]] = facts["_id"]

    def keep(self, facts: Facts) -> None:
        super().keep(facts)
        if facts.get("journey_id"):
            self._journeys[facts["journey_id"]] = facts["_id"]

    async def of_journey(self, journey_id: str) -> str | None:
        if journey_id not in self._journeys:
            found = await self.find_one({"journey_id": journey_id})
            if found is not None:
                self._remember([found])
            self._journeys[journey_id] = found["_id"] if found else None
        return self._journeys[journey_id]


class Links(Batched):
    collection_name = "links"

    async def load(self, link_ids: Iterable[str]) -> None:
        wanted = sorted(set(link_ids) - set(self._cache))
        if wanted:
            self._remember(await self.find({"_id": {"$in": wanted}}), wanted)
