"""Link workers' caseload capacity, and picking who takes a new referral."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

PEOPLE_PER_YEAR_PER_FTE = 250  # NHS England's figure for a full-time link worker

# The name under which work that takes or gives back caseload places runs one at a time in
# a process (`UnitOfWork.run(serial=PLACES)`): concurrent intakes all choose the link worker
# with most spare places and would otherwise conflict on their count.
PLACES: Final = "caseload places"


def default_caseload_cap(fte: float, weeks_on_caseload: int = 12) -> int:
    """Open caseload a link worker can hold: 250 people a year per FTE, each on the caseload
    for `weeks_on_caseload` weeks on average (so 58 at a time for one FTE and 12 weeks)."""
    return max(1, round(PEOPLE_PER_YEAR_PER_FTE * fte * weeks_on_caseload / 52))


@dataclass(frozen=True)
class Candidate:
    link_worker_id: str
    caseload_cap: int
    open_caseload: int
    practices: frozenset[str]
    active: bool = True
    team_id: str | None = None

    @property
    def spare(self) -> int:
        return self.caseload_cap - self.open_caseload

    def serves(self, practice: str | None) -> bool:
        return self.active and practice is not None and practice.upper() in self.practices


def pick_link_worker(
    candidates: Iterable[Candidate], practice: str | None, *, any_practice: bool = False
) -> Candidate | None:
    """The eligible link worker (serving `practice`, or any active one with `any_practice`)
    with the most spare capacity relative to their cap.

    Ties go to the one with more places free, then to the smaller id, so the choice is
    stable whatever order the candidates come in.
    """
    eligible = [
        c for c in candidates if (c.active if any_practice else c.serves(practice)) and c.spare > 0
    ]
    if not eligible:
        return None
    return min(
        eligible,
        key=lambda c: (-c.spare / c.caseload_cap, -c.spare, c.link_worker_id),
    )


def team_for(candidates: Iterable[Candidate], practice: str | None) -> str | None:
    """The team that serves a practice (the first active worker's), for a waiting referral."""
    teams = sorted(c.team_id for c in candidates if c.serves(practice) and c.team_id)
    return teams[0] if teams else None
