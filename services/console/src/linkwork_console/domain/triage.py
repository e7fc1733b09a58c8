"""Referrals awaiting triage as a manager's triage page shows them: when each came, by which
route, how urgent, the postcode district and the reasons; no name, birth date or contact
details (the manager reads the referral itself for those), and the route form for each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.people import long_date
from linkwork_console.domain.referral import status_of
from linkwork_console.domain.team import waiting_for

# Who referred, in words (the referral service's `route`).
ROUTES = {
    "gp": "GP practice",
    "other_health": "Other health service",
    "self": "Self-referral",
    "school": "School",
    "charity": "Charity",
    "local_authority": "Local authority",
    "other": "Other",
}
# The route form's fields, as the referral service names them.
FIELDS = ("team_id", "link_worker_id")


@dataclass(frozen=True)
class TriageRow:
    referral_id: str
    received: str
    waited: str
    route: str
    urgent: bool
    district: str
    reasons: list[str] = field(default_factory=list)

    @property
    def form_name(self) -> str:
        return f"route-{self.referral_id}"


@dataclass(frozen=True)
class Triage:
    rows: list[TriageRow]
    total: int

    @property
    def cut_short(self) -> bool:
        return self.total > len(self.rows)


def district_of(postcode: Any) -> str:
    """The outward code of a postcode (`LS6 1AA` -> `LS6`): where, without who."""
    text = " ".join(str(postcode or "").upper().split())
    if not text:
        return "Not given"
    return text.split(" ")[0] if " " in text else text[:-3] or text


def row_of(referral: Mapping[str, Any], now: datetime) -> TriageRow:
    person = referral.get("person") or {}
    return TriageRow(
        referral_id=str(referral["referral_id"]),
        received=long_date(referral.get("received_at")),
        waited=waiting_for(referral.get("received_at"), now.date()),
        route=ROUTES.get(str(referral.get("route")), str(referral.get("route") or "Not given")),
        urgent=referral.get("urgency") == "urgent",
        district=district_of(person.get("postcode")),
        reasons=[str(r.get("text", "")) for r in referral.get("reasons", []) if r.get("text")],
    )


def triage_of(answer: Mapping[str, Any], now: datetime) -> Triage:
    """The referral service's page of `/triage`, in its order (urgent, then longest waiting)."""
    items: Sequence[Mapping[str, Any]] = answer.get("items", [])
    return Triage([row_of(r, now) for r in items], int(answer.get("total", len(items))))


def routing(fields: Mapping[str, str], own_team: str | None) -> dict[str, str]:
    """The route request: the team typed (the manager's own when left empty) and the link
    worker chosen, if any (none: the team's with most spare capacity)."""
    body = {"team_id": fields.get("team_id", "").strip() or (own_team or "")}
    worker = fields.get("link_worker_id", "").strip()
    if worker:
        body["link_worker_id"] = worker
    return body


def refused_route(state: FormState, status: int, message: str) -> FormState:
    """A refusal the manager can act on: a referral no longer in triage (409) says so."""
    if status == 409:
        errors = [FieldError(None, f"This referral was not routed: {message}")]
        return FormState(values=state.values, errors=errors, name=state.name)
    return state


def routed_words(referral: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What became of a referral just routed, for the banner above the list."""
    status, _ = status_of(referral)
    worker = referral.get("link_worker_id")
    to = f"team {referral.get('team_id')}"
    if worker:
        return f"Referral routed to {to}: {status.lower()} to {names.get(worker, worker)}"
    return f"Referral routed to {to}: {status.lower()}"


def element_ids(state: FormState) -> dict[str, str]:
    """The error summary's link for each field of a route form (its page element)."""
    return {name: f"{state.name}-{name}" for name in FIELDS}
