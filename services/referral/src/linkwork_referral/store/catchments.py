"""Repository of team catchments: one document per entry (`_id` the entry, e.g. `LS6 1`,
with its `team_id`), so the unique `_id` itself refuses one entry kept by two teams, and the
team of a postcode is one read of its sector, district and area."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from linkwork_referral.domain.catchments import entries_holding, team_for_postcode
from linkwork_runtime.repository import Repository

CATCHMENTS = "catchments"


class Catchments(Repository):
    collection_name = CATCHMENTS

    async def of_team(self, team_id: str) -> list[str]:
        return [doc["_id"] for doc in await self.find({"team_id": team_id})]

    async def teams_of(self, entries: Iterable[str]) -> dict[str, str]:
        """Which team keeps each of these entries (those kept by none are left out)."""
        return {entry: doc["team_id"] for entry, doc in (await self.get_many(entries)).items()}

    async def team_for_postcode(self, postcode: str | None) -> str | None:
        """The team of the most specific entry holding the postcode; one read, none without
        a full postcode."""
        holding = entries_holding(postcode)
        return team_for_postcode(postcode, await self.teams_of(holding)) if holding else None

    async def replace(
        self, team_id: str, added: list[str], removed: list[str], at: datetime, by: str
    ) -> None:
        await self.remove(removed)
        if added:
            await self._collection.insert_many(
                [{"_id": e, "team_id": team_id, "set_at": at, "set_by": by} for e in added],
                session=self._session,
            )
