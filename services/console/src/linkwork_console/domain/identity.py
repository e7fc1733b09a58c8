"""Who is signed in, as the console sees them, and where each kind of user works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from linkwork_runtime.caller import LINK_WORKER, MANAGER, PRACTICE, PROVIDER

OPS = "ops"
# Where each role starts, in the order a person with several roles is sent.
HOMES = (
    (LINK_WORKER, "/caseload", "My caseload"),
    (MANAGER, "/team", "Team"),
    (MANAGER, "/triage", "Triage"),
    (PROVIDER, "/provider", "Referrals to us"),
    (PRACTICE, "/practice", "Our referrals"),
    (OPS, "/ops", "Operations"),
)
# Who finds a person among the referrals they may read (`/people`).
FINDS_PEOPLE = (LINK_WORKER, MANAGER, PRACTICE)


@dataclass(frozen=True)
class Identity:
    """The person behind a session: the claims their token carries (never the token)."""

    sub: str
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    team_id: str | None = None
    ods_code: str | None = None
    organization_id: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any], name: str | None = None) -> Identity:
        roles = claims.get("roles") or []
        return cls(
            sub=str(claims["sub"]),
            name=name or str(claims.get("name") or claims["sub"]),
            roles=frozenset(str(r) for r in roles),
            team_id=claims.get("team_id") or None,
            ods_code=claims.get("ods_code") or None,
            organization_id=claims.get("organization_id") or None,
        )

    def as_document(self) -> dict[str, Any]:
        return {
            "sub": self.sub,
            "name": self.name,
            "roles": sorted(self.roles),
            "team_id": self.team_id,
            "ods_code": self.ods_code,
            "organization_id": self.organization_id,
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Identity:
        return cls(**{**document, "roles": frozenset(document.get("roles", []))})


@dataclass(frozen=True)
class DemoUser:
    """Someone to sign in as in development, and who they are in the demo."""

    identity: Identity
    description: str


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str


# The header's link to the referrals awaiting triage (every manager's), with how many.
TRIAGE = "/triage"


def home_of(identity: Identity) -> str:
    """The page a person lands on after signing in."""
    return next((href for role, href, _ in HOMES if identity.has(role)), "/no-access")


def navigation(identity: Identity) -> list[NavItem]:
    """The header's links: the person's work areas, finding a person, then their
    notifications."""
    items = [NavItem(href, label) for role, href, label in HOMES if identity.has(role)]
    if any(identity.has(role) for role in FINDS_PEOPLE):
        items.append(NavItem("/people", "Find a person"))
    if items and not identity.has(OPS):
        items.append(NavItem("/notifications", "Notifications"))
    return items


def safe_next(target: str | None) -> str | None:
    """A page of this site to return to after signing in; anything else (another host, a
    scheme, `//evil`) is dropped, so sign-in cannot be used to send people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:  # browsers read `/\evil.example` as `//evil.example`: another host
        return None
    if target.startswith(("/sign-in", "/sign-out", "/auth/")):
        return None
    return target
