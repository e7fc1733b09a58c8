"""A journey reassigned: the directory's record follows it to the new link worker and team, so
they (and no longer the old link worker) may link it; its links still open follow it too, so the
new link worker sees them and hears the provider's answers."""

from __future__ import annotations

from datetime import UTC, datetime

from linkwork_directory.domain.journeys import reassigned_owner, reassigned_unseen_journey
from linkwork_directory.store import Journeys, Links
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.journey import JourneyReassigned


async def on_journey_reassigned(event: JourneyReassigned, tx: Transaction) -> None:
    p = event.payload
    owner = reassigned_owner(p)
    await Journeys(tx.db, tx.session).hand_over(p.journey_id, owner, reassigned_unseen_journey(p))
    links = Links(tx.db, tx.session)
    history = {
        "event": "journey_reassigned",
        "by": p.reassigned_by,
        "at": datetime.now(UTC),
        "from": p.reassigned_from,
        "to": p.link_worker_id,
    }
    for link in await links.open_for_journey(p.journey_id):
        await links.move(link["_id"], link["status"], owner, history)
