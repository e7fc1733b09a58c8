"""Bearer-JWT auth on HTTP routes: who may call what, and clear refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI

from linkwork_runtime.auth import Principal, Role, issue_token, require_roles
from linkwork_runtime.settings import ServiceSettings

SETTINGS = ServiceSettings(
    auth_mode="development", auth_jwt_secret="test-secret-that-is-long-enough-32b"
)


@pytest.fixture
async def client() -> httpx.AsyncClient:
    app = FastAPI()
    app.state.settings = SETTINGS

    @app.get("/caseload")
    async def caseload(
        who: Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))],
    ) -> dict[str, str]:
        return {"sub": who.sub}

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


def token(secret: str = SETTINGS.development_secret, **kwargs: object) -> dict[str, str]:
    roles = kwargs.pop("roles", ["link_worker"])
    return {"Authorization": f"Bearer {issue_token(secret, 'lw-amina', roles, **kwargs)}"}  # type: ignore[arg-type]


async def test_valid_token_with_the_role_is_let_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/caseload", headers=token())
    assert response.status_code == 200
    assert response.json() == {"sub": "lw-amina"}


async def test_missing_token_is_401_saying_how_to_authenticate(client: httpx.AsyncClient) -> None:
    response = await client.get("/caseload")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_bad_signature_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/caseload", headers=token(secret="another-secret-also-32-bytes-long")
    )
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]["message"]


async def test_expired_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/caseload", headers=token(ttl=timedelta(seconds=-5)))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]["message"]


async def test_garbage_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/caseload", headers={"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]["message"]


async def test_token_without_sub_is_401(client: httpx.AsyncClient) -> None:
    raw = jwt.encode({"roles": ["link_worker"], "exp": 4102444800}, SETTINGS.development_secret)
    response = await client.get("/caseload", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert "'sub'" in response.json()["detail"]["message"]


async def test_token_without_the_needed_role_is_403_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/caseload", headers=token(roles=["provider"]))
    assert response.status_code == 403
    body = response.json()["detail"]
    assert body["error"] == "forbidden"
    assert "link_worker" in body["message"] and "provider" in body["message"]
