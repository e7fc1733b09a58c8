"""Who keeps recipients' contact details: ops everyone's; a manager with a team their own
team's staff (and any practice's or provider's mailbox); a manager without a team everyone's."""

from __future__ import annotations

from linkwork_notifications.domain.feed_access import OPS
from linkwork_runtime.caller import Caller


def may_keep(keeper: Caller, kind: str, team_id: str | None) -> bool:
    """Whether `keeper` may see and record the details of a `kind` recipient of `team_id`."""
    if keeper.has(OPS) or not keeper.team_id or kind != "user":
        return True
    return team_id == keeper.team_id
