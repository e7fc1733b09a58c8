"""Who may see and act on which referrals: a link worker their own caseload, a manager
their team's (none, without a team claim) and every referral waiting in triage (no team's
yet), a practice the referrals it made, an agency those it made (its organization_id);
information governance sees every team's and acts on none; and which submissions as they
arrived each reviewer may list."""

from __future__ import annotations

from typing import Any

from linkwork_referral.domain.lifecycle import Status, allows
from linkwork_runtime.caller import LINK_WORKER, MANAGER, PRACTICE, reads_every_case, team_of
from linkwork_runtime.caller import Caller as Principal
from linkwork_runtime.refusals import NotPermitted

OPS, INTEGRATION, AGENCY = "ops", "integration", "agency"


def referral_scope(principal: Principal) -> dict[str, Any] | None:
    """The referrals a principal may read, as a field filter; None when they may read none."""
    team = team_of(principal)
    if team:
        return {"team_id": team}
    if principal.has(LINK_WORKER):
        return {"link_worker_id": principal.sub}
    if principal.has(PRACTICE) and principal.ods_code:
        return {"referrer.ods_code": principal.ods_code}
    if principal.has(AGENCY) and (principal.organization_id or "").strip():
        return {"referrer.organization_id": principal.organization_id}
    return None


def readable_by(principal: Principal) -> dict[str, Any]:
    """The referrals a principal may list, as a field filter (information governance: every
    one); refused when they may list none."""
    if reads_every_case(principal):
        return {}
    scope = referral_scope(principal)
    if scope is None:
        raise NotPermitted(
            "reading referrals needs a manager's team_id claim, a link worker's caseload, a "
            "practice's ods_code claim or an agency's organization_id claim"
        )
    return scope


def can_see(principal: Principal, referral: dict[str, Any]) -> bool:
    return (
        reads_every_case(principal)
        or in_triage_for(principal, referral)
        or _in_scope(principal, referral)
    )


def _in_scope(principal: Principal, referral: dict[str, Any]) -> bool:
    """Whether the referral is within the principal's own party's (team, caseload, practice):
    what every step on one asks, never information governance's reading of all."""
    scope = referral_scope(principal)
    if scope is None:
        return False
    return all(_field(referral, key) == value for key, value in scope.items())


def can_work_on(principal: Principal, referral: dict[str, Any]) -> bool:
    """Record contacts, accept or decline: the assigned link worker or their manager."""
    if principal.has(MANAGER):
        return _in_scope(principal, referral)
    return principal.has(LINK_WORKER) and referral.get("link_worker_id") == principal.sub


def in_triage_for(principal: Principal, referral: dict[str, Any]) -> bool:
    """A referral in triage is no team's yet: every manager (of a team) may see and route it."""
    return team_of(principal) is not None and referral.get("status") == Status.AWAITING_TRIAGE


def can_route(principal: Principal, referral: dict[str, Any]) -> bool:
    """Route a referral from triage to a team: any manager of a team."""
    return in_triage_for(principal, referral)


def can_withdraw(principal: Principal, referral: dict[str, Any]) -> bool:
    return can_work_on(principal, referral) or (
        principal.has(PRACTICE) and _in_scope(principal, referral)
    )


def _field(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


# Submissions never routed to a team: rejected, or rejected and since corrected.
UNROUTED = ("rejected", "resubmitted")


def submissions_readable_by(reviewer: Principal, status: str | None) -> dict[str, Any]:
    """The submissions a reviewer may list, of `status` if given, as a field filter: ops and
    integration every one; a manager only those never routed to a team, which any team's
    manager may correct (an accepted one is its referral's team's, read as the referral)."""
    if reviewer.has(OPS) or reviewer.has(INTEGRATION):
        return {"status": status} if status else {}
    return {"status": {"$in": [kept for kept in UNROUTED if not status or kept == status]}}


def can_reassign(principal: Principal, referral: dict[str, Any]) -> bool:
    """Give the referral to another link worker: a manager of its team."""
    return principal.has(MANAGER) and _in_scope(principal, referral)


# Who may take each step (the state it must be in: domain/lifecycle.ALLOWED).
MAY_TAKE = {
    "contact": can_work_on,
    "accept": can_work_on,
    "decline": can_work_on,
    "review_duplicate": can_work_on,
    "reassign": can_reassign,
    "withdraw": can_withdraw,
    "route": can_route,
}


def allowed_actions(principal: Principal, referral: dict[str, Any]) -> list[str]:
    """The steps the principal may take on the referral now, so a UI offers only those."""
    status = referral.get("status", "")
    steps = MAY_TAKE.items()
    return [step for step, may in steps if allows(step, status) and may(principal, referral)]
