"""README.md's "Who may do what" tables, made from every route's access declaration
(`linkwork_runtime.access`): `python -m linkwork_devstack access-matrix [--check]`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI

import linkwork_console.app
import linkwork_console.settings
import linkwork_directory.app
import linkwork_directory.settings
import linkwork_journey.app
import linkwork_journey.settings
import linkwork_notifications.app
import linkwork_notifications.settings
import linkwork_referral.app
import linkwork_referral.settings
from linkwork_devstack.infra import repo_root
from linkwork_runtime.access import Access, access_matrix
from linkwork_runtime.settings import ServiceSettings

README = repo_root() / "README.md"
START, END = "<!-- access-matrix:start -->", "<!-- access-matrix:end -->"
REGENERATE = "make access-matrix"
DEPLOYABLES: dict[str, tuple[Callable[[Any], FastAPI], type[ServiceSettings]]] = {
    "referral": (linkwork_referral.app.create_app, linkwork_referral.settings.Settings),
    "journey": (linkwork_journey.app.create_app, linkwork_journey.settings.Settings),
    "directory": (linkwork_directory.app.create_app, linkwork_directory.settings.Settings),
    "notifications": (
        linkwork_notifications.app.create_app,
        linkwork_notifications.settings.Settings,
    ),
    "console": (linkwork_console.app.create_app, linkwork_console.settings.Settings),
}


class Undeclared(ValueError):
    """Routes that do not say who may call them."""


def deployable_apps() -> dict[str, FastAPI]:
    """Each deployable's app, built but not started: the routes are there, and nothing has
    connected (PyMongo's async client and the Kafka broker connect when first used)."""
    return {
        name: create(settings(auth_mode="development"))
        for name, (create, settings) in DEPLOYABLES.items()
    }


def undeclared(apps: Mapping[str, FastAPI]) -> list[str]:
    return [
        f"{name}: {row.method} {row.path} ({row.summary})"
        for name, app in apps.items()
        for row in access_matrix(app)
        if row.access is None
    ]


def who(access: Access) -> str:
    if access.public:
        return f"anyone (public): {access.public}"
    if not access.roles:
        return "any signed-in caller"
    return ", ".join(f"`{role}`" for role in sorted(access.roles))


def tables(apps: Mapping[str, FastAPI]) -> str:
    """One markdown table per deployable: method, path, who may call it."""
    missing = undeclared(apps)
    if missing:
        raise Undeclared(f"routes that declare nobody: {missing}")
    blocks = [
        "\n".join(
            [f"**{name}**", "", "| method | path | who |", "|---|---|---|"]
            + [
                f"| {row.method} | `{row.path}` | {who(row.access)} |"
                for row in access_matrix(app)
                if row.access is not None
            ]
        )
        for name, app in apps.items()
    ]
    return "\n\n".join(blocks)


def with_tables(readme: str, generated: str) -> str:
    """`readme` with what lies between the access-matrix markers replaced by `generated`."""
    before, start, rest = readme.partition(START)
    _, end, after = rest.partition(END)
    if not (start and end):
        raise ValueError(f"README.md has no {START} ... {END} markers to write between")
    return f"{before}{START}\n\n{generated}\n\n{END}{after}"
