"""Subject access (UK GDPR article 15): each service's `GET /subject-access`, answering for
its own data about one person, for information governance only. A service's part names the
records asked about, who asked, what it holds section by section (with a count of each) and
its audit trail's accesses to those records; `subject_access_export` assembles the parts.

The route is audited as a read like any other, with the asked referral ids and NHS number
(as its keyed hash) recorded even when nothing is found: the export itself is an access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from linkwork_runtime import audit
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.audit import AuditTrail, entry_view, keyed_hash
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Unprocessable

ROUTE = "/subject-access"
SUMMARY = "Everything this service holds about one person (a subject access request)"
# Information governance answers for any person, whichever team's: no other role is admitted.
EVERY_PERSON = confined(Refused.FORBIDDEN, information_governance=Party.EVERY)
Governance = Annotated[Principal, Depends(require_roles(Role.INFORMATION_GOVERNANCE))]
ReferralIds = Annotated[
    list[str],
    Query(
        alias="referral_id",
        default_factory=list,
        max_length=200,
        description="The person's referral ids (repeat for several), as the referral "
        "service's part lists them",
    ),
]
NhsNumberAsked = Annotated[
    str | None,
    Query(max_length=20, description="The person's NHS number (spaces or dashes allowed)"),
]
Holdings = Mapping[str, Sequence[Mapping[str, Any]]]
MOST_ACCESSES = 10_000


def nhs_number_of(asked: str | None) -> str | None:
    """An NHS number as asked, as 10 digits; a request the caller can fix otherwise (the
    number is not repeated: it is personal data)."""
    if asked is None or not asked.strip():
        return None
    compact = asked.replace(" ", "").replace("-", "")
    if not (len(compact) == 10 and compact.isascii() and compact.isdigit()):
        raise Unprocessable("the NHS number is not 10 digits", where="nhs_number")
    return compact


async def part(
    request: Request,
    who: Principal,
    holdings: Holdings,
    *,
    referral_ids: Iterable[str],
    nhs_number: str | None = None,
) -> dict[str, Any]:
    """This service's part of a subject access export: `holdings` (its sections), and the
    accesses its audit trail recorded to those referrals or that NHS number."""
    ids = sorted(set(referral_ids))
    for referral_id in ids:
        audit.about(referral_id=referral_id)
    if nhs_number:
        audit.about(nhs_number=nhs_number)
    trail: AuditTrail = request.app.state.audit
    sections = {**holdings, "accesses": await accesses(trail, ids, nhs_number)}
    return {
        "service": trail.service,
        "referral_ids": ids,
        "asked_by": {"sub": who.sub, "roles": sorted(who.roles)},
        "holds": {name: len(items) for name, items in sections.items()},
        "sections": sections,
    }


async def accesses(
    trail: AuditTrail, referral_ids: Sequence[str], nhs_number: str | None
) -> list[dict[str, Any]]:
    """Who looked at or changed these records in this service, oldest first (one read)."""
    about: list[Document] = []
    if referral_ids:
        about.append({"referral_ids": {"$in": list(referral_ids)}})
    if nhs_number:
        about.append({"nhs_number_hashes": keyed_hash(trail.key, nhs_number)})
    if not about:
        return []
    found = (
        await trail.entries.find({"$or": about})
        .sort([("at", 1), ("_id", 1)])
        .to_list(MOST_ACCESSES)
    )
    return [entry_view(entry) for entry in found]
