"""HTTP reads of referrals: a list with filters, one with its full history, and a link
worker's caseload. Everyone sees only what their role allows (see domain/access.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_referral.api.deps import (
    REFERRALS,
    CaseWorker,
    OneLinkWorker,
    OneReferral,
    Reader,
    StoreDep,
)
from linkwork_referral.domain.listing import Order
from linkwork_referral.queries import caseload as caseloads
from linkwork_referral.queries import people, referrals
from linkwork_runtime.access import Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import Paging, QueryTime, RuntimeDep
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["referrals"])


@router.get(
    "/referrals",
    summary="Referrals you may see, newest first, with filters",
    dependencies=[confined(Refused.LEFT_OUT, **REFERRALS)],
)
async def list_referrals(
    who: Reader,
    rt: RuntimeDep,
    paging: Paging,
    status: str | None = None,
    link_worker: str | None = None,
    practice: Annotated[str | None, Query(description="ODS code of the referrer")] = None,
    received_from: QueryTime | None = None,
    received_to: QueryTime | None = None,
    overdue: Annotated[
        bool, Query(description="Only those whose first contact is overdue (assigned, none yet)")
    ] = False,
    order: Annotated[
        Order,
        Query(
            description="newest first (default); waiting: urgent, then longest waiting, "
            "first (the waiting list's order); due: nearest first-contact deadline first"
        ),
    ] = Order.NEWEST,
) -> dict[str, Any]:
    return await referrals.list_referrals(
        rt.store,
        who,
        paging,
        status=status,
        link_worker=link_worker,
        practice=practice,
        received_from=received_from,
        received_to=received_to,
        overdue_at=rt.uow.clock() if overdue else None,
        order=order,
    )


@router.get(
    "/people",
    summary="Find a person among the referrals you may see",
    dependencies=[confined(Refused.LEFT_OUT, **REFERRALS)],
)
async def find_people(
    who: Reader,
    store: StoreDep,
    paging: Paging,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="An NHS number, a birth date (1950-03-14 or 14/03/1950), words of "
            "a name (each the start of a given or family name, any order, any case or "
            "accents), or these together; none: everyone, most recently referred first",
        ),
    ] = None,
) -> dict[str, Any]:
    """One item per person (by NHS number, or name and birth date), with their open
    referral, its risk flags, and every referral of theirs you may see."""
    return await people.find_people(store, who, q, paging)


@router.get(
    "/referrals/{referral_id}",
    summary="One referral with its full history",
    responses=refused(NotFound),
    dependencies=[OneReferral],
)
async def get_referral(referral_id: str, who: Reader, store: StoreDep) -> dict[str, Any]:
    return await referrals.referral(store, who, referral_id)


@router.get(
    "/link-workers/{link_worker_id}/caseload",
    summary="A link worker's caseload",
    responses=refused(NotFound),
    dependencies=[OneLinkWorker],
)
async def caseload(link_worker_id: str, who: CaseWorker, store: StoreDep) -> dict[str, Any]:
    return await caseloads.caseload(store, who, link_worker_id)
