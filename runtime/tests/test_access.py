"""The access matrix: who may call each route, and whose records it reaches, read off its
dependencies."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI

from linkwork_runtime.access import (
    DOCUMENTATION,
    Access,
    Boundary,
    ConflictingAccess,
    Party,
    Refused,
    RouteAccess,
    access_matrix,
    confined,
    declares,
    public,
    unconfined,
)
from linkwork_runtime.auth import Principal, Role, require_roles

Manager = Annotated[Principal, Depends(require_roles(Role.MANAGER))]


@declares(Role.OPS)
async def checks_ops_itself() -> str:
    return "ops"


def who(app: FastAPI) -> dict[str, Access | None]:
    return {f"{row.method} {row.path}": row.access for row in access_matrix(app)}


def test_a_role_dependency_declares_its_roles_and_a_bare_one_any_signed_in_caller() -> None:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/teams/{team_id}", summary="Change a team")
    async def change(team_id: str, _: Manager) -> None: ...

    @app.get("/me")
    async def me(_: Annotated[Principal, Depends(require_roles())]) -> None: ...

    assert access_matrix(app) == [
        RouteAccess("GET", "/me", Access(), "me"),
        RouteAccess("POST", "/teams/{team_id}", Access(frozenset({"manager"})), "Change a team"),
    ]


def test_declares_names_the_roles_of_a_dependency_that_authorises_itself() -> None:
    app = FastAPI(openapi_url=None)

    @app.get("/stream")
    async def stream(_: Annotated[str, Depends(checks_ops_itself)]) -> None: ...

    assert who(app) == {"GET /stream": Access(frozenset({"ops"}))}


def test_public_routes_say_why_and_fastapis_documentation_is_public() -> None:
    router = APIRouter(dependencies=[public("open data")])

    @router.get("/feed")
    async def feed() -> None: ...

    app = FastAPI()
    app.include_router(router, prefix="/oruk")
    assert who(app) == {
        "GET /docs": DOCUMENTATION,
        "GET /docs/oauth2-redirect": DOCUMENTATION,
        "GET /openapi.json": DOCUMENTATION,
        "GET /oruk/feed": Access(public="open data"),
        "GET /redoc": DOCUMENTATION,
    }


def test_a_route_that_declares_nobody_has_no_access_in_the_matrix() -> None:
    app = FastAPI(openapi_url=None)

    @app.get("/forgotten")
    async def forgotten() -> None: ...

    assert who(app) == {"GET /forgotten": None}


def test_contradicting_declarations_are_refused_naming_the_route() -> None:
    app = FastAPI(openapi_url=None)

    @app.get("/both", dependencies=[public("why not")])
    async def both(_: Manager) -> None: ...

    with pytest.raises(ConflictingAccess, match="GET /both is declared both public"):
        access_matrix(app)


def test_a_boundary_on_a_router_or_a_route_says_whose_records_each_role_reaches() -> None:
    router = APIRouter(
        dependencies=[confined(Refused.NOT_FOUND, manager=Party.TEAM, link_worker=Party.SELF)]
    )

    @router.get("/teams/{team_id}")
    async def team(team_id: str, _: Manager) -> None: ...

    app = FastAPI(openapi_url=None)
    app.include_router(router)

    @app.post("/referrals", dependencies=[unconfined("a new referral is nobody's")])
    async def submit(_: Manager) -> None: ...

    within = (("link_worker", Party.SELF), ("manager", Party.TEAM))
    assert who(app) == {
        "GET /teams/{team_id}": Access(
            frozenset({"manager"}), boundary=Boundary(within, Refused.NOT_FOUND)
        ),
        "POST /referrals": Access(
            frozenset({"manager"}), boundary=Boundary(unconfined="a new referral is nobody's")
        ),
    }
    boundary = who(app)["GET /teams/{team_id}"]
    assert boundary is not None and boundary.boundary is not None
    assert boundary.boundary.party_of("manager") is Party.TEAM
    assert boundary.boundary.party_of("ops") is None


def test_two_boundaries_or_a_boundary_on_a_public_route_are_refused_naming_the_route() -> None:
    twice = FastAPI(openapi_url=None)

    @twice.get(
        "/teams",
        dependencies=[confined(Refused.LEFT_OUT, manager=Party.TEAM), unconfined("every team")],
    )
    async def teams(_: Manager) -> None: ...

    open_data = FastAPI(openapi_url=None)

    @open_data.get("/feed", dependencies=[public("open data"), unconfined("open data")])
    async def feed() -> None: ...

    with pytest.raises(ConflictingAccess, match="GET /teams declares two boundaries"):
        access_matrix(twice)
    with pytest.raises(ConflictingAccess, match="GET /feed is public and declares"):
        access_matrix(open_data)
