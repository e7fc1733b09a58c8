"""Submissions as they arrived (the original document, its reasons if rejected), newest
first, for the people who correct and resend rejected ones (which, see domain/access.py)."""

from __future__ import annotations

import json
from typing import Any

from linkwork_referral.domain.access import submissions_readable_by
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.http import view
from linkwork_runtime.paging import PageRequest, page_of


async def list_submissions(
    store: Store, who: Caller, status: str | None, paging: PageRequest
) -> dict[str, Any]:
    filters = submissions_readable_by(who, status)
    items, total = await store.submissions.page(filters, paging.skip, paging.per_page)
    return page_of((shown(item) for item in items), total, paging)


def shown(document: dict[str, Any]) -> dict[str, Any]:
    """The submission with its original as the JSON it was (it is stored as text)."""
    submission = view(document, "submission_id")
    submission["original"] = json.loads(submission.pop("original"))
    return submission
