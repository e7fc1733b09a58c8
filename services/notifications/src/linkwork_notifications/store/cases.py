"""Repositories of what routing needs to remember: each referral's link worker, team, journey
and the person's contact details (erased when the referral ends), and each service link's
service name. Built from the events; never read from another service's database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.person_contact import PersonContact, consents_holding
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

CASES = "cases"
SERVICE_LINKS = "service_links"


class Cases(Repository):
    collection_name = CASES

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ) -> None:
        super().__init__(db, session)
        # Inside a transaction, each case as this transaction last read or wrote it (None:
        # there is none): a batch's cases are read at once (`expect`), and a referral's
        # later events in it need no read.
        self._known: dict[str, Document | None] = {}

    async def expect(self, referral_ids: Iterable[str]) -> None:
        """Read the cases of a batch's referrals in one request, for `note` to use."""
        if self._session is None:
            return
        wanted = set(referral_ids) - self._known.keys()
        if wanted:
            found = await self.get_many(wanted)
            self._known.update({referral_id: found.get(referral_id) for referral_id in wanted})

    async def note(self, referral_id: str, **facts: Any) -> CaseView:
        """Record what an event says about a referral (None values say nothing); the case
        as it now is.

        An update, then a read by id the first time this transaction notes the referral: not
        a `findAndModify`, which SecantusDB matches by scanning the whole collection (each
        event would cost more as cases accumulate: 150 ms at 12,000)."""
        known = {key: value for key, value in facts.items() if value is not None}
        if "person" in known:
            known["person"] = asdict(known["person"])
        if known:
            await self._collection.update_one(
                {"_id": referral_id}, {"$set": known}, upsert=True, session=self._session
            )
        if referral_id in self._known:
            case = self._known[referral_id]
            if case is None and known:  # the upsert made it
                case = self._known[referral_id] = {"_id": referral_id}
            if case is not None:
                case.update(known)  # what `$set` did to its top-level fields
        else:
            case = await self.get(referral_id)
            if self._session is not None:
                self._known[referral_id] = case
        return _view(case, referral_id=referral_id)

    async def note_consent(self, referral_id: str, purpose: str, held: Document | None) -> CaseView:
        """The person's consent to `purpose` as it now is: `{"expires_at"}`, or None once
        withdrawn (kept, so the case is known to have consents by purpose from then on)."""
        await self._collection.update_one(
            {"_id": referral_id},
            {"$set": {f"consents.{purpose}": held}},
            upsert=True,
            session=self._session,
        )
        case = self._known.get(referral_id) if referral_id in self._known else None
        if case is None:
            case = await self.get(referral_id)
            if self._session is not None:
                self._known[referral_id] = case
        else:
            case.setdefault("consents", {})[purpose] = held
        return _view(case, referral_id=referral_id)

    async def forget_person(self, referral_id: str) -> None:
        """The referral has ended: its person's contact details are no longer needed."""
        await self._collection.update_one(
            {"_id": referral_id}, {"$unset": {"person": ""}}, session=self._session
        )
        case = self._known.get(referral_id)
        if case is not None:
            case.pop("person", None)

    async def by_referral(self, referral_id: str) -> CaseView:
        return _view(await self.get(referral_id), referral_id=referral_id)

    async def by_journey(self, journey_id: str) -> CaseView:
        return _view(await self.find_one({"journey_id": journey_id}), journey_id=journey_id)


class ServiceLinks(Repository):
    collection_name = SERVICE_LINKS

    async def note(self, link_id: str, journey_id: str, service_name: str) -> None:
        await self._collection.update_one(
            {"_id": link_id},
            {"$set": {"journey_id": journey_id, "service_name": service_name}},
            upsert=True,
            session=self._session,
        )

    async def service_name(self, link_id: str) -> str | None:
        doc = await self.get(link_id)
        return doc["service_name"] if doc else None


def _view(doc: Document | None, **known: str) -> CaseView:
    if doc is None:
        return CaseView(**known)  # type: ignore[arg-type]
    person = doc.get("person")
    return CaseView(
        referral_id=doc["_id"],
        journey_id=doc.get("journey_id"),
        link_worker_id=doc.get("link_worker_id"),
        team_id=doc.get("team_id"),
        person=PersonContact(**person) if person else None,
        consented=consents_holding(doc.get("consents"), datetime.now(UTC)),
    )
