"""Messages from templates, one per notification type (rendering/templates/<type>.txt.j2).

A template's body is its text; it sets `subject` (the e-mail subject and in-app title) and
may set `sms` (a shorter text for SMS). Missing facts are an error, never a blank. A moment is
written as people say it, in the local time zone: `{{ moment | day_and_time }}` gives
"Tuesday 3 March at 10:30am", `{{ moment | day }}` "Tuesday 3 March". `console_url` is the staff
console's address, for links to what a notification is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    sms: str


class Renderer:
    def __init__(self, zone: ZoneInfo, console_url: str = "http://127.0.0.1:8000") -> None:
        self._env = Environment(
            loader=PackageLoader("linkwork_notifications.rendering", "templates"),
            undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["day"] = lambda moment: day(moment, zone)
        self._env.filters["day_and_time"] = lambda moment: day_and_time(moment, zone)
        self._env.globals["console_url"] = console_url.rstrip("/")

    def templates(self) -> list[str]:
        return sorted(name.removesuffix(".txt.j2") for name in self._env.list_templates())

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedMessage:
        module = self._env.get_template(f"{template}.txt.j2").make_module(dict(context))
        body = str(module).strip()
        subject = " ".join(str(getattr(module, "subject", "")).split())
        sms = " ".join(str(getattr(module, "sms", body)).split())
        return RenderedMessage(subject=subject, body=body, sms=sms)


def day(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 3 March' in `zone`."""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B}"


def day_and_time(moment: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 3 March at 10:30am' in `zone` (GOV.UK style: 10am, 2:30pm, midday)."""
    return f"{day(moment, zone)} at {_clock(moment.astimezone(zone))}"


def _clock(local: datetime) -> str:
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
