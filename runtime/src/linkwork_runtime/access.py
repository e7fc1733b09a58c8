"""Who may call each HTTP route, and whose records it reaches, declared on its dependencies
and read back as the access matrix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from fastapi import FastAPI, params
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.routing import Mount

_DECLARED = "__linkwork_access__"
_BOUNDED = "__linkwork_boundary__"
Declared = TypeVar("Declared")


class Party(StrEnum):
    """Whose a record is, as a caller of a role is confined to their own party's records."""

    TEAM = "team"  # a manager's: their token's team
    CASELOAD = "caseload"  # a link worker's: the cases assigned to them
    PRACTICE = "practice"  # a practice's: its ODS code
    ORGANISATION = "organisation"  # a provider's: its organisation
    SELF = "self"  # the caller's alone: their own record, their own inbox
    # Every party's, by the caller's role: information governance reads any team's record
    # (organisation-wide, and only on the routes that admit the role: reads).
    EVERY = "every"
    AREA = "area"  # a commissioner's: the practices of their PCN or ICB


class Refused(StrEnum):
    """How a route answers a caller about another party's records."""

    NOT_FOUND = "404"  # as if there were none: their existence is not revealed
    FORBIDDEN = "403"  # refused, saying so: the request names nothing that is hidden
    LEFT_OUT = "left out"  # a list or count without them


@dataclass(frozen=True)
class Boundary:
    """Whose records a route reaches: a caller of each role in `parties` their own party's
    only, another party's `refused` so (roles not named, such as ops, reach every party's by
    their role); or, `unconfined`, saying why, no party's in particular."""

    parties: tuple[tuple[str, Party], ...] = ()
    refused: Refused | None = None
    unconfined: str = ""

    def party_of(self, role: str) -> Party | None:
        return dict(self.parties).get(role)


@dataclass(frozen=True)
class Access:
    """Who may call a route: anyone, with no sign-in (`public` says why), or a signed-in
    caller holding one of `roles` (any role, when none are named), within `boundary`."""

    roles: frozenset[str] = frozenset()
    public: str = ""
    boundary: Boundary | None = None


DOCUMENTATION = Access(public="the API's own documentation")


@dataclass(frozen=True)
class RouteAccess:
    """One row of the matrix; `access` is None for a route that declares nobody."""

    method: str
    path: str
    access: Access | None
    summary: str


class ConflictingAccess(ValueError):
    """A route declares two answers to who may call it."""


def declares(*roles: str) -> Callable[[Declared], Declared]:
    """Mark a dependency: a route that depends on it is for a signed-in caller holding one of
    `roles` (any role, when none are named). The dependency is what enforces it."""

    def mark(dependency: Declared) -> Declared:
        setattr(dependency, _DECLARED, Access(frozenset(str(role) for role in roles)))
        return dependency

    return mark


def confined(refused: Refused, **parties: Party) -> params.Depends:
    """A route (or router) dependency declaring whose records it reaches: a caller of each
    role named, their own party's only (`manager=Party.TEAM`), another's `refused` so. The
    route's own rules enforce it; its service's access suite proves it."""
    return _bounded(
        Boundary(tuple(sorted((str(role), party) for role, party in parties.items())), refused)
    )


def unconfined(why: str) -> params.Depends:
    """A route (or router) dependency declaring that its callers reach no party's records in
    particular, because `why` (a new referral, open data, every record for ops)."""
    return _bounded(Boundary(unconfined=why))


def _bounded(boundary: Boundary) -> params.Depends:
    async def within() -> None:
        return None

    setattr(within, _BOUNDED, boundary)
    return params.Depends(within)


def public(why: str) -> params.Depends:
    """A route (or router) dependency declaring that anyone may call it, signed in or not."""

    async def anyone() -> None:
        return None

    return params.Depends(declared_public(anyone, why))


def declared_public(served: Declared, why: str) -> Declared:
    """Mark something served with no route dependencies (a mounted app: static files) as
    open to anyone, because `why`."""
    setattr(served, _DECLARED, Access(public=why))
    return served


def access_matrix(app: FastAPI) -> list[RouteAccess]:
    """Every route of `app` and who may call it, by path then method."""
    rows = [row for context in iter_route_contexts(app.routes) for row in _rows(app, context)]
    return sorted(rows, key=lambda row: (row.path, row.method))


def _rows(app: FastAPI, context: RouteContext) -> Iterator[RouteAccess]:
    path = str(context.path_format)
    methods = set(context.methods or {"GET"})  # a mount names none: its files are fetched
    methods = methods - {"HEAD"} if "GET" in methods else methods  # HEAD goes with GET
    access = _access(app, context, f"{'/'.join(sorted(methods))} {path}")
    summary = str(getattr(context, "summary", None) or context.name or "")
    for method in sorted(methods):
        yield RouteAccess(method, path, access, summary)


def _access(app: FastAPI, context: RouteContext, where: str) -> Access | None:
    route, path = context.original_route, context.path_format
    if isinstance(route, APIRoute):
        declared = _together(where, list(_declarations(context.dependant)))
        return _within(where, declared, set(_boundaries(context.dependant)))
    if isinstance(route, Mount):
        return getattr(route.app, _DECLARED, None)
    documentation = {app.openapi_url, app.docs_url, app.redoc_url}
    if app.docs_url:
        documentation.add(app.swagger_ui_oauth2_redirect_url)
    return DOCUMENTATION if path in documentation else getattr(context.endpoint, _DECLARED, None)


def _declarations(dependant: Dependant) -> Iterator[Access]:
    declared: Access | None = getattr(dependant.call, _DECLARED, None)
    if declared is not None:
        yield declared
    for dependency in dependant.dependencies:
        yield from _declarations(dependency)


def _boundaries(dependant: Dependant) -> Iterator[Boundary]:
    declared: Boundary | None = getattr(dependant.call, _BOUNDED, None)
    if declared is not None:
        yield declared
    for dependency in dependant.dependencies:
        yield from _boundaries(dependency)


def _within(where: str, access: Access | None, boundaries: set[Boundary]) -> Access | None:
    """The access with the route's one boundary: none for a public route, never two."""
    if not boundaries or access is None:
        return access
    if access.public:
        raise ConflictingAccess(f"{where} is public and declares whose records it reaches")
    if len(boundaries) > 1:
        raise ConflictingAccess(f"{where} declares two boundaries: {sorted(map(str, boundaries))}")
    return Access(access.roles, boundary=boundaries.pop())


def _together(where: str, declared: list[Access]) -> Access | None:
    """What a route's declarations say at once: each must let the caller through, so a role
    narrows "any signed-in caller", and public next to a sign-in is a contradiction."""
    if not declared:
        return None
    signed_in = [access for access in declared if not access.public]
    if signed_in and len(signed_in) < len(declared):
        raise ConflictingAccess(f"{where} is declared both public and for signed-in callers")
    if not signed_in:
        return declared[0]
    role_sets = {access.roles for access in signed_in if access.roles}
    if len(role_sets) > 1:
        named = " and ".join(str(sorted(roles)) for roles in role_sets)
        raise ConflictingAccess(f"{where} declares different roles at once: {named}")
    return Access(role_sets.pop() if role_sets else frozenset())
