"""The states a referral moves through, and which actions each state allows."""

from __future__ import annotations

from enum import StrEnum

from linkwork_runtime.refusals import Conflict


class Status(StrEnum):
    RECEIVED = "received"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    AWAITING_CAPACITY = "awaiting_capacity"
    AWAITING_TRIAGE = "awaiting_triage"  # no practice or catchment routes it: a manager will
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


# Statuses in which the referral counts against its link worker's caseload.
ON_CASELOAD = frozenset({Status.ASSIGNED, Status.ACCEPTED})
ENDED = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.CLOSED})

ALLOWED: dict[str, frozenset[Status]] = {
    "assign": frozenset({Status.RECEIVED, Status.AWAITING_CAPACITY}),
    "reassign": frozenset({Status.ASSIGNED, Status.ACCEPTED, Status.AWAITING_CAPACITY}),
    "contact": frozenset({Status.ASSIGNED, Status.ACCEPTED}),
    "accept": frozenset({Status.ASSIGNED}),
    "decline": frozenset({Status.ASSIGNED, Status.AWAITING_CAPACITY, Status.RECEIVED}),
    "withdraw": frozenset(set(Status) - ENDED),
    "review_duplicate": frozenset({Status.POSSIBLE_DUPLICATE}),
    "close": frozenset({Status.ACCEPTED}),
    "route": frozenset({Status.AWAITING_TRIAGE}),
}


class InvalidTransition(Conflict):
    """409: the referral's state does not allow this step; the message says which would."""

    code = "invalid_transition"

    def __init__(self, action: str, status: str) -> None:
        allowed = ", ".join(sorted(ALLOWED[action]))
        super().__init__(
            f"cannot {action.replace('_', ' ')} a referral that is {status}; "
            f"allowed when it is: {allowed}"
        )


def allows(action: str, status: str) -> bool:
    return status in ALLOWED[action]


def ensure_allowed(action: str, status: str) -> None:
    if not allows(action, status):
        raise InvalidTransition(action, status)
