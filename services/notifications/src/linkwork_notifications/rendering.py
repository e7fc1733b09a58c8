"""Messages from templates, one per notification type (templates/<type>.txt.j2).

A template's body is its text; it sets `subject` (the e-mail subject and in-app title) and
may set `sms` (a shorter text for SMS). Missing facts are an error, never a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    sms: str


class Renderer:
    def __init__(self) -> None:
        self._env = Environment(
            loader=PackageLoader("linkwork_notifications", "templates"),
            undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def templates(self) -> list[str]:
        return sorted(name.removesuffix(".txt.j2") for name in self._env.list_templates())

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedMessage:
        module = self._env.get_template(f"{template}.txt.j2").make_module(dict(context))
        body = str(module).strip()
        subject = " ".join(str(getattr(module, "subject", "")).split())
        sms = " ".join(str(getattr(module, "sms", body)).split())
        return RenderedMessage(subject=subject, body=body, sms=sms)
