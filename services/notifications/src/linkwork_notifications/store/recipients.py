"""Repository of recipients' contact details and channel preferences: link workers and
managers (by user id), practices (`practice:<ODS code>`), providers (`provider:<org id>`)."""

from __future__ import annotations

from linkwork_notifications.domain.notification import Channel, Recipient
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

RECIPIENTS = "recipients"


class Recipients(Repository):
    """By id; putting, reading and finding (in id order) are the base repository's."""

    collection_name = RECIPIENTS

    async def recipient(self, recipient_id: str, fallback_email: str | None = None) -> Recipient:
        """The recipient with what is on record; an address the event carried fills a gap."""
        doc = await self.get(recipient_id)
        return as_recipient(doc, recipient_id, fallback_email)

    async def managers_of(self, team_id: str) -> list[Recipient]:
        docs = await self.find({"role": "manager", "team_id": team_id})
        return [as_recipient(doc, doc["_id"]) for doc in docs]

    async def leads_of(self, team_id: str) -> list[Recipient]:
        """The team's designated safeguarding leads, each by their own inbox."""
        docs = await self.find({"team_id": team_id, "safeguarding_lead": True})
        return [as_recipient(doc, doc["_id"]) for doc in docs]

    async def every_lead(self) -> list[Recipient]:
        """Every team's safeguarding leads, each by their own inbox."""
        docs = await self.find({"safeguarding_lead": True})
        return [as_recipient(doc, doc["_id"]) for doc in docs if doc.get("team_id")]

    async def every_manager(self) -> list[Recipient]:
        """Every team's managers on record, each by their own inbox."""
        docs = await self.find({"role": "manager"})
        return [as_recipient(doc, doc["_id"]) for doc in docs if doc.get("team_id")]


def as_recipient(
    doc: Document | None, recipient_id: str, fallback_email: str | None = None
) -> Recipient:
    if doc is None:
        return Recipient(recipient_id, email=fallback_email)
    return Recipient(
        recipient_id,
        email=doc.get("email") or fallback_email,
        phone=doc.get("phone"),
        accepts=frozenset(Channel(c) for c in doc.get("channels", list(Channel))),
    )
