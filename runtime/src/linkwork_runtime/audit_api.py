"""`/audit` in every service: who looked at or changed whose record, for the information
governance role (filter by referral, NHS number, user and period), and `/audit/verify`:
whether this service's chain of entries is intact, or the first entry altered or removed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from linkwork_runtime.access import unconfined
from linkwork_runtime.audit import AuditTrail, entry_view, search_filter
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import QueryTime, paging
from linkwork_runtime.mongo import page
from linkwork_runtime.paging import PageRequest, page_of

router = APIRouter(
    prefix="/audit",
    tags=["audit"],
    dependencies=[unconfined("the audit trail of every record of the service")],
)
Governance = Annotated[Principal, Depends(require_roles(Role.INFORMATION_GOVERNANCE))]
Checker = Annotated[Principal, Depends(require_roles(Role.INFORMATION_GOVERNANCE, Role.OPS))]
AuditPaging = Annotated[PageRequest, Depends(paging(default=100, maximum=1000))]


def _trail(request: Request) -> AuditTrail:
    trail: AuditTrail = request.app.state.audit
    return trail


@router.get("", summary="Who looked at or changed whose record (newest first)")
async def entries(
    request: Request,
    who: Governance,
    paged: AuditPaging,
    referral_id: Annotated[str | None, Query(description="Entries about this referral")] = None,
    nhs_number: Annotated[
        str | None, Query(description="Entries about this NHS number (matched by its hash)")
    ] = None,
    sub: Annotated[str | None, Query(description="Entries of this user")] = None,
    since: Annotated[QueryTime | None, Query(description="From this time (inclusive)")] = None,
    until: Annotated[QueryTime | None, Query(description="Before this time")] = None,
) -> dict[str, Any]:
    trail = _trail(request)
    filters = search_filter(
        trail.key, referral_id=referral_id, nhs_number=nhs_number, sub=sub, since=since, until=until
    )
    found, total = await page(
        trail.entries,
        filters,
        sort=[("at", -1), ("_id", -1)],
        skip=paged.skip,
        limit=paged.per_page,
    )
    return page_of((entry_view(e) for e in found), total, paged, service=trail.service)


@router.get("/verify", summary="Whether this service's audit chain is intact")
async def verify(request: Request, who: Checker) -> dict[str, Any]:
    trail = _trail(request)
    await trail.seal()  # what was written until now is in the chain that is checked
    return (await trail.verify()).as_document()
