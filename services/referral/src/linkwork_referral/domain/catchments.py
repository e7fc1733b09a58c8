"""Team catchments: the postcode areas (`LS`), districts (`LS6`) and sectors (`LS6 1`) a team
serves, and which team a postcode goes to. The most specific entry holding a postcode wins
(sector over district over area), so one team may keep `LS` and another `LS6`; the same entry
kept by two teams is refused (see `actions/catchments.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import IntEnum

from linkwork_referral.domain.validation import normalise_postcode
from linkwork_runtime.caller import Caller, team_of
from linkwork_runtime.refusals import NotPermitted, Unprocessable

MAX_ENTRIES = 500
_AREA = re.compile(r"^[A-Z]{1,2}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_SECTOR = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$")
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ([0-9])[A-Z]{2}$")


class Kind(IntEnum):
    """How specific an entry is: a higher value wins."""

    AREA = 1
    DISTRICT = 2
    SECTOR = 3


def ensure_own_team(who: Caller, team_id: str) -> None:
    """A manager reads and keeps only their own team's catchment."""
    if team_of(who) != team_id:
        raise NotPermitted(f"a manager keeps only their own team's catchment, not {team_id!r}")


def kind_of(entry: str) -> Kind | None:
    for kind, shape in ((Kind.SECTOR, _SECTOR), (Kind.DISTRICT, _DISTRICT), (Kind.AREA, _AREA)):
        if shape.match(entry):
            return kind
    return None


def normalise_entry(written: str) -> str:
    return " ".join(written.upper().split())


def parse_entries(written: Iterable[str]) -> list[str]:
    """A catchment as given: each entry upper-cased with single spaces, checked for shape,
    sorted, repeats dropped; Unprocessable naming the first entry that is none of the three
    shapes (a catchment is not personal data, so it may be echoed)."""
    entries: set[str] = set()
    for index, raw in enumerate(written):
        entry = normalise_entry(raw)
        if kind_of(entry) is None:
            raise Unprocessable(
                f"entries[{index}]: {raw!r} is not a postcode area (LS), district (LS6) or "
                "sector (LS6 1)",
                where=f"entries[{index}]",
            )
        entries.add(entry)
    if len(entries) > MAX_ENTRIES:
        raise Unprocessable(f"entries: at most {MAX_ENTRIES} in a catchment", where="entries")
    return sorted(entries)


def entries_holding(postcode: str | None) -> list[str]:
    """The sector, district and area a full UK postcode lies in, most specific first; none
    for a missing or partial postcode."""
    if not postcode:
        return []
    found = _FULL.match(normalise_postcode(postcode))
    if found is None:
        return []
    district, sector_digit = found.groups()
    area = re.match(r"^[A-Z]+", district)
    return [f"{district} {sector_digit}", district, *([area.group()] if area else [])]


def team_for_postcode(postcode: str | None, kept: Mapping[str, str]) -> str | None:
    """The team of the most specific entry holding `postcode`, from `kept` (entry -> team)."""
    for entry in entries_holding(postcode):
        if entry in kept:
            return kept[entry]
    return None
