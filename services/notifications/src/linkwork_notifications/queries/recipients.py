"""Recipients' details as their keepers see them: one by id, or all a keeper keeps."""

from __future__ import annotations

from typing import Any

from linkwork_notifications.domain.keepers import may_keep
from linkwork_notifications.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.http import view
from linkwork_runtime.refusals import NotFound


async def recipient(store: Store, keeper: Caller, recipient_id: str) -> dict[str, Any]:
    """The recipient's details; NotFound also when `keeper` does not keep them."""
    doc = await store.recipients.get(recipient_id)
    if doc is None or not may_keep(keeper, doc["kind"], doc.get("team_id")):
        raise NotFound("no such recipient")
    return view(doc, "recipient_id")


async def kept_by(
    store: Store,
    keeper: Caller,
    *,
    team_id: str | None = None,
    role: str | None = None,
    safeguarding_lead: bool | None = None,
) -> dict[str, Any]:
    """Every recipient `keeper` keeps, of the team and role if given (and leads or not), by id."""
    filters: dict[str, Any] = {k: v for k, v in {"team_id": team_id, "role": role}.items() if v}
    if safeguarding_lead is not None:
        filters["safeguarding_lead"] = True if safeguarding_lead else {"$ne": True}
    docs = await store.recipients.find(filters)
    kept = [view(d, "recipient_id") for d in docs if may_keep(keeper, d["kind"], d.get("team_id"))]
    return {"total": len(kept), "items": kept}
