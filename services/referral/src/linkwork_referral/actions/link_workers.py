"""Managers register link workers and change their details; capacity that registration or a
change frees takes waiting referrals in the same transaction."""

from __future__ import annotations

from functools import partial

from linkwork_referral.actions import assignment
from linkwork_referral.actions.commands import LinkWorkerChanges, NewLinkWorker
from linkwork_referral.domain import link_workers
from linkwork_referral.domain.link_workers import LinkWorkerExists
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import permitted


async def register(tx: Tx, new: NewLinkWorker, who: Caller, settings: Settings) -> Document:
    document = link_workers.registered(
        new.link_worker_id,
        new.model_dump(exclude={"link_worker_id"}),
        by=who,
        now=tx.now,
        weeks_per_person=settings.caseload_weeks_per_person,
    )
    if await tx.store.link_workers.get(new.link_worker_id):
        raise LinkWorkerExists(new.link_worker_id)
    await tx.store.link_workers.add(document)
    await assignment.assign_waiting(tx, settings)
    return document


async def change(
    tx: Tx, link_worker_id: str, changes: LinkWorkerChanges, who: Caller, settings: Settings
) -> Document:
    sees = partial(link_workers.may_see, who)
    current = permitted(
        await tx.store.link_workers.get(link_worker_id),
        "link worker",
        link_worker_id,
        sees=sees,
        may=sees,
        who=who.sub,
    )
    asked = changes.model_dump(exclude_unset=True)
    if "team_id" in asked:
        link_workers.ensure_own_team(who, asked["team_id"])
    fields = link_workers.changed(asked, settings.caseload_weeks_per_person)
    await tx.store.link_workers.set(link_worker_id, fields)
    await assignment.assign_waiting(tx, settings)  # more capacity may take waiting ones
    return {**current, **fields}
