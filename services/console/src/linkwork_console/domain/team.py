"""A manager's team as the dashboard shows it: each link worker's caseload against their cap,
the waiting list (urgent first, then the longest waiting), first contacts past their
deadline (most overdue first), possible duplicates to review and referrals not yet assigned;
and one link worker's caseload as the manager sees it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from linkwork_console.domain.people import as_datetime, days_waited, full_name, long_date

# The referral statuses the dashboard lists, each read as one page of the referral service.
ASSIGNED = "assigned"
# The dashboard's lists of referrals, each read from the referral service in its own order.
WAITING, OVERDUE, DUPLICATES, UNASSIGNED = "waiting", "overdue", "duplicates", "unassigned"
# Where each stage of a referral on a caseload stands, in words.
STAGES = {"assigned": "Assigned", "accepted": "On a journey"}


@dataclass(frozen=True)
class WorkerLoad:
    """One link worker's caseload against their cap."""

    link_worker_id: str
    name: str
    open: int
    cap: int
    spare: int
    active: bool
    practices: tuple[str, ...] = ()

    @property
    def full(self) -> bool:
        return self.spare <= 0

    @property
    def over_by(self) -> int:
        return max(0, self.open - self.cap)

    @property
    def filled_percent(self) -> int:
        """How much of the bar is filled (a caseload over its cap fills it, no more)."""
        if self.cap <= 0:
            return 100 if self.open else 0
        return min(100, round(self.open * 100 / self.cap))

    @property
    def href(self) -> str:
        return f"/team/link-workers/{path_id(self.link_worker_id)}"

    @property
    def in_words(self) -> str:
        return f"{self.open} of {self.cap} places taken"


@dataclass(frozen=True)
class ReferralRow:
    """A referral on the dashboard or a caseload: who, how urgent, and where it stands."""

    referral_id: str
    name: str
    urgent: bool
    referrer: str
    received: str
    waited: str
    link_worker: str = ""
    due: str = ""
    overdue_by: str = ""
    stage: str = ""

    @property
    def href(self) -> str:
        return f"/referrals/{self.referral_id}"


@dataclass(frozen=True)
class Listed:
    """One list of the dashboard, and how many the service has (more than shown: cut short)."""

    rows: list[ReferralRow] = field(default_factory=list)
    total: int = 0

    @property
    def cut_short(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class Dashboard:
    workers: list[WorkerLoad] = field(default_factory=list)
    waiting: Listed = field(default_factory=Listed)
    overdue: Listed = field(default_factory=Listed)
    duplicates: Listed = field(default_factory=Listed)
    unassigned: Listed = field(default_factory=Listed)

    @property
    def active_workers(self) -> int:
        return sum(w.active for w in self.workers)

    @property
    def open(self) -> int:
        return sum(w.open for w in self.workers)

    @property
    def spare(self) -> int:
        """Places free to new referrals: active link workers' spare places."""
        return sum(max(0, w.spare) for w in self.workers if w.active)


def path_id(link_worker_id: str) -> str:
    """A link worker's id (a user id: it may hold any character) as one segment of a path."""
    return quote(link_worker_id, safe="")


def worker_load(worker: Mapping[str, Any]) -> WorkerLoad:
    cap = int(worker.get("caseload_cap", 0))
    open_ = int(worker.get("open_caseload", 0))
    return WorkerLoad(
        link_worker_id=str(worker["link_worker_id"]),
        name=str(worker.get("name") or worker["link_worker_id"]),
        open=open_,
        cap=cap,
        spare=int(worker.get("spare", cap - open_)),
        active=bool(worker.get("active", True)),
        practices=tuple(worker.get("practices") or ()),
    )


def waiting_for(since: Any, today: date) -> str:
    days = days_waited(since, today)
    if days <= 0:
        return "Less than a day"
    return "1 day" if days == 1 else f"{days} days"


def is_overdue(referral: Mapping[str, Any], now: datetime) -> bool:
    """Assigned, past its first-contact deadline, and nobody reached yet."""
    due = as_datetime(referral.get("first_contact_due"))
    return bool(due and due < now and not referral.get("first_contact_at"))


def row_of(
    referral: Mapping[str, Any], now: datetime, names: Mapping[str, str] | None = None
) -> ReferralRow:
    referrer = referral.get("referrer") or {}
    worker = referral.get("link_worker_id") or ""
    due = referral.get("first_contact_due")
    return ReferralRow(
        referral_id=str(referral["referral_id"]),
        name=full_name(referral.get("person")),
        urgent=referral.get("urgency") == "urgent",
        referrer=referrer.get("organisation_name") or referrer.get("ods_code") or "",
        received=long_date(referral.get("received_at")),
        waited=waiting_for(referral.get("received_at"), now.date()),
        link_worker=(names or {}).get(worker, worker),
        due=long_date(due),
        overdue_by=waiting_for(due, now.date()) if is_overdue(referral, now) else "",
        stage=STAGES.get(str(referral.get("status")), str(referral.get("status", ""))),
    )


def workers_of(items: Sequence[Mapping[str, Any]]) -> list[WorkerLoad]:
    """Active link workers first, then by name."""
    return sorted((worker_load(w) for w in items), key=lambda w: (not w.active, w.name))


def dashboard_of(
    workers: Sequence[Mapping[str, Any]],
    pages: Mapping[str, Mapping[str, Any]],
    now: datetime,
) -> Dashboard:
    """The link workers and one page of each list (WAITING, OVERDUE, DUPLICATES,
    UNASSIGNED), in the order the referral service gave them, for the page."""
    names = {str(w["link_worker_id"]): str(w.get("name") or w["link_worker_id"]) for w in workers}

    def items(status: str) -> list[Mapping[str, Any]]:
        return list((pages.get(status) or {}).get("items", []))

    def total(status: str) -> int:
        return int((pages.get(status) or {}).get("total", len(items(status))))

    def rows(referrals: Sequence[Mapping[str, Any]]) -> list[ReferralRow]:
        return [row_of(r, now, names) for r in referrals]

    def listed(name: str) -> Listed:
        return Listed(rows(items(name)), total(name))

    return Dashboard(
        workers=workers_of(workers),
        waiting=listed(WAITING),
        overdue=listed(OVERDUE),
        duplicates=listed(DUPLICATES),
        unassigned=listed(UNASSIGNED),
    )


def caseload_rows(answer: Mapping[str, Any], now: datetime) -> list[ReferralRow]:
    """A link worker's open referrals: overdue first contacts, then urgent, then the oldest."""
    open_ = answer.get("open", [])
    ordered = sorted(
        open_,
        key=lambda r: (
            not is_overdue(r, now),
            r.get("urgency") != "urgent",
            as_datetime(r.get("received_at")) or now,
        ),
    )
    return [row_of(r, now) for r in ordered]
