"""Repository of submissions as they arrived, kept so a rejected one can be corrected and
sent again."""

from __future__ import annotations

from pymongo import DESCENDING

from linkwork_runtime.repository import Repository

SUBMISSIONS = "submissions"


class Submissions(Repository):
    collection_name = SUBMISSIONS
    default_sort = (("received_at", DESCENDING),)  # newest first

    async def mark_resubmitted(self, submission_id: str, replaced_by: str) -> None:
        await self.set(submission_id, {"status": "resubmitted", "replaced_by": replaced_by})
