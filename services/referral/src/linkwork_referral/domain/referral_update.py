"""What a referrer's update changes on a referral: the parts a sender may change (urgency,
reasons, notes, the person), compared as stored, each change named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_referral.domain import people
from linkwork_schemas.gp_referral import ReferralSubmission


def changes(
    referral: Mapping[str, Any], submission: ReferralSubmission
) -> tuple[dict[str, Any], list[str]]:
    """The referral's fields to set, and the names of what changed (`person.<field>` for the
    person's); nothing when the update repeats what Linkwork holds."""
    now: dict[str, Any] = {
        "urgency": str(submission.urgency),
        "reasons": [reason.model_dump(mode="json") for reason in submission.reasons],
        "notes": submission.notes,
    }
    fields: dict[str, Any] = {
        key: value for key, value in now.items() if referral.get(key) != value
    }
    named = list(fields)
    person = submission.patient.model_dump(mode="json")
    before = referral.get("person", {})
    changed = sorted(k for k in {*person, *before} if person.get(k) != before.get(k))
    if changed:
        fields["person"] = person
        fields["name_keys"] = people.name_keys(person)
        named += [f"person.{key}" for key in changed]
    return fields, named
