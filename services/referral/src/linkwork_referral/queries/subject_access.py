"""What the referral service holds about one person, for a subject access request: every
referral of theirs with its history and case notes (restricted ones too: information
governance reads them), and each submission as it arrived."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkwork_referral.queries.referrals import shown
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.http import view
from linkwork_runtime.mongo import Document

OLDEST_FIRST = (("received_at", 1), ("_id", 1))


async def referrals_of(
    store: Store, nhs_number: str | None, referral_ids: Sequence[str]
) -> list[Document]:
    """The person's referrals: those with the NHS number, and those asked for by id with
    every other referral of the NHS number they carry (a referral without one is its own)."""
    named = list((await store.referrals.get_many(referral_ids)).values()) if referral_ids else []
    numbers = {nhs_number} | {(r.get("person") or {}).get("nhs_number") for r in named}
    numbers -= {None, ""}
    by_number = (
        await store.referrals.find(
            {"person.nhs_number": {"$in": sorted(n for n in numbers if n)}}, sort=OLDEST_FIRST
        )
        if numbers
        else []
    )
    found = {r["_id"]: r for r in [*by_number, *named]}
    return sorted(found.values(), key=lambda r: (str(r.get("received_at")), r["_id"]))


async def held_about(
    store: Store, who: Caller, nhs_number: str | None, referral_ids: Sequence[str]
) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    """The person's referral ids, and what is held: `referrals`, `submissions`."""
    referrals = await referrals_of(store, nhs_number, referral_ids)
    submission_ids = [r["submission_id"] for r in referrals if r.get("submission_id")]
    submissions = await store.submissions.get_many(submission_ids) if submission_ids else {}
    return [r["_id"] for r in referrals], {
        "referrals": [shown(r, who) for r in referrals],
        "submissions": [view(s, "submission_id") for s in submissions.values()],
    }
