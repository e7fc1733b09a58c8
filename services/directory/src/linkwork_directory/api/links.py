"""HTTP for links: a link worker links a journey of theirs (a manager: one of their team's) to
a service; the provider (organization_id claim) sees and answers only links to its own
services; attendance and ends are recorded. Links the caller may not see answer 404, so their
existence is not revealed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from linkwork_directory.actions import link_outcomes, links
from linkwork_directory.actions.links import LinkRequest
from linkwork_directory.api.deps import (
    LINKS,
    LinkParty,
    LinkWorker,
    OneLink,
    Paging,
    Provider,
    SettingsDep,
    StoreDep,
)
from linkwork_directory.domain.links import LinkStatus
from linkwork_directory.queries.links import link_now, link_seen_by, links_page
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import Conflict, NotFound

router = APIRouter(tags=["links"])
# A step on a link the caller may not see is 404; one its state does not allow, 409.
STEP_REFUSED = refused(NotFound, Conflict)


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class Attendance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attended_on: date | None = Field(default=None, description="Default: today")
    completed: bool = Field(
        default=False, description="Finished: the link ends, the place is given back"
    )


@router.post(
    "/links",
    status_code=201,
    summary="Link a person's journey to a service",
    responses=refused(Conflict),
    # The journey is named in the body: one the caller does not work on is refused, saying so.
    dependencies=[confined(Refused.FORBIDDEN, link_worker=Party.CASELOAD, manager=Party.TEAM)],
)
async def create(
    body: LinkRequest, who: LinkWorker, rt: RuntimeDep, settings: SettingsDep
) -> dict[str, Any]:
    link = await rt.uow.run(lambda tx: links.link_person(tx, body, who, settings))
    # Tells the link worker whether the provider has the person's details or they must
    # make the introduction themselves.
    return await link_now(rt.store, link["_id"])


@router.get(
    "/links",
    summary="Links you may see, newest first",
    dependencies=[confined(Refused.LEFT_OUT, **LINKS)],
)
async def list_links(
    who: LinkParty,
    store: StoreDep,
    paging: Paging,
    status: Annotated[LinkStatus | None, Query()] = None,
    journey_id: str | None = None,
    service_id: str | None = None,
) -> dict[str, Any]:
    return await links_page(
        store, who, paging, status=status, journey_id=journey_id, service_id=service_id
    )


@router.get(
    "/links/{link_id}",
    summary="One link with its history",
    responses=refused(NotFound),
    dependencies=[OneLink],
)
async def get_link(link_id: str, who: LinkParty, store: StoreDep) -> dict[str, Any]:
    return await link_seen_by(store, who, link_id)


@router.post(
    "/links/{link_id}/accept",
    summary="The provider takes the person on",
    responses=STEP_REFUSED,
    dependencies=[OneLink],
)
async def accept(link_id: str, who: Provider, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: links.accept(tx, link_id, who))
    return await link_now(rt.store, link_id)


@router.post(
    "/links/{link_id}/decline",
    summary="The provider cannot take the person on",
    responses=STEP_REFUSED,
    dependencies=[OneLink],
)
async def decline(link_id: str, body: Reason, who: Provider, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: link_outcomes.decline(tx, link_id, who, body.reason))
    return await link_now(rt.store, link_id)


@router.post(
    "/links/{link_id}/attendance",
    summary="The person attended",
    responses=STEP_REFUSED,
    dependencies=[OneLink],
)
async def attend(link_id: str, body: Attendance, who: LinkParty, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(
        lambda tx: link_outcomes.record_attendance(
            tx, link_id, who, body.attended_on, body.completed
        )
    )
    return await link_now(rt.store, link_id)


@router.post(
    "/links/{link_id}/end",
    summary="End an accepted link before it completed",
    responses=STEP_REFUSED,
    dependencies=[OneLink],
)
async def end(link_id: str, body: Reason, who: LinkParty, rt: RuntimeDep) -> dict[str, Any]:
    await rt.uow.run(lambda tx: link_outcomes.end(tx, link_id, who, body.reason))
    return await link_now(rt.store, link_id)
