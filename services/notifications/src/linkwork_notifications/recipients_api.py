"""Recipients' contact details and channel preferences, kept by managers and ops.

Ids: a link worker's or manager's user id (their token's `sub`); `practice:<ODS code>` for a
practice's mailbox; `provider:<organisation id>` for a provider's. A manager with a team
keeps their own team's staff (and any practice or provider); ops keep everyone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from linkwork_notifications.domain.feed_items import inbox_kind
from linkwork_notifications.domain.notification import STAFF_CHANNELS, Channel
from linkwork_notifications.http_deps import RuntimeDep
from linkwork_notifications.store import Recipients
from linkwork_runtime.auth import Principal, Role, require_roles

router = APIRouter(tags=["recipients"])
Keeper = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.OPS))]
RecipientId = Annotated[
    str,
    Path(
        pattern=r"^(practice:[A-Za-z0-9]{3,10}|provider:[\w.-]{1,100}|[\w.@-]{1,100})$",
        description="user id, practice:<ODS code> or provider:<organisation id>",
    ),
]


class RecipientDetails(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ]{6,19}$")
    role: Literal["link_worker", "manager"] | None = Field(
        default=None, description="Staff only: a manager hears of their team's referrals"
    )
    team_id: str | None = Field(default=None, description="Staff only: their team")
    channels: list[Channel] = Field(
        default=list(STAFF_CHANNELS), description="Channels the recipient accepts"
    )


def _may_keep(principal: Principal, kind: str, team_id: str | None) -> bool:
    if principal.has(Role.OPS) or not principal.team_id or kind != "user":
        return True
    return team_id == principal.team_id


def _view(doc: dict[str, Any]) -> dict[str, Any]:
    return {"recipient_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}


@router.put("/recipients/{recipient_id}", summary="Record a recipient's details and preferences")
async def put_recipient(
    recipient_id: RecipientId, body: RecipientDetails, principal: Keeper, runtime: RuntimeDep
) -> dict[str, Any]:
    kind = inbox_kind(recipient_id)
    if kind != "user" and (body.role or body.team_id):
        raise HTTPException(
            422,
            {"error": "unprocessable", "message": "role and team_id are for staff, not " + kind},
        )
    if not _may_keep(principal, kind, body.team_id):
        raise HTTPException(
            403,
            {"error": "forbidden", "message": f"you keep the details of team {principal.team_id}"},
        )
    details = body.model_dump(mode="json") | {
        "kind": kind,
        "updated_by": principal.sub,
        "updated_at": datetime.now(UTC),
    }
    return _view(await Recipients(runtime.db).put(recipient_id, details))


@router.get("/recipients/{recipient_id}", summary="A recipient's details and preferences")
async def get_recipient(
    recipient_id: RecipientId, principal: Keeper, runtime: RuntimeDep
) -> dict[str, Any]:
    doc = await Recipients(runtime.db).get(recipient_id)
    if doc is None or not _may_keep(principal, doc["kind"], doc.get("team_id")):
        raise HTTPException(404, {"error": "not_found", "message": "no such recipient"})
    return _view(doc)


@router.get("/recipients", summary="Recipients you keep, by id")
async def list_recipients(
    principal: Keeper,
    runtime: RuntimeDep,
    team_id: str | None = None,
    role: Literal["link_worker", "manager"] | None = None,
) -> dict[str, Any]:
    filters = {k: v for k, v in {"team_id": team_id, "role": role}.items() if v}
    docs = await Recipients(runtime.db).find(filters)
    kept = [_view(d) for d in docs if _may_keep(principal, d["kind"], d.get("team_id"))]
    return {"total": len(kept), "items": kept}
