"""What every service's HTTP answers hold to: bodies over the limit are 413 (declared or
chunked), answers carry the security headers (HSTS outside development), CORS only for the
origins configured, and routes needing no bearer token are rate-limited per address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Body, Depends, FastAPI

from linkwork_devstack.testing import bearer, running, serving
from linkwork_runtime.auth import Principal, require_roles
from linkwork_runtime.hardening import harden
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings

TWO_MB = 2 * 1024 * 1024
CHUNK = 64 * 1024
CONSOLE = "https://console.linkwork.example"

notes = APIRouter()


@notes.post("/notes")
async def write_note(
    who: Annotated[Principal, Depends(require_roles())], note: Annotated[str, Body(embed=True)]
) -> dict[str, Any]:
    return {"by": who.sub, "length": len(note)}


@notes.get("/notes")
async def read_notes(who: Annotated[Principal, Depends(require_roles())]) -> dict[str, Any]:
    return {"by": who.sub, "notes": []}


def probe(settings: ServiceSettings, **overrides: Any) -> FastAPI:
    return create_service_app(
        ServiceDefinition(
            settings=settings.model_copy(update=overrides),
            title="probe",
            description="probe",
            routers=[notes],
        )
    )


def link_worker(settings: ServiceSettings) -> dict[str, str]:
    return bearer(settings, "lw-amina", "link_worker")


def posting(settings: ServiceSettings) -> dict[str, str]:
    return {"Content-Type": "application/json", **link_worker(settings)}


def note_of(size: int) -> bytes:
    return b'{"note": "' + b"x" * size + b'"}'


async def chunks(body: bytes, sent: list[int]) -> AsyncIterator[bytes]:
    for start in range(0, len(body), CHUNK):
        sent.append(start)
        yield body[start : start + CHUNK]


def too_large(answer: httpx.Response) -> bool:
    detail = answer.json()["detail"]
    return (
        answer.status_code == 413
        and detail["error"] == "payload_too_large"
        and "1048576 bytes" in detail["message"]
    )


async def test_a_body_over_one_megabyte_is_413_saying_the_limit(
    settings: ServiceSettings,
) -> None:
    app = probe(settings)
    async with running(app) as client:
        big = await client.post("/notes", content=note_of(TWO_MB), headers=posting(settings))
        small = await client.post(
            "/notes", json={"note": "rang her"}, headers=link_worker(settings)
        )
    assert too_large(big)
    assert small.status_code == 200 and small.json() == {"by": "lw-amina", "length": 8}


async def test_a_chunked_body_over_the_limit_is_cut_off_with_413(
    settings: ServiceSettings,
) -> None:
    app = probe(settings)
    sent: list[int] = []
    async with running(app) as client:
        answer = await client.post(
            "/notes", content=chunks(note_of(TWO_MB), sent), headers=posting(settings)
        )
    assert "content-length" not in answer.request.headers
    assert answer.request.headers["transfer-encoding"] == "chunked"
    assert too_large(answer)
    assert len(sent) < TWO_MB // CHUNK  # reading stopped once past the limit


async def test_a_chunked_upload_over_the_wire_is_answered_413(
    settings: ServiceSettings,
) -> None:
    app = probe(settings)
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        answer = await client.post(
            "/notes", content=chunks(note_of(TWO_MB), []), headers=posting(settings)
        )
    assert too_large(answer)
    assert answer.headers["x-content-type-options"] == "nosniff"


async def test_an_authenticated_answer_is_not_sniffed_stored_or_referred(
    settings: ServiceSettings,
) -> None:
    app = probe(settings)
    async with running(app) as client:
        answer = await client.get("/notes", headers=link_worker(settings))
        refused = await client.get("/notes")
    assert answer.status_code == 200 and refused.status_code == 401
    for each in (answer, refused):
        assert each.headers["x-content-type-options"] == "nosniff"
        assert each.headers["cache-control"] == "no-store"
        assert each.headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in each.headers  # development


async def test_outside_development_answers_ask_for_https_only() -> None:
    # The service's wiring on a bare app: a whole service in oidc mode needs more settings
    # (an issuer, an audit key) that this behaviour does not depend on.
    settings = ServiceSettings(
        auth_mode="oidc", auth_issuer="https://issuer.linkwork.example", auth_audience="linkwork"
    )
    app = FastAPI()
    app.state.settings = settings
    app.include_router(notes)
    harden(app, settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        refused = await client.get("/notes")
        missing = await client.get("/nowhere")
    assert refused.status_code == 401 and missing.status_code == 404
    for each in (refused, missing):
        assert each.headers["strict-transport-security"] == "max-age=31536000"
        assert each.headers["cache-control"] == "no-store"
        assert each.headers["x-content-type-options"] == "nosniff"


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }


async def test_cors_is_closed_unless_the_origin_is_configured(
    settings: ServiceSettings,
) -> None:
    closed = httpx.ASGITransport(app=probe(settings))
    opened = httpx.ASGITransport(app=probe(settings, cors_allowed_origins=CONSOLE))
    async with (
        httpx.AsyncClient(transport=closed, base_url="http://service") as unconfigured,
        httpx.AsyncClient(transport=opened, base_url="http://service") as configured,
    ):
        nowhere = await unconfigured.options("/notes", headers=preflight(CONSOLE))
        allowed = await configured.options("/notes", headers=preflight(CONSOLE))
        stranger = await configured.options("/notes", headers=preflight("https://evil.example"))
        read = await configured.get("/notes", headers={"Origin": CONSOLE, **link_worker(settings)})
    assert "access-control-allow-origin" not in nowhere.headers
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == CONSOLE
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in allowed.headers
    assert "access-control-allow-origin" not in stranger.headers
    assert read.status_code == 200 and read.headers["access-control-allow-origin"] == CONSOLE


async def test_unauthenticated_routes_are_rate_limited_per_address_and_signed_in_ones_are_not(
    settings: ServiceSettings,
) -> None:
    app = probe(settings, public_rate_limit="3/day")
    elsewhere = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with (
        running(app) as client,
        httpx.AsyncClient(transport=elsewhere, base_url="http://service") as neighbour,
    ):
        allowed = [await client.get(path) for path in ("/health", "/ready", "/openapi.json")]
        limited = await client.get("/asyncapi.json")
        docs = await client.get("/docs")
        signed_in = [await client.get("/notes", headers=link_worker(settings)) for _ in range(5)]
        other_address = await neighbour.get("/health")
    assert [answer.status_code for answer in allowed] == [200, 200, 200]
    assert limited.status_code == 429 and docs.status_code == 429
    assert limited.json()["detail"]["error"] == "too_many_requests"
    assert "3 per 1 day" in limited.json()["detail"]["message"]
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["cache-control"] == "no-store"
    assert [answer.status_code for answer in signed_in] == [200] * 5
    assert other_address.status_code == 200
