"""A provider's work as its pages show it: the links to its services waiting for an answer
(with the days left before they expire), the people it took on and those attending, one link
with what the link worker wrote for it, and each service's places. Only what the directory
gives a provider: the need, the note, the dates; never who the person is beyond that."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.moments import long_datetime
from linkwork_console.domain.people import as_date, as_datetime, long_date

STATUS = {
    "pending": ("Waiting for your answer", "nhsuk-tag--yellow"),
    "accepted": ("Accepted", "nhsuk-tag--blue"),
    "attending": ("Attending", "nhsuk-tag--green"),
    "declined": ("Declined", "nhsuk-tag--grey"),
    "expired": ("Expired: not answered in time", "nhsuk-tag--grey"),
    "completed": ("Completed", "nhsuk-tag--green"),
    "ended": ("Ended", "nhsuk-tag--grey"),
}
HISTORY = {
    "ServiceLinked": "Referred to you",
    "accept": "Accepted",
    "decline": "Declined",
    "attend": "Attendance recorded",
    "end": "Ended",
    "expire": "Expired: not answered in time",
    "journey_closed": "Ended: the person's support has finished",
}
DONE = {
    "accepted": "Accepted: the link worker will be told",
    "declined": "Declined: the link worker will be told",
    "attended": "Attendance recorded",
    "completed": "Attendance recorded: they have completed it and their place is free again",
    "ended": "Ended: the link worker will be told and the place is free again",
    "capacity": "Places saved",
}
SOON_DAYS = 3  # a link this close to expiring is flagged, so it is answered first


@dataclass(frozen=True)
class LinkRow:
    """One link in the provider's inbox."""

    link_id: str
    service: str
    need: str
    note: str
    referred: str
    status: tuple[str, str]
    expires: str = ""
    time_left: str = ""
    expiring_soon: bool = False
    sessions: int = 0
    last_attended: str = ""

    @property
    def href(self) -> str:
        return f"/provider/links/{self.link_id}"


@dataclass(frozen=True)
class Inbox:
    pending: list[LinkRow] = field(default_factory=list)
    accepted: list[LinkRow] = field(default_factory=list)
    attending: list[LinkRow] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    at: str
    what: str


@dataclass(frozen=True)
class ServicePlaces:
    """One of the provider's services and its places for new people."""

    service_id: str
    name: str
    total: int | None
    in_use: int
    available: int | None
    full: bool
    withdrawn: bool

    @property
    def places(self) -> str:
        if self.total is None:
            return "Not counted"
        return f"{self.available} of {self.total} free"


def need_words(domain: str | None) -> str:
    """`physical_activity` as 'Physical activity'."""
    if not domain:
        return "Not said"
    words = str(domain).replace("_", " ")
    return words[:1].upper() + words[1:]


def time_left(expires_at: Any, now: datetime) -> str:
    """How long the provider has to answer: '5 days left', 'Expires today', 'Expired'."""
    expires = as_datetime(expires_at)
    if expires is None:
        return ""
    if expires <= now:
        return "Expired"
    days = (as_date(expires) or now.date()) - now.date()
    if days.days <= 0:
        return "Expires today"
    return "1 day left" if days.days == 1 else f"{days.days} days left"


def _expiring_soon(expires_at: Any, now: datetime) -> bool:
    expires = as_datetime(expires_at)
    return expires is not None and (expires - now).days < SOON_DAYS


def status_of(link: Mapping[str, Any]) -> tuple[str, str]:
    status = str(link.get("status", ""))
    return STATUS.get(status, (need_words(status), "nhsuk-tag--grey"))


def row_of(link: Mapping[str, Any], now: datetime) -> LinkRow:
    pending = link.get("status") == "pending"
    return LinkRow(
        link_id=str(link["link_id"]),
        service=str(link.get("service_name") or ""),
        need=need_words(link.get("need_domain")),
        note=str(link.get("note") or ""),
        referred=long_date(link.get("linked_at")),
        status=status_of(link),
        expires=long_datetime(link.get("expires_at")) if pending else "",
        time_left=time_left(link.get("expires_at"), now) if pending else "",
        expiring_soon=pending and _expiring_soon(link.get("expires_at"), now),
        sessions=len(link.get("attendances") or []),
        last_attended=long_date(link.get("last_attended_on")),
    )


def inbox_of(
    pending: Iterable[Mapping[str, Any]],
    accepted: Iterable[Mapping[str, Any]],
    attending: Iterable[Mapping[str, Any]],
    now: datetime,
) -> Inbox:
    """The open links by where they stand: those waiting for an answer soonest to expire first,
    the others newest first (as the directory lists them)."""
    waiting = sorted(pending, key=lambda link: str(link.get("expires_at") or ""))
    return Inbox(
        pending=[row_of(link, now) for link in waiting],
        accepted=[row_of(link, now) for link in accepted],
        attending=[row_of(link, now) for link in attending],
    )


def history_of(link: Mapping[str, Any]) -> list[Line]:
    """What happened to the link, oldest first, with any reason given."""
    lines = []
    for entry in link.get("history") or []:
        what = HISTORY.get(entry.get("event", ""), need_words(entry.get("event")))
        reason = entry.get("reason") or entry.get("end_reason")
        if entry.get("event") == "attend" and entry.get("last_attended_on"):
            what += f" for {long_date(entry['last_attended_on'])}"
        if reason:
            what += f": {reason}"
        lines.append(Line(long_datetime(entry.get("at")), what))
    return lines


def places_of(answer: Mapping[str, Any]) -> list[ServicePlaces]:
    """The organisation's services (the directory's page of them), withdrawn ones last."""
    services = [
        ServicePlaces(
            service_id=str(item["service_id"]),
            name=str(item.get("name") or ""),
            total=item.get("capacity_total"),
            in_use=int(item.get("places_in_use") or 0),
            available=item.get("capacity_available"),
            full=bool(item.get("full")),
            withdrawn=bool(item.get("withdrawn")),
        )
        for item in answer.get("items", [])
    ]
    return sorted(services, key=lambda s: s.withdrawn)


def capacity_total(typed: str) -> int | FieldError | None:
    """The places a service has for new people, as typed: empty means not counted."""
    text = typed.strip()
    if not text:
        return None
    if not text.isdigit():
        return FieldError("capacity_total", "Enter the number of places as a whole number, like 12")
    return int(text)


def attendance_day(day: str, month: str, year: str) -> date | FieldError | None:
    """The day they attended, from the three boxes: all empty means today."""
    parts = [day.strip(), month.strip(), year.strip()]
    if not any(parts):
        return None
    if not all(parts):
        return FieldError(
            "attended_on", "Enter the date they attended, including a day, month and year"
        )
    if not all(p.isdigit() for p in parts):
        return FieldError(
            "attended_on", "Enter the date they attended using numbers, like 3 12 2026"
        )
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return FieldError("attended_on", "Enter a real date")
