"""Finding support for a person and the services they are linked to: the search form (need,
postcode, day, age) read into the directory's search, each result as a link worker weighs
it (how far, when it is open, whether a place is free, how its provider answers), and each
link of the journey with where it stands and the provider's answer, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.journey import NEED_DOMAINS, need_words
from linkwork_console.domain.journey_forms import Fields
from linkwork_console.domain.people import long_date

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
METRES_A_MILE = 1609.344
PER_PAGE = 25
LINK_STATUS = {
    "pending": ("Waiting for an answer", "nhsuk-tag--yellow"),
    "accepted": ("Accepted", "nhsuk-tag--green"),
    "attending": ("Attending", "nhsuk-tag--green"),
    "completed": ("Completed", "nhsuk-tag--blue"),
    "declined": ("Declined", "nhsuk-tag--red"),
    "ended": ("Ended", "nhsuk-tag--grey"),
    "expired": ("Expired: no answer", "nhsuk-tag--orange"),
}


@dataclass(frozen=True)
class Search:
    """What the link worker searches for; `params` go to the directory's `GET /search`."""

    need: str = ""
    postcode: str = ""
    day: str = ""
    age: str = ""
    text: str = ""

    @property
    def criteria(self) -> dict[str, Any]:
        """The search as the directory takes it (also an unmet need's `from_search`)."""
        asked = {
            "need": self.need,
            "postcode": self.postcode,
            "day": self.day,
            "age": int(self.age) if self.age.isdigit() else None,
            "text": self.text,
        }
        return {k: v for k, v in asked.items() if v not in (None, "")}

    @property
    def params(self) -> dict[str, Any]:
        return {**self.criteria, "per_page": PER_PAGE}

    def as_fields(self) -> dict[str, str]:
        """The search again, as the hidden fields of a form on its results."""
        return {
            "need": self.need,
            "postcode": self.postcode,
            "day": self.day,
            "age": self.age,
            "text": self.text,
        }


def search_from(fields: Fields) -> tuple[Search, list[FieldError]]:
    """The search as typed, and what is wrong with it (a need or day it does not know is
    left out rather than refused: they come from lists)."""
    age = fields.get("age")
    errors = []
    if age and (not age.isdigit() or int(age) > 120):
        errors.append(FieldError("age", "Enter their age in whole years, like 70"))
    search = Search(
        need=fields.get("need") if fields.get("need") in NEED_DOMAINS else "",
        postcode=fields.get("postcode").upper(),
        day=fields.get("day") if fields.get("day") in DAYS else "",
        age=age,
        text=fields.get("text"),
    )
    return search, errors


def distance_words(metres: Any) -> str:
    if metres is None:
        return ""
    miles = float(metres) / METRES_A_MILE
    if miles < 0.1:
        return "less than 0.1 miles away"
    return f"{miles:.1f} miles away"


def clock(value: str | None) -> str:
    """09:30:00 as 9:30am, 13:00 as 1pm."""
    if not value:
        return ""
    hour, minute = (int(part) for part in value.split(":")[:2])
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if minute == 0 else f"{shown}:{minute:02d}{suffix}"


def schedule_words(schedule: Mapping[str, Any]) -> str:
    """TU,TH 09:30-16:30 as "Tuesdays and Thursdays, 9:30am to 4:30pm"."""
    days = [DAYS[d] + "s" for d in str(schedule.get("byday") or "").split(",") if d in DAYS]
    when = " and ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days)
    hours = ""
    if schedule.get("opens_at"):
        hours = clock(schedule.get("opens_at"))
        if schedule.get("closes_at"):
            hours += f" to {clock(schedule.get('closes_at'))}"
    said = ", ".join(part for part in (when, hours) if part)
    return said or str(schedule.get("description") or "")


def places_words(capacity: Mapping[str, Any]) -> tuple[str, bool]:
    """The places free, and whether the service is full."""
    total = capacity.get("capacity_total")
    if total is None:
        return ("Places are not counted", False)
    if capacity.get("full"):
        return (f"Full: all {total} places are taken", True)
    return (f"{capacity.get('capacity_available')} of {total} places free", False)


def reply_words(provider: Mapping[str, Any]) -> str:
    """How the provider answers links, over the directory's recent window."""
    hours, rate = provider.get("median_reply_hours"), provider.get("acceptance_rate")
    if hours is None and rate is None:
        return "No answered links yet in the last 90 days"
    said = []
    if hours is not None:
        said.append(f"usually replies within {_wait(float(hours))}")
    if rate is not None:
        considered = provider.get("links_considered")
        said.append(f"accepts {round(rate * 100)}% of links (of {considered})")
    text = " and ".join(said)
    return text[:1].upper() + text[1:]


def _wait(hours: float) -> str:
    if hours < 1:
        return "an hour"
    if hours < 48:
        whole = round(hours)
        return f"{whole} hour{'s' if whole != 1 else ''}"
    return f"{round(hours / 24)} days"


def ages_words(service: Mapping[str, Any]) -> str:
    low, high = service.get("minimum_age"), service.get("maximum_age")
    if low is not None and high is not None:
        return f"Ages {low} to {high}"
    if low is not None:
        return f"Ages {low} and over"
    return f"Up to age {high}" if high is not None else "All ages"


@dataclass(frozen=True)
class Result:
    service_id: str
    name: str
    organisation: str
    description: str
    needs: list[str]
    distance: str
    place: str
    times: list[str]
    places: str
    full: bool
    reply: str
    ages: str


def result_of(found: Mapping[str, Any]) -> Result:
    service = found.get("service", {})
    nearest = found.get("nearest_location") or {}
    place = ", ".join(p for p in (nearest.get("name"), nearest.get("postcode")) if p)
    places, full = places_words(found.get("capacity", {}))
    return Result(
        str(service.get("id")),
        str(service.get("name") or ""),
        str((found.get("organization") or {}).get("name") or ""),
        str(service.get("description") or ""),
        list(found.get("needs", [])),
        distance_words(found.get("distance_m")) or "No place to go: by phone or online",
        place,
        [t for t in (schedule_words(s) for s in found.get("schedules", [])) if t],
        places,
        full,
        reply_words(found.get("provider", {})),
        ages_words(service),
    )


@dataclass(frozen=True)
class Link:
    link_id: str
    service_id: str
    service: str
    need: str
    note: str
    linked_on: str
    status: str
    tag: tuple[str, str]
    answer: str


def answer_words(link: Mapping[str, Any]) -> str:
    """What the provider said, or what became of the link."""
    status = link.get("status")
    answered = long_date(link.get("answered_at"))
    sessions = len(link.get("attendances", []))
    if status == "pending":
        return f"Not answered yet: the request expires on {long_date(link.get('expires_at'))}"
    if status == "accepted":
        return f"Accepted on {answered}: they will contact them"
    if status == "declined":
        return f"Declined on {answered}: {link.get('reason') or 'no reason given'}"
    if status == "attending":
        last = long_date(link.get("last_attended_on"))
        return f"Attended {sessions} time{'s' if sessions != 1 else ''}, last on {last}"
    if status == "completed":
        return f"Completed after {sessions} session{'s' if sessions != 1 else ''}"
    if status == "ended":
        return f"Ended: {link.get('end_reason') or 'no reason given'}"
    if status == "expired":
        return "No answer came in time: link them again or find another service"
    return ""


def link_of(link: Mapping[str, Any]) -> Link:
    status = str(link.get("status") or "")
    return Link(
        str(link.get("link_id")),
        str(link.get("service_id")),
        str(link.get("service_name") or ""),
        need_words(link.get("need_domain")) if link.get("need_domain") else "",
        str(link.get("note") or ""),
        long_date(link.get("linked_at")),
        status,
        LINK_STATUS.get(status, (status.capitalize(), "nhsuk-tag--grey")),
        answer_words(link),
    )


UNMET_RECORDED = "Unmet need recorded: it tells commissioners what support is missing here"


def linked_words(links: list[Link], service_id: str) -> str:
    """The line after linking: which service, and what happens next."""
    name = next((link.service for link in links if link.service_id == service_id), "")
    return f"Linked to {name or 'the service'}: the provider will be asked"
