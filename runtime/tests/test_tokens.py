"""Tokens from a real OpenID Connect issuer (AUTH_MODE=oidc), against a local issuer on
loopback (discovery document, JWKS, keys rotated in the middle of a test): which tokens are
accepted, which are refused and what the refusal says, how the issuer's claims become
Linkwork's roles, and the settings a service refuses to start with."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from fastapi import Depends, FastAPI

from linkwork_devstack.issuer import Issuer, issuer_app
from linkwork_devstack.processes import free_port
from linkwork_devstack.testing import serving
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.tokens import auth_problem

AMINA = {"name": "Amina Shah", "roles": ["link_worker"], "team_id": "leeds-north"}


@pytest.fixture
async def issuer() -> AsyncIterator[Issuer]:
    provider = Issuer(url="", clients={}, users={"lw-amina": AMINA})
    async with serving(issuer_app(provider)) as url:
        provider.url = url
        yield provider


def oidc_settings(issuer: Issuer, **overrides: Any) -> ServiceSettings:
    return ServiceSettings(
        auth_mode="oidc", auth_issuer=issuer.url, auth_audience=issuer.audience, **overrides
    )


def app_with(settings: ServiceSettings) -> httpx.AsyncClient:
    """A service's routes as the runtime guards them: one for link workers, one for managers."""
    app = FastAPI()
    app.state.settings = settings

    @app.get("/caseload")
    async def caseload(
        who: Annotated[Principal, Depends(require_roles(Role.LINK_WORKER))],
    ) -> dict[str, Any]:
        return {"sub": who.sub, "roles": sorted(who.roles), "team_id": who.team_id}

    @app.get("/team")
    async def team(who: Annotated[Principal, Depends(require_roles(Role.MANAGER))]) -> str:
        return who.sub

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 401, answer.text
    assert answer.headers["www-authenticate"].startswith("Bearer")
    message: str = answer.json()["detail"]["message"]
    return message


async def test_a_token_the_issuer_signed_is_accepted_with_its_claims(issuer: Issuer) -> None:
    async with app_with(oidc_settings(issuer)) as client:
        answer = await client.get("/caseload", headers=bearer(issuer.mint("lw-amina")))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"sub": "lw-amina", "roles": ["link_worker"], "team_id": "leeds-north"}


@pytest.mark.parametrize("algorithm", ["PS256", "ES256"])
async def test_ps256_and_es256_keys_verify_too(issuer: Issuer, algorithm: str) -> None:
    issuer.rotate(algorithm)
    async with app_with(oidc_settings(issuer)) as client:
        answer = await client.get("/caseload", headers=bearer(issuer.mint("lw-amina")))
    assert answer.status_code == 200, answer.text


def _public_pem(issuer: Issuer) -> bytes:
    return issuer.signing.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _unsigned(issuer: Issuer) -> str:
    body = {"iss": issuer.url, "aud": issuer.audience, "sub": "lw-amina", "exp": 4102444800}
    return jwt.encode({**body, "iat": 1, **AMINA}, None, algorithm="none")  # type: ignore[arg-type]


def _hs256_with_the_public_key(issuer: Issuer) -> str:
    """The algorithm-confusion attack: HMAC with the issuer's public key as the secret."""
    import hmac
    import json
    from base64 import urlsafe_b64encode
    from hashlib import sha256

    def b64(raw: bytes) -> str:
        return urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": issuer.signing.kid}).encode())
    body = {"iss": issuer.url, "aud": issuer.audience, "sub": "lw-amina", "iat": 1}
    payload = b64(json.dumps({**body, "exp": 4102444800, **AMINA}).encode())
    signature = hmac.new(_public_pem(issuer), f"{header}.{payload}".encode(), sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("wrong audience", "another audience (aud)"),
        ("wrong issuer", "another issuer (iss)"),
        ("expired", "has expired"),
        ("not yet valid", "not valid yet"),
        ("alg none", "algorithm 'none' is not accepted"),
        ("HS256 with the public key", "algorithm 'HS256' is not accepted"),
        ("unknown key", "is not one the issuer publishes"),
        ("no kid", "does not name its signing key"),
        ("roles as a string", "roles"),
    ],
)
async def test_a_token_that_is_not_the_issuers_is_refused_saying_which(
    issuer: Issuer, case: str, says: str
) -> None:
    import time

    from linkwork_devstack.issuer import new_key

    tokens = {
        "wrong audience": lambda: issuer.mint("lw-amina", audience="another-api"),
        "wrong issuer": lambda: issuer.mint("lw-amina", issuer="https://evil.example"),
        "expired": lambda: issuer.mint("lw-amina", expires_in=-120),
        "not yet valid": lambda: issuer.mint("lw-amina", {"nbf": int(time.time()) + 600}),
        "alg none": lambda: _unsigned(issuer),
        "HS256 with the public key": lambda: _hs256_with_the_public_key(issuer),
        "unknown key": lambda: issuer.mint("lw-amina", key=new_key()),
        "no kid": lambda: jwt.encode(
            {"iss": issuer.url, "aud": issuer.audience, "sub": "x", "iat": 1, "exp": 4102444800},
            issuer.signing.private,
            algorithm="RS256",
        ),
        "roles as a string": lambda: issuer.mint("lw-amina", {"roles": "link_worker"}),
    }
    async with app_with(oidc_settings(issuer)) as client:
        answer = await client.get("/caseload", headers=bearer(tokens[case]()))
    assert says in refusal(answer)


async def test_a_development_token_is_refused_outside_development(issuer: Issuer) -> None:
    from linkwork_runtime.auth import issue_token
    from linkwork_runtime.settings import DEVELOPMENT_SECRET

    development = issue_token(DEVELOPMENT_SECRET, "lw-amina", ["link_worker"])
    async with app_with(oidc_settings(issuer)) as client:
        answer = await client.get("/caseload", headers=bearer(development))
    assert "algorithm 'HS256' is not accepted" in refusal(answer)


async def test_keys_rotate_without_a_restart_and_a_retired_key_stops_working(
    issuer: Issuer,
) -> None:
    settings = oidc_settings(issuer, auth_jwks_cache_seconds=1, auth_jwks_refetch_seconds=0)
    async with app_with(settings) as client:
        old_token = issuer.mint("lw-amina")
        before = await client.get("/caseload", headers=bearer(old_token))
        old = issuer.signing
        issuer.rotate()
        new = await client.get("/caseload", headers=bearer(issuer.mint("lw-amina")))
        still_old = await client.get("/caseload", headers=bearer(old_token))
        issuer.retire(old.kid)
        import asyncio

        await asyncio.sleep(1.2)  # the cached key set's lifespan (AUTH_JWKS_CACHE_SECONDS=1)
        retired = await client.get("/caseload", headers=bearer(old_token))
    assert before.status_code == 200 and new.status_code == 200, new.text
    assert still_old.status_code == 200  # published until retired
    assert f"signing key {old.kid!r} is not one the issuer publishes" in refusal(retired)


async def test_a_flood_of_unknown_keys_refetches_the_keys_once(issuer: Issuer) -> None:
    from linkwork_devstack.issuer import new_key

    async with app_with(oidc_settings(issuer, auth_jwks_refetch_seconds=60)) as client:
        first = await client.get("/caseload", headers=bearer(issuer.mint("lw-amina")))
        fetched = issuer.jwks_requests
        forged = [issuer.mint("lw-amina", key=new_key()) for _ in range(20)]
        answers = [await client.get("/caseload", headers=bearer(token)) for token in forged]
    assert first.status_code == 200 and fetched == 1
    assert all(a.status_code == 401 for a in answers)
    assert issuer.jwks_requests == fetched + 1  # one refetch for the first unknown key, no more


async def test_keycloak_roles_map_to_linkwork_roles_and_teams_come_from_their_claim(
    issuer: Issuer,
) -> None:
    """Keycloak keeps realm roles under realm_access.roles; this one names them its own way."""
    settings = oidc_settings(
        issuer,
        auth_roles_claim="realm_access.roles",
        auth_role_map='{"social-prescriber": "link_worker", "team-lead": ["manager"]}',
        auth_team_claim="linkwork_team",
    )
    claims = {"realm_access": {"roles": ["social-prescriber", "offline_access"]}}
    worker = issuer.mint("kc-amina", {**claims, "linkwork_team": "leeds-north"})
    async with app_with(settings) as client:
        caseload = await client.get("/caseload", headers=bearer(worker))
        team = await client.get("/team", headers=bearer(worker))
    assert caseload.json() == {
        "sub": "kc-amina",
        "roles": ["link_worker"],
        "team_id": "leeds-north",
    }
    # "offline_access" is no Linkwork role, and nothing maps to manager for her.
    assert team.status_code == 403


async def test_cis2_role_objects_are_read_through_a_dotted_path(issuer: Issuer) -> None:
    """NHS CIS2 puts each role as an object in nhsid_nrbac_roles, its code in role_code."""
    settings = oidc_settings(
        issuer,
        auth_roles_claim="nhsid_nrbac_roles.role_code",
        auth_role_map='{"S8000:G8000:R8001": "link_worker"}',
    )
    roles = [{"role_code": "S8000:G8000:R8001", "org_code": "B86001"}, {"org_code": "X"}]
    async with app_with(settings) as client:
        answer = await client.get(
            "/caseload", headers=bearer(issuer.mint("cis2-amina", {"nhsid_nrbac_roles": roles}))
        )
    assert answer.status_code == 200 and answer.json()["roles"] == ["link_worker"]


async def test_an_issuer_that_cannot_be_reached_is_503_not_401() -> None:
    port = free_port()  # nothing listens there
    settings = ServiceSettings(
        auth_mode="oidc", auth_issuer=f"http://127.0.0.1:{port}", auth_audience="linkwork"
    )
    token = Issuer(url=f"http://127.0.0.1:{port}", clients={}, users={}).mint("lw-amina")
    async with app_with(settings) as client:
        answer = await client.get("/caseload", headers=bearer(token))
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert answer.json()["detail"]["error"] == "identity_provider_unavailable"


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"auth_mode": "oidc"}, "AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE"),
        (
            {
                "auth_mode": "oidc",
                "auth_issuer": "https://idp",
                "auth_audience": "lw",
                "auth_jwt_secret": "a-shared-secret-of-thirty-two-bytes",
            },
            "AUTH_JWT_SECRET is set but AUTH_MODE is not development",
        ),
        (
            {
                "auth_mode": "oidc",
                "auth_issuer": "https://idp",
                "auth_audience": "lw",
                "auth_algorithms": "RS256,HS256",
            },
            "only asymmetric algorithms",
        ),
        (
            {
                "auth_mode": "oidc",
                "auth_issuer": "https://idp",
                "auth_audience": "lw",
                "auth_role_map": '{"SPLW": "superuser"}',
            },
            "not Linkwork roles",
        ),
    ],
)
def test_unsafe_settings_are_named(settings: dict[str, str], says: str) -> None:
    problem = auth_problem(ServiceSettings(**settings))  # type: ignore[arg-type]
    assert problem is not None and says in problem


def test_development_and_a_configured_issuer_are_safe() -> None:
    assert auth_problem(ServiceSettings(auth_mode="development")) is None
    configured = ServiceSettings(auth_mode="oidc", auth_issuer="https://idp", auth_audience="lw")
    assert auth_problem(configured) is None


def test_a_service_started_without_an_issuer_refuses_with_one_line() -> None:
    env = {**os.environ, "AUTH_MODE": "oidc", "HTTP_PORT": str(free_port())}
    env.pop("AUTH_ISSUER", None)
    started = subprocess.run(
        [sys.executable, "-m", "linkwork_referral"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 1
    lines = started.stderr.strip().splitlines()
    assert lines == [
        "referral refuses to start: AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE (the "
        "identity provider whose tokens to accept); AUTH_MODE=development is for a "
        "developer's machine only"
    ]
