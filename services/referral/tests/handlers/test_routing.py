"""Routing by catchment in the handler tier (real MongoDB, no broker): a referral no practice
routes goes to the team whose catchment holds the person's postcode most specifically, to its
link worker with most spare capacity; without capacity it waits for that team, and capacity
freed later in that team (not another's) takes it."""

from __future__ import annotations

from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_referral.actions import catchments, link_workers
from linkwork_referral.actions.commands import LinkWorkerChanges, NewLinkWorker
from linkwork_referral.app import definition
from linkwork_referral.settings import Settings
from linkwork_runtime.auth import Principal
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralAwaitingCapacity,
    ReferralReceived,
    TeamCatchmentChanged,
)

from .support import encoded, referral_from_practice

GP_REFERRALS = "gp-referrals"
UNSERVED = "Y99999"  # a practice no link worker serves


def manager_of(team: str) -> Principal:
    return Principal(sub=f"mgr-{team}", roles=frozenset({"manager"}), team_id=team)


async def register(tier: HandlerTier, settings: Settings, team: str, worker: str, cap: int) -> None:
    new = NewLinkWorker(link_worker_id=worker, name=worker, practices=["B86001"], caseload_cap=cap)
    await tier.run(lambda tx: link_workers.register(tx, new, manager_of(team), settings))


async def keep(tier: HandlerTier, team: str, *entries: str) -> None:
    await tier.run(lambda tx: catchments.set_catchment(tx, team, manager_of(team), [*entries]))


def living_at(seed: int, postcode: str) -> bytes:
    document = referral_from_practice(seed, postcode=postcode)
    document["referrer"]["ods_code"] = UNSERVED
    return encoded(document)


async def test_the_most_specific_catchment_wins_and_its_worker_with_most_room_takes_it(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings, "north", "lw-n1", cap=4)
        await register(tier, settings, "north", "lw-n2", cap=10)
        await register(tier, settings, "west", "lw-w1", cap=10)
        await keep(tier, "west", "LS")
        changed = await tier.run(
            lambda tx: catchments.set_catchment(
                tx, "north", manager_of("north"), ["ls6", "LS16 ", "LS6  1"]
            )
        )
        in_sector = await tier.consume(GP_REFERRALS, living_at(1, "ls61aa"))
        in_area = await tier.consume(GP_REFERRALS, living_at(2, "LS11 5AB"))

    (event,) = [e for e in changed.events if isinstance(e, TeamCatchmentChanged)]
    assert event.payload.entries == ["LS16", "LS6", "LS6 1"]
    assert in_sector.types() == ["ReferralReceived", "ConsentRecorded", "ReferralAssigned"]
    assert in_sector.only(ReferralAssigned).payload.link_worker_id == "lw-n2"
    assert in_sector.only(ReferralAssigned).payload.team_id == "north"
    assert in_area.only(ReferralAssigned).payload.link_worker_id == "lw-w1"


async def test_a_catchment_referral_waits_for_its_team_and_the_teams_capacity_takes_it(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings, "north", "lw-n1", cap=1)
        await register(tier, settings, "south", "lw-s1", cap=10)
        await keep(tier, "north", "LS6")
        await keep(tier, "south", "LS11")
        first = await tier.consume(GP_REFERRALS, living_at(3, "LS6 1AA"))
        second = await tier.consume(GP_REFERRALS, living_at(4, "LS6 2BB"))
        waiting_id = second.only(ReferralReceived).payload.referral_id
        south_freed = await tier.run(
            lambda tx: link_workers.change(
                tx, "lw-s1", LinkWorkerChanges(caseload_cap=20), manager_of("south"), settings
            )
        )
        north_freed = await tier.run(
            lambda tx: link_workers.change(
                tx, "lw-n1", LinkWorkerChanges(caseload_cap=2), manager_of("north"), settings
            )
        )
        waiting = await tier.store.referrals.get(waiting_id)

    assert first.only(ReferralAssigned).payload.link_worker_id == "lw-n1"
    queued = second.only(ReferralAwaitingCapacity)
    assert queued.payload.team_id == "north"
    assert south_freed.types() == []  # room in another team does not take it
    assert north_freed.only(ReferralAssigned).payload.referral_id == waiting_id
    assert waiting is not None and waiting["status"] == "assigned"
    assert waiting["link_worker_id"] == "lw-n1"
