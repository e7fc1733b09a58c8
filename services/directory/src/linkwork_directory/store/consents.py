"""Repository of the person's consent to share with providers, per referral, as the referral
service announces it on referral.events (ConsentRecorded, ConsentWithdrawn)."""

from __future__ import annotations

from collections.abc import Iterable

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

CONSENTS = "consents"


class Consents(Repository):
    collection_name = CONSENTS

    async def note(self, referral_id: str, held: Document | None) -> None:
        """`share_with_provider` as it now is: `{"expires_at"}`, or None once withdrawn."""
        await self._collection.update_one(
            {"_id": referral_id},
            {"$set": {"share_with_provider": held}},
            upsert=True,
            session=self._session,
        )

    async def to_share(self, referral_ids: Iterable[str]) -> dict[str, Document | None]:
        """Each referral's kept `share_with_provider`, in one read."""
        found = await self.get_many(referral_ids)
        return {rid: doc.get("share_with_provider") for rid, doc in found.items()}
