"""Sign-ins under way at the identity provider: what the provider's answer is checked
against (state, nonce, PKCE verifier) and where to go after; gone within minutes."""

from __future__ import annotations

from datetime import datetime

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

SIGN_INS = "sign_ins"


class SignIns(Repository):
    collection_name = SIGN_INS

    async def take(self, state: str, now: datetime) -> Document | None:
        """The sign-in `state` names, once: a second use of the same answer finds nothing."""
        return await self._collection.find_one_and_delete(
            {"_id": state, "expires_at": {"$gt": now}}, session=self._session
        )
