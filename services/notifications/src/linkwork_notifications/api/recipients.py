"""Recipients' contact details and channel preferences, kept by managers and ops.

Ids: a link worker's or manager's user id (their token's `sub`); `practice:<ODS code>` for a
practice's mailbox; `provider:<organisation id>` for a provider's. A manager with a team
keeps their own team's staff (and any practice or provider); ops keep everyone.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from linkwork_notifications.actions.recipients import RecipientDetails, keep
from linkwork_notifications.api.deps import Keeper, StoreDep
from linkwork_notifications.queries import recipients
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep, view
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["recipients"])
RecipientId = Annotated[
    str,
    Path(
        # ASCII, spelt out: Python's \w also matches letters such as é, JSON Schema's does not.
        pattern=r"^(practice:[A-Za-z0-9]{3,10}|provider:[A-Za-z0-9_.-]{1,100}|[A-Za-z0-9_.@-]{1,100})$",
        description="user id, practice:<ODS code> or provider:<organisation id>",
    ),
]


@router.put(
    "/recipients/{recipient_id}",
    summary="Record a recipient's details and preferences",
    dependencies=[confined(Refused.FORBIDDEN, manager=Party.TEAM)],  # an upsert: names its team
)
async def put_recipient(
    recipient_id: RecipientId, body: RecipientDetails, principal: Keeper, rt: RuntimeDep
) -> dict[str, Any]:
    kept = await rt.uow.run(lambda tx: keep(tx, recipient_id, body, principal))
    return view(kept, "recipient_id")


@router.get(
    "/recipients/{recipient_id}",
    summary="A recipient's details and preferences",
    responses=refused(NotFound),
    dependencies=[confined(Refused.NOT_FOUND, manager=Party.TEAM)],
)
async def get_recipient(
    recipient_id: RecipientId, principal: Keeper, store: StoreDep
) -> dict[str, Any]:
    return await recipients.recipient(store, principal, recipient_id)


@router.get(
    "/recipients",
    summary="Recipients you keep, by id",
    dependencies=[confined(Refused.LEFT_OUT, manager=Party.TEAM)],
)
async def list_recipients(
    principal: Keeper,
    store: StoreDep,
    team_id: str | None = None,
    role: Literal["link_worker", "manager"] | None = None,
    safeguarding_lead: Annotated[
        bool | None, Query(description="Only the team's safeguarding leads (false: the others)")
    ] = None,
) -> dict[str, Any]:
    return await recipients.kept_by(
        store, principal, team_id=team_id, role=role, safeguarding_lead=safeguarding_lead
    )
