"""Routing referrals to a team and assigning them to its link workers by spare capacity:
by the registered practice when a link worker serves it, else by the person's postcode against
the teams' catchments, else to triage for a manager (`domain/routing.py`); queueing them when
the team has no capacity, and giving places back when a referral leaves a caseload."""

from __future__ import annotations

from dataclasses import replace

from linkwork_referral.domain.capacity import pick_link_worker, team_for
from linkwork_referral.domain.lifecycle import ON_CASELOAD, Status
from linkwork_referral.domain.routing import RoutedBy, pick_for, pick_in_team
from linkwork_referral.domain.working_days import add_working_days
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas.common import Urgency
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralAssignedPayload,
    ReferralAwaitingCapacity,
    ReferralAwaitingCapacityPayload,
    ReferralAwaitingTriage,
    ReferralAwaitingTriagePayload,
)


async def assign_or_queue(
    tx: Tx, referral: Document, settings: Settings, *, stored: bool = True
) -> bool:
    """Route the referral (practice, else catchment, else triage) and give it to the team's
    eligible link worker with most spare capacity, else queue it for the team.

    A referral not `stored` yet is changed in memory, for its caller to insert as it then is
    (one write instead of an insert and an update). Returns whether it was assigned.
    """
    practice = referral["referrer"].get("ods_code")
    candidates = await tx.store.link_workers.serving(practice)
    if any(c.serves(practice) for c in candidates):
        referral["routed_by"] = RoutedBy.PRACTICE
        chosen = pick_link_worker(candidates, practice)
        if chosen is None:
            if referral["status"] != Status.AWAITING_CAPACITY:
                await _queue(tx, referral, team_for(candidates, practice), stored)
            return False
        await assign_to(
            tx, referral, chosen.link_worker_id, chosen.team_id, "system", settings, stored=stored
        )
        return True
    team = await tx.store.catchments.team_for_postcode(referral["person"].get("postcode"))
    if team is None:
        await _await_triage(tx, referral, stored)
        return False
    return await route_to_team(tx, referral, team, RoutedBy.CATCHMENT, settings, stored=stored)


async def route_to_team(
    tx: Tx,
    referral: Document,
    team_id: str,
    routed_by: RoutedBy,
    settings: Settings,
    *,
    stored: bool = True,
    assigned_by: str = "system",
) -> bool:
    """Give the referral to the team's active link worker with most spare capacity, or queue
    it for the team; later capacity in the team takes it (`assign_waiting`)."""
    referral["routed_by"] = routed_by
    if stored:
        await tx.store.referrals.change(
            referral["_id"],
            {"routed_by": routed_by, "team_id": team_id},
            {"event": "Routed", "at": tx.now, "by": assigned_by, "team_id": team_id},
        )
    chosen = pick_in_team(await tx.store.link_workers.in_team(team_id), team_id)
    if chosen is None:
        await _queue(tx, referral, team_id, stored)
        return False
    await assign_to(
        tx, referral, chosen.link_worker_id, team_id, assigned_by, settings, stored=stored
    )
    return True


async def _await_triage(tx: Tx, referral: Document, stored: bool) -> None:
    await _change(
        tx,
        referral,
        {"status": Status.AWAITING_TRIAGE, "team_id": None, "routed_by": None},
        {"event": "ReferralAwaitingTriage", "at": tx.now},
        stored,
    )
    await tx.record(
        ReferralAwaitingTriage,
        aggregate_id=referral["_id"],
        payload=ReferralAwaitingTriagePayload(
            referral_id=referral["_id"],
            route=referral["route"],
            urgency=Urgency(referral["urgency"]),
            waiting_since=referral["received_at"],
        ),
    )


async def _change(
    tx: Tx, referral: Document, fields: Document, history: Document, stored: bool
) -> None:
    if stored:
        await tx.store.referrals.change(referral["_id"], fields, history)
    else:
        referral.update(fields)
        referral["history"] = [*referral.get("history", []), history]


async def assign_to(
    tx: Tx,
    referral: Document,
    link_worker_id: str,
    team_id: str | None,
    assigned_by: str,
    settings: Settings,
    *,
    stored: bool = True,
) -> None:
    due = add_working_days(tx.now, settings.contact_due_working_days)
    previous = referral.get("link_worker_id") if referral["status"] in ON_CASELOAD else None
    if previous:
        await tx.store.link_workers.take_place(previous, -1)
    status = Status.ACCEPTED if referral["status"] == Status.ACCEPTED else Status.ASSIGNED
    await _change(
        tx,
        referral,
        {
            "status": status,
            "link_worker_id": link_worker_id,
            "team_id": team_id,
            "assigned_at": tx.now,
            "first_contact_due": due,
            "overdue_raised": False,
        },
        {
            "event": "ReferralAssigned",
            "at": tx.now,
            "by": assigned_by,
            "link_worker_id": link_worker_id,
            "reassigned_from": previous,
        },
        stored,
    )
    await tx.store.link_workers.take_place(link_worker_id, 1)
    await tx.record(
        ReferralAssigned,
        aggregate_id=referral["_id"],
        payload=ReferralAssignedPayload(
            referral_id=referral["_id"],
            link_worker_id=link_worker_id,
            team_id=team_id,
            assigned_by=assigned_by,
            reassigned_from=previous,
            first_contact_due=due.date(),
        ),
    )


async def _queue(tx: Tx, referral: Document, team_id: str | None, stored: bool) -> None:
    await _change(
        tx,
        referral,
        {
            "status": Status.AWAITING_CAPACITY,
            "team_id": team_id,
            "routed_by": referral.get("routed_by"),
        },
        {"event": "ReferralAwaitingCapacity", "at": tx.now},
        stored,
    )
    await tx.record(
        ReferralAwaitingCapacity,
        aggregate_id=referral["_id"],
        payload=ReferralAwaitingCapacityPayload(
            referral_id=referral["_id"],
            practice_ods=referral["referrer"].get("ods_code"),
            team_id=team_id,
            urgency=Urgency(referral["urgency"]),
            waiting_since=referral["received_at"],
        ),
    )


async def release(tx: Tx, referral: Document) -> None:
    """The referral leaves its link worker's caseload: give the place back."""
    if referral["status"] in ON_CASELOAD and referral.get("link_worker_id"):
        await tx.store.link_workers.take_place(referral["link_worker_id"], -1)


async def assign_waiting(tx: Tx, settings: Settings, limit: int = 50) -> int:
    """Capacity freed up: assign waiting referrals, most urgent and oldest first, each within
    the practice or team it was routed by.

    Two reads whatever the queue's length: who has room, then the queue (only if anyone has).
    """
    with_room = [c for c in await tx.store.link_workers.active() if c.spare > 0]
    assigned = 0
    waiting = await tx.store.referrals.waiting(limit) if with_room else []
    for referral in waiting:
        chosen = pick_for(
            with_room,
            referral["referrer"].get("ods_code"),
            referral.get("routed_by"),
            referral.get("team_id"),
        )
        if chosen is None:
            continue
        await assign_to(tx, referral, chosen.link_worker_id, chosen.team_id, "system", settings)
        assigned += 1
        with_room.remove(chosen)
        if chosen.spare > 1:
            with_room.append(replace(chosen, open_caseload=chosen.open_caseload + 1))
        if not with_room:
            break
    return assigned
