"""The access matrix: who may call each route, read off its dependencies."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI

from linkwork_runtime.access import (
    DOCUMENTATION,
    Access,
    ConflictingAccess,
    RouteAccess,
    access_matrix,
    declares,
    public,
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
