"""How a referral finds its team: by its registered practice when a link worker serves it,
else by the person's postcode against the teams' catchments, else triage by a manager. Kept
on the referral as `routed_by` so capacity freed later in the team takes it."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from linkwork_referral.domain.capacity import Candidate, pick_link_worker


class RoutedBy(StrEnum):
    PRACTICE = "practice"  # a link worker serves the referring practice (ODS code)
    CATCHMENT = "catchment"  # the person's postcode is in the team's catchment
    MANAGER = "manager"  # a manager routed it from triage


def pick_in_team(candidates: Iterable[Candidate], team_id: str) -> Candidate | None:
    """The team's active link worker with most spare capacity relative to their cap (the
    same choice and ties as by practice)."""
    in_team = [c for c in candidates if c.active and c.team_id == team_id]
    return pick_link_worker(in_team, practice=None, any_practice=True)


def pick_for(
    candidates: Iterable[Candidate], practice: str | None, routed_by: str | None, team: str | None
) -> Candidate | None:
    """Who takes a waiting referral: by its practice, or within the team it was routed to."""
    if routed_by in (RoutedBy.CATCHMENT, RoutedBy.MANAGER) and team:
        return pick_in_team(candidates, team)
    return pick_link_worker(candidates, practice)
