"""Safeguarding concerns, for those who answer for them: a team's managers and its designated
safeguarding leads. The list of their team's concerns, and acknowledging one (once: the second
time is refused, saying by whom and when it was). Anyone else is told there is no such
concern."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from linkwork_notifications.actions import safeguarding
from linkwork_notifications.api.deps import FeedWritten, InboxPaging, StoreDep
from linkwork_notifications.domain.concerns import AlreadyAcknowledged, concern_view
from linkwork_notifications.queries import concerns
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["safeguarding concerns"])
# A lead may be a link worker or a manager; which team they lead is on their recipient record.
Answering = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
TEAMS = {"manager": Party.TEAM, "link_worker": Party.TEAM}


@router.get(
    "/safeguarding-concerns",
    summary="Your team's safeguarding concerns, newest first",
    dependencies=[confined(Refused.LEFT_OUT, **TEAMS)],
)
async def list_concerns(
    principal: Answering,
    store: StoreDep,
    paging: InboxPaging,
    status: Annotated[
        Literal["open", "acknowledged", "escalated"] | None,
        Query(description="open: nobody has acknowledged it; escalated: nor since escalation"),
    ] = None,
) -> dict[str, Any]:
    return await concerns.answered_by(store, principal, status, paging)


@router.post(
    "/safeguarding-concerns/{concern_id}/acknowledge",
    summary="Acknowledge a safeguarding concern (a lead or manager of its team)",
    responses=refused(NotFound, AlreadyAcknowledged),
    dependencies=[confined(Refused.NOT_FOUND, **TEAMS)],
)
async def acknowledge(
    concern_id: str, principal: Answering, rt: RuntimeDep, written: FeedWritten
) -> dict[str, Any]:
    done = await safeguarding.acknowledge_now(rt.uow, principal, concern_id)
    written.wake()
    return concern_view(done)
