"""A link of a person (their journey) to a service: the provider answers, the person attends,
the link ends. Which step is allowed in which state, and who may see and take each step."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from linkwork_runtime.caller import LINK_WORKER, MANAGER, PROVIDER, caseload_scope
from linkwork_runtime.caller import Caller as Principal
from linkwork_runtime.refusals import Conflict, Unprocessable
from linkwork_schemas.directory import LinkEndedBy, ServiceLinkEndedPayload


class LinkStatus(StrEnum):
    PENDING = "pending"  # waiting for the provider's answer
    ACCEPTED = "accepted"  # the provider took the person on: a place is held
    ATTENDING = "attending"  # the person has attended at least once: the place is held
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer in time
    COMPLETED = "completed"  # attended to the end
    ENDED = "ended"  # stopped after acceptance (the person or the provider ended it)


HOLDS_PLACE = frozenset({LinkStatus.ACCEPTED, LinkStatus.ATTENDING})
OPEN = frozenset({LinkStatus.PENDING, *HOLDS_PLACE})  # waiting for an answer or holding a place
ALLOWED: dict[str, frozenset[LinkStatus]] = {
    "accept": frozenset({LinkStatus.PENDING}),
    "decline": frozenset({LinkStatus.PENDING}),
    "expire": frozenset({LinkStatus.PENDING}),
    "attend": HOLDS_PLACE,
    "end": HOLDS_PLACE,
}


class InvalidLinkStep(Conflict):
    """A step the link's state does not allow (someone may have got there first)."""


def ensure_allowed(step: str, status: str) -> None:
    allowed = ALLOWED[step]
    if status not in allowed:
        raise InvalidLinkStep(
            f"cannot {step} a link that is {status}; "
            f"{step} is allowed when it is {' or '.join(sorted(allowed))}"
        )


def event_fields(link: dict[str, Any]) -> dict[str, Any]:
    """The fields every link event carries."""
    return {k: link[k] for k in ("link_id", "journey_id", "service_id", "link_worker_id")}


def ended_early(link: dict[str, Any], reason: str, by: LinkEndedBy) -> ServiceLinkEndedPayload:
    """The facts of a link that held a place and ended before completion."""
    last = link.get("last_attended_on")
    return ServiceLinkEndedPayload(
        **event_fields(link),
        reason=reason,
        ended_by=by,
        organization_id=link["organization_id"],
        provider_email=link.get("provider_email"),
        attended_sessions=len(link.get("attendances", [])),
        last_attended_on=date.fromisoformat(last) if last else None,
    )


def link_scope(principal: Principal) -> dict[str, Any] | None:
    """The links a caller may see, as a field filter; None when they may see none: a link
    worker their caseload's and a manager their team's (the caseload rule: a manager whose
    token names no team sees none), a provider those to its organisation's services."""
    caseload = caseload_scope(principal)
    if caseload is not None:
        return caseload
    if principal.has(PROVIDER) and principal.organization_id:
        return {"organization_id": principal.organization_id}
    return None


def can_see(principal: Principal, link: dict[str, Any]) -> bool:
    scope = link_scope(principal)
    return scope is not None and all(link.get(k) == v for k, v in scope.items())


def can_answer(principal: Principal, link: dict[str, Any]) -> bool:
    """Accept or decline: only the provider that runs the service."""
    return principal.has(PROVIDER) and link.get("organization_id") == principal.organization_id


def can_record_attendance(principal: Principal, link: dict[str, Any]) -> bool:
    """The provider, the link worker who made the link, or their manager."""
    if can_answer(principal, link):
        return True
    if principal.has(LINK_WORKER) and link.get("link_worker_id") == principal.sub:
        return True
    return principal.has(MANAGER) and can_see(principal, link)


def party_of(principal: Principal) -> Literal["provider", "link_worker", "manager"]:
    """Who ended a link, as ServiceLinkEnded names them."""
    if principal.has(PROVIDER):
        return "provider"
    return "link_worker" if principal.has(LINK_WORKER) else "manager"


def attendance_day(day: date | None, today: date) -> date:
    """The day an attendance is recorded for: the one given (never a future one), else today."""
    if day is not None and day > today:
        raise Unprocessable("attendance cannot be recorded for a future day", where="attended_on")
    return day or today
