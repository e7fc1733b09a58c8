"""Referrals with their history, as each caller may see them (see domain/access.py)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from linkwork_referral.domain import access, consents, listing, notes, risk_flags
from linkwork_referral.domain.listing import Order
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller, team_of
from linkwork_runtime.http import view
from linkwork_runtime.paging import PageRequest, page_of
from linkwork_runtime.refusals import NotPermitted, permitted
from linkwork_runtime.unit_of_work import utc_now


async def list_referrals(
    store: Store,
    who: Caller,
    paging: PageRequest,
    *,
    status: str | None = None,
    link_worker: str | None = None,
    practice: str | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    overdue_at: datetime | None = None,
    order: Order = Order.NEWEST,
) -> dict[str, Any]:
    """In `order`, within what the caller may read, narrowed by the filters given (with
    `overdue_at`, to those whose first contact was due before then and has not happened)."""
    wanted = {"status": status, "link_worker_id": link_worker, "referrer.ods_code": practice}
    filters: dict[str, Any] = {k: v for k, v in wanted.items() if v} | access.readable_by(who)
    window = {k: v for k, v in (("$gte", received_from), ("$lt", received_to)) if v}
    if window:
        filters["received_at"] = window
    if overdue_at is not None:
        filters |= listing.overdue_at(overdue_at)
    items, total = await store.referrals.page(
        filters, paging.skip, paging.per_page, sort=order.sort
    )
    return page_of((shown(item, who) for item in items), total, paging)


async def referral(store: Store, who: Caller, referral_id: str) -> dict[str, Any]:
    """One referral with its full history and the steps the caller may take on it now
    (`allowed_actions`); 404 when the caller may not see it."""
    sees = partial(access.can_see, who)
    found = permitted(
        await store.referrals.get(referral_id),
        "referral",
        referral_id,
        sees=sees,
        may=sees,
        who=who.sub,
    )
    return shown(found, who) | {"allowed_actions": access.allowed_actions(who, found)}


async def awaiting_triage(store: Store, who: Caller, paging: PageRequest) -> dict[str, Any]:
    """Every referral in triage (no team's yet), for a manager of any team to route."""
    if team_of(who) is None:
        raise NotPermitted("triage is for managers of a team: the token names no team_id")
    items, total = await store.referrals.awaiting_triage(paging.skip, paging.per_page)
    return page_of((shown(item, who) for item in items), total, paging)


async def referral_as_now(store: Store, referral_id: str) -> dict[str, Any]:
    """The referral as a step left it (read after its transaction committed)."""
    return shown(await store.referrals.get(referral_id) or {"_id": referral_id})


def shown(document: dict[str, Any], who: Caller | None = None) -> dict[str, Any]:
    """The referral as the API shows it: its id, its journey's active risk flags, the rest,
    with the person's consents that hold now and only the case notes `who` may read (`notes`
    is the referrer's text)."""
    viewed = risk_flags.first(view(document, "referral_id"))
    viewed["consents"] = consents.current(document.get("consents", {}), utc_now())
    if "case_notes" in viewed:
        viewed["case_notes"] = notes.readable(who, document)
    return viewed
