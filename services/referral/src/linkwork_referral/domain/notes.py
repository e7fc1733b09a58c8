"""Case notes on a referral, by the rules every service keeps notes by
(`linkwork_runtime.case_notes`); here only who reads them at all: those who work on the
referral and information governance, never the referring practice, which reads the referral
but not the team's notes."""

from __future__ import annotations

from typing import Any

from linkwork_referral.domain import access
from linkwork_runtime import case_notes
from linkwork_runtime.caller import Caller, reads_every_case


def readable(caller: Caller | None, referral: dict[str, Any]) -> list[dict[str, Any]]:
    """The referral's notes the caller may read, newest first: none for those who do not work
    on it (but information governance), nor without a caller; of the rest, the restricted ones
    only for those `reads_note` lets read them."""
    if caller is None:
        return []
    if not (access.can_work_on(caller, referral) or reads_every_case(caller)):
        return []
    return case_notes.readable(caller, referral.get("case_notes", []), referral.get("team_id"))
