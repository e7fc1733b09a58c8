"""HTTP for links: a link worker links a journey of theirs (a manager: one of their team's) to
a service; the provider (organization_id claim) sees and answers only links to its own
services; attendance and ends are recorded. Links the caller may not see answer 404, so their
existence is not revealed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from linkwork_directory import link_outcomes, linking
from linkwork_directory.domain.links import LinkStatus, can_see, link_scope
from linkwork_directory.errors import NotFound, NotPermitted
from linkwork_directory.http_deps import (
    LinkParty,
    LinkWorker,
    Paging,
    Provider,
    RuntimeDep,
    SettingsDep,
)
from linkwork_directory.linking import LinkRequest
from linkwork_directory.store import Links
from linkwork_runtime.service import Runtime

router = APIRouter(tags=["links"])


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class Attendance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attended_on: date | None = Field(default=None, description="Default: today")
    completed: bool = Field(
        default=False, description="Finished: the link ends, the place is given back"
    )


def view(link: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in link.items() if k not in {"_id", "expired"}}


async def _refetch(rt: Runtime, link_id: str) -> dict[str, Any]:
    link = await Links(rt.db).get(link_id)
    return view(link or {"link_id": link_id})


@router.post("/links", status_code=201, summary="Link a person's journey to a service")
async def create(
    body: LinkRequest, who: LinkWorker, rt: RuntimeDep, settings: SettingsDep
) -> dict[str, Any]:
    link = await rt.uow.run(
        lambda tx: linking.link_person(tx, body, who, settings.link_expiry_days)
    )
    return view(link)


@router.get("/links", summary="Links you may see, newest first")
async def list_links(
    who: LinkParty,
    rt: RuntimeDep,
    paging: Paging,
    status: Annotated[LinkStatus | None, Query()] = None,
    journey_id: str | None = None,
    service_id: str | None = None,
) -> dict[str, Any]:
    scope = link_scope(who)
    if scope is None:
        raise NotPermitted("a provider token needs an organization_id claim")
    wanted = {"status": status, "journey_id": journey_id, "service_id": service_id}
    filters = {k: v for k, v in wanted.items() if v} | scope
    items, total = await Links(rt.db).page(
        filters, paging.skip, paging.per_page, sort=(("linked_at", -1),)
    )
    return {
        "total": total,
        "page": paging.page,
        "per_page": paging.per_page,
        "items": [view(i) for i in items],
    }


@router.get("/links/{link_id}", summary="One link with its history")
async def get_link(link_id: str, who: LinkParty, rt: RuntimeDep) -> dict[str, Any]:
    link = await Links(rt.db).get(link_id)
    if link is None or not can_see(who, link):
        raise NotFound(f"no link {link_id!r}")
    return view(link)


@router.post("/links/{link_id}/accept", summary="The provider takes the person on")
async def accept(link_id: str, who: Provider, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: linking.accept(tx, link_id, who))
    return await _refetch(rt, link_id)


@router.post("/links/{link_id}/decline", summary="The provider cannot take the person on")
async def decline(link_id: str, body: Reason, who: Provider, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: link_outcomes.decline(tx, link_id, who, body.reason))
    return await _refetch(rt, link_id)


@router.post("/links/{link_id}/attendance", summary="The person attended")
async def attend(link_id: str, body: Attendance, who: LinkParty, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(
        lambda tx: link_outcomes.record_attendance(
            tx, link_id, who, body.attended_on, body.completed
        )
    )
    return await _refetch(rt, link_id)


@router.post("/links/{link_id}/end", summary="End an accepted link before it completed")
async def end(link_id: str, body: Reason, who: LinkParty, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: link_outcomes.end(tx, link_id, who, body.reason))
    return await _refetch(rt, link_id)
