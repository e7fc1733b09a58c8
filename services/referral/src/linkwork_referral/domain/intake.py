"""Turning a GP system's submission into a referral: identity, duplicates, the event payload,
the referral and the submission as stored, and which submissions may be sent again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from linkwork_referral.domain import people
from linkwork_runtime.refusals import Conflict
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import ReferralReceivedPayload, RejectionReason

InitialStatus = Literal["received", "possible_duplicate"]


class NotRejected(Conflict):
    """409: only a rejected submission can be corrected and sent again."""

    code = "not_rejected"


def source_key(submission: ReferralSubmission) -> str:
    """The identity a sending system gives a referral: one referral however often it is sent."""
    return f"{submission.source_system}:{submission.source_referral_id}"


def received(
    submission: ReferralSubmission,
    referral_id: str,
    now: datetime,
    possible_duplicate_of: str | None = None,
) -> ReferralReceivedPayload:
    return ReferralReceivedPayload(
        referral_id=referral_id,
        source_system=submission.source_system,
        source_referral_id=submission.source_referral_id,
        route=submission.route,
        urgency=submission.urgency,
        referrer=submission.referrer,
        person=submission.patient,
        reasons=submission.reasons,
        notes=submission.notes,
        received_at=now,
        possible_duplicate_of=possible_duplicate_of,
    )


def initial_status(possible_duplicate_of: str | None) -> InitialStatus:
    """A second referral of someone with an open case waits for the link worker to review it."""
    return "possible_duplicate" if possible_duplicate_of else "received"


def new_referral(
    payload: ReferralReceivedPayload,
    *,
    source_key: str,
    submission_id: str,
    earlier: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The referral as stored when it is received. A possible duplicate of the `earlier`
    open referral is shown to whoever has that one, for review."""
    status = initial_status(payload.possible_duplicate_of)
    now = payload.received_at
    return {
        "_id": payload.referral_id,
        "source_key": source_key,
        "submission_id": submission_id,
        "status": status,
        **payload.model_dump(mode="json", exclude={"referral_id", "received_at"}),
        "received_at": now,
        "history": [{"event": "ReferralReceived", "at": now, "status": status}],
        "name_keys": people.name_keys(payload.person.model_dump()),
        "first_contact_at": None,
        "contact_attempts": [],
        "link_worker_id": earlier.get("link_worker_id") if earlier else None,
        "team_id": earlier.get("team_id") if earlier else None,
    }


def submission_record(
    submission_id: str,
    original: Mapping[str, Any],
    *,
    format: str,
    channel: str,
    now: datetime,
    reasons: list[RejectionReason],
) -> dict[str, Any]:
    """A submission as it arrived, kept whatever became of it."""
    return {
        "_id": submission_id,
        # Kept as text: an arbitrary document may hold keys MongoDB will not store.
        "original": json.dumps(original),
        "format": format,
        "channel": channel,
        "received_at": now,
        "status": "rejected" if reasons else "accepted",
        "reasons": [reason.model_dump() for reason in reasons],
    }


def ensure_resubmittable(submission: Mapping[str, Any]) -> None:
    if submission["status"] != "rejected":
        raise NotRejected(f"submission is {submission['status']}")
