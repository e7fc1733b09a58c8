"""HTTP records of link workers: managers register them and change their details; link
workers and managers list the ones they may see, with their capacity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_referral.actions import link_workers
from linkwork_referral.actions.commands import LinkWorkerChanges, NewLinkWorker
from linkwork_referral.api.deps import (
    LINK_WORKERS,
    CaseWorker,
    Manager,
    OneLinkWorker,
    SettingsDep,
    StoreDep,
)
from linkwork_referral.queries.link_workers import (
    link_worker,
    link_worker_as_now,
    list_link_workers,
)
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import Conflict, NotFound

router = APIRouter(tags=["link workers"])


@router.post(
    "/link-workers",
    status_code=201,
    summary="Register a link worker",
    responses=refused(Conflict),
    dependencies=[confined(Refused.FORBIDDEN, manager=Party.TEAM)],  # the team is named
)
async def register(body: NewLinkWorker, who: Manager, rt: RuntimeDep, settings: SettingsDep) -> Any:
    written = await rt.uow.run(lambda tx: link_workers.register(tx, body, who, settings))
    return await link_worker_as_now(rt.store, body.link_worker_id, written)


@router.get(
    "/link-workers",
    summary="Link workers you may see, with their capacity",
    dependencies=[confined(Refused.LEFT_OUT, **LINK_WORKERS)],
)
async def list_workers(who: CaseWorker, store: StoreDep) -> dict[str, Any]:
    return await list_link_workers(store, who)


@router.get(
    "/link-workers/{link_worker_id}",
    summary="One link worker, with their capacity",
    responses=refused(NotFound),
    dependencies=[OneLinkWorker],
)
async def get_worker(link_worker_id: str, who: CaseWorker, store: StoreDep) -> dict[str, Any]:
    return await link_worker(store, who, link_worker_id)


@router.patch(
    "/link-workers/{link_worker_id}",
    summary="Change a link worker's details",
    responses=refused(NotFound),
    dependencies=[OneLinkWorker],
)
async def change(
    link_worker_id: str,
    body: LinkWorkerChanges,
    who: Manager,
    rt: RuntimeDep,
    settings: SettingsDep,
) -> Any:
    written = await rt.uow.run(
        lambda tx: link_workers.change(tx, link_worker_id, body, who, settings)
    )
    return await link_worker_as_now(rt.store, link_worker_id, written)
