"""README.md's "Who may do what" tables, made from every route's access declaration
(`linkwork_runtime.access`): who may call it and whose records it reaches.
`python -m linkwork_devstack access-matrix [--check]`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI

import linkwork_console.app
import linkwork_console.settings
import linkwork_directory.app
import linkwork_directory.settings
import linkwork_insights.app
import linkwork_insights.settings
import linkwork_journey.app
import linkwork_journey.settings
import linkwork_notifications.app
import linkwork_notifications.settings
import linkwork_referral.app
import linkwork_referral.settings
from linkwork_devstack.infra import repo_root
from linkwork_runtime.access import Access, Boundary, Party, Refused, access_matrix
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
    "insights": (linkwork_insights.app.create_app, linkwork_insights.settings.Settings),
}


# The roles whose callers belong to a party (a team, a caseload, a practice, an organisation):
# a route that confines its callers names the party of each of these it serves.
# (A commissioner's party, an area, is declared on the insights routes that serve the role; it
# is not required of the routes open to any signed-in caller, such as the console's /live,
# which serve no commissioner yet: the console has no insights pages.)
PARTY_ROLES = frozenset({"manager", "link_worker", "practice", "provider"})
OWN = {
    Party.TEAM: "their team's",
    Party.CASELOAD: "their caseload",
    Party.PRACTICE: "their practice's",
    Party.ORGANISATION: "their organisation's",
    Party.SELF: "their own",
    Party.EVERY: "every team's",
    Party.AREA: "their PCN's or ICB's practices'",
}
OTHERS = {
    Refused.NOT_FOUND: "another's: 404",
    Refused.FORBIDDEN: "another's: 403",
    Refused.LEFT_OUT: "another's left out",
}


class Undeclared(ValueError):
    """Routes that do not say who may call them, or whose records they reach."""


def deployable_apps() -> dict[str, FastAPI]:
    """Each deployable's app, built but not started: the routes are there, and nothing has
    connected (PyMongo's async client and the Kafka broker connect when first used)."""
    return {name: deployable_app(name) for name in DEPLOYABLES}


def deployable_app(name: str) -> FastAPI:
    create, settings = DEPLOYABLES[name]
    return create(settings(auth_mode="development"))


def undeclared(apps: Mapping[str, FastAPI]) -> list[str]:
    return [
        f"{name}: {row.method} {row.path} ({row.summary})"
        for name, app in apps.items()
        for row in access_matrix(app)
        if row.access is None
    ]


def unbounded(apps: Mapping[str, FastAPI]) -> list[str]:
    """Signed-in routes that do not say whose records they reach, or leave a role that
    belongs to a party without its party."""
    return [
        f"{name}: {row.method} {row.path} ({row.summary}){gap}"
        for name, app in apps.items()
        for row in access_matrix(app)
        if row.access is not None and not row.access.public
        for gap in [_unbounded(row.access)]
        if gap
    ]


def _unbounded(access: Access) -> str:
    boundary = access.boundary
    if boundary is None:
        return ": no boundary"
    if boundary.unconfined:
        return ""
    served = access.roles or PARTY_ROLES
    missing = sorted(role for role in served & PARTY_ROLES if boundary.party_of(role) is None)
    return f": no party for {missing}" if missing else ""


def who(access: Access) -> str:
    if access.public:
        return f"anyone (public): {access.public}"
    if not access.roles:
        return "any signed-in caller"
    return ", ".join(f"`{role}`" for role in sorted(access.roles))


def whose(access: Access) -> str:
    """Whose records the route reaches, for the roles that may call it."""
    boundary = access.boundary or Boundary()
    if boundary.unconfined:
        return f"not confined: {boundary.unconfined}"
    own = [
        f"`{role}` {OWN[party]}"
        for role, party in boundary.parties
        if not access.roles or role in access.roles
    ]
    return f"{', '.join(own)}; {OTHERS[boundary.refused]}" if boundary.refused else ""


def tables(apps: Mapping[str, FastAPI]) -> str:
    """One markdown table per deployable: method, path, who may call it, whose records."""
    missing = undeclared(apps)
    if missing:
        raise Undeclared(f"routes that declare nobody: {missing}")
    unsaid = unbounded(apps)
    if unsaid:
        raise Undeclared(f"routes that do not say whose records they reach: {unsaid}")
    blocks = [
        "\n".join(
            [f"**{name}**", "", "| method | path | who | whose |", "|---|---|---|---|"]
            + [
                f"| {row.method} | `{row.path}` | {who(row.access)} | {whose(row.access)} |"
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
