"""Who keeps recipients' contact details: ops everyone's; a manager their own team's staff
(and any practice's or provider's mailbox); a manager without a team claim no staff's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_notifications.domain.feed_access import OPS
from linkwork_runtime.caller import Caller, team_of


def may_keep(keeper: Caller, kind: str, team_id: str | None) -> bool:
    """Whether `keeper` may see and record the details of a `kind` recipient of `team_id`."""
    if keeper.has(OPS) or kind != "user":
        return True
    team = team_of(keeper)
    return team is not None and team_id == team


def may_rewrite(
    keeper: Caller, kind: str, kept: Mapping[str, Any] | None, team_id: str | None
) -> bool:
    """Whether `keeper` may replace a recipient's details with ones of team `team_id`: both
    the team the recipient is kept under now and the new one must be the keeper's."""
    now_in = kept.get("team_id") if kept is not None else team_id
    return may_keep(keeper, kind, now_in) and may_keep(keeper, kind, team_id)
