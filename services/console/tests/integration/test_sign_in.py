"""Signing in and out in development mode, on the real MongoDB: the session cookie's flags,
where she is sent afterwards (never another site), a sign-out that ends the session on the
server (the old cookie no longer works), the form token every change needs, the headers on
every answer, and the console's own pages when something is not there."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from linkwork_console.app import create_app
from linkwork_console.settings import Settings
from linkwork_devstack.testing import running, serving

from .signing import form_token, sign_in

COOKIE = "linkwork_session"


@pytest.fixture
async def console(console_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(create_app(console_settings)) as client:
        yield client


@asynccontextmanager
async def over_https(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind HTTPS, as in production (a browser sends Secure cookies back only there)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://console") as client:
            yield client


def session_cookie(answer: httpx.Response) -> str:
    (header,) = [h for h in answer.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}=")]
    return header


async def test_signing_in_sets_an_httponly_samesite_lax_cookie_and_opens_her_start_page(
    console: httpx.AsyncClient,
) -> None:
    signed_in = await sign_in(console, "lw-amina")
    home = await console.get("/")

    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/caseload"
    flags = [part.strip().lower() for part in session_cookie(signed_in).split(";")]
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "path=/" in flags
    assert "secure" not in flags  # development over plain HTTP (SECURE_COOKIES sets it)
    assert home.status_code == 303 and home.headers["location"] == "/caseload"


async def test_with_secure_cookies_the_session_cookie_is_for_https_only(
    console_settings: Settings,
) -> None:
    settings = console_settings.model_copy(update={"secure_cookies": True})
    async with over_https(create_app(settings)) as client:
        signed_in = await sign_in(client, "mgr-leeds")
    assert "secure" in [p.strip().lower() for p in session_cookie(signed_in).split(";")]
    assert signed_in.headers["location"] == "/team"


async def test_a_sign_in_without_its_form_token_or_a_demo_user_starts_no_session(
    console: httpx.AsyncClient,
) -> None:
    no_token = await console.post("/sign-in", data={"user": "lw-amina"})
    await console.get("/sign-in")  # the form's token cookie, but a user nobody knows
    token = re.search(r'name="sign_in_token" value="([^"]+)"', (await console.get("/sign-in")).text)
    assert token
    stranger = await console.post("/sign-in", data={"sign_in_token": token[1], "user": "mallory"})

    assert no_token.status_code == 200 and "The sign-in form had expired" in no_token.text
    assert stranger.status_code == 422 and "Choose who you are signing in as" in stranger.text
    for answer in (no_token, stranger):
        assert not any(h.startswith(COOKIE) for h in answer.headers.get_list("set-cookie"))
    assert (await console.get("/")).headers["location"].startswith("/sign-in")


async def test_signing_out_ends_the_session_so_the_old_cookie_no_longer_works(
    console: httpx.AsyncClient, console_settings: Settings
) -> None:
    await sign_in(console, "lw-amina")
    old_cookie = console.cookies[COOKIE]
    token = await form_token(console)

    signed_out = await console.post("/sign-out", data={"csrf_token": token})
    console.cookies.set(COOKIE, old_cookie)  # a copy of the cookie kept from before
    with_the_old_cookie = await console.get("/")

    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == "/sign-in?signed_out=true"
    assert re.match(rf'{COOKIE}="?"?;', session_cookie(signed_out))  # the browser drops it
    assert "Max-Age=0" in session_cookie(signed_out) or "expires=" in session_cookie(signed_out)
    assert with_the_old_cookie.status_code == 303
    assert with_the_old_cookie.headers["location"].startswith("/sign-in")
    sessions = create_app(console_settings).state.store.sessions
    assert await sessions.find_one({"identity.sub": "lw-amina"}) is None


async def test_a_change_without_the_form_token_is_refused_and_the_session_goes_on(
    console: httpx.AsyncClient,
) -> None:
    await sign_in(console, "lw-amina")

    without = await console.post("/sign-out")
    wrong = await console.post("/sign-out", data={"csrf_token": "guessed"})
    still_in = await console.get("/")

    for refused in (without, wrong):
        assert refused.status_code == 403
        assert "That change was not made" in refused.text
    assert still_in.headers["location"] == "/caseload"


async def test_a_refused_change_never_reaches_the_service(console_settings: Settings) -> None:
    calls: list[str] = []

    async def anything(request: Request) -> JSONResponse:
        calls.append(f"{request.method} {request.url.path}")
        return JSONResponse({"detail": "a stand-in"}, 404)

    methods = ["GET", "POST", "PUT", "PATCH"]
    referral = Starlette(routes=[Route("/{path:path}", anything, methods=methods)])
    async with serving(referral) as referral_url:
        settings = console_settings.model_copy(update={"referral_url": referral_url})
        async with running(create_app(settings)) as client:
            await sign_in(client, "lw-amina")
            attempt = {"method": "phone", "outcome": "reached"}
            refused = await client.post("/referrals/r-1/contact-attempts", data=attempt)
            by_header = await client.post(
                "/referrals/r-1/contact-attempts", data=attempt, headers={"X-CSRF-Token": "x"}
            )

    assert refused.status_code == by_header.status_code == 403
    assert calls == []


async def test_the_form_token_may_come_in_a_header_as_htmx_sends_it(
    console: httpx.AsyncClient,
) -> None:
    await sign_in(console, "lw-amina")
    token = await form_token(console)

    signed_out = await console.post("/sign-out", headers={"X-CSRF-Token": token})

    assert signed_out.status_code == 303
    assert (await console.get("/")).headers["location"].startswith("/sign-in")


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/caseload",
        "//evil.example/caseload",
        "/\\evil.example/caseload",  # browsers read "/\" as "//": another host
        "javascript:alert(1)",
    ],
)
async def test_signing_in_never_sends_her_to_another_site(
    console: httpx.AsyncClient, elsewhere: str
) -> None:
    form = await console.get("/sign-in", params={"next": elsewhere})
    signed_in = await sign_in(console, "lw-amina", next_page=elsewhere)

    assert signed_in.status_code == 303
    location = signed_in.headers["location"]
    # A page of this site, as a browser reads it ("\\" is a "/" to browsers).
    assert location.startswith("/") and not location.replace("\\", "/").startswith("//")
    if elsewhere != "/\\evil.example/caseload":
        assert 'name="next"' not in form.text
        assert location == "/caseload"


async def test_signed_out_she_is_sent_to_sign_in_and_then_back_to_the_page(
    console: httpx.AsyncClient,
) -> None:
    page = "/referrals/r-1?done=contact"
    away = await console.get(page)
    assert away.status_code == 303
    assert away.headers["location"] == "/sign-in?next=%2Freferrals%2Fr-1%3Fdone%3Dcontact"
    form = await console.get(away.headers["location"])
    assert 'name="next" value="/referrals/r-1?done=contact"' in form.text

    signed_in = await sign_in(console, "lw-amina", next_page=page)

    assert signed_in.headers["location"] == page


async def test_a_live_fragment_signed_out_sends_the_whole_page_to_sign_in(
    console: httpx.AsyncClient,
) -> None:
    fragment = await console.get("/caseload/sections", headers={"HX-Request": "true"})
    assert fragment.status_code == 401
    assert fragment.headers["HX-Redirect"] == "/sign-in?next=%2Fcaseload%2Fsections"


def nonce_of(html: str) -> str:
    match = re.search(r'<script type="module" nonce="([^"]+)"', html)
    assert match, html
    return match[1]


async def test_every_answer_carries_the_security_headers(console: httpx.AsyncClient) -> None:
    page = await console.get("/sign-in")
    again = await console.get("/sign-in")
    asset = await console.get("/assets/console/console.js")

    for answer in (page, asset):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "same-origin"
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert f"script-src 'self' 'nonce-{nonce_of(page.text)}'" in policy
    assert nonce_of(page.text) != nonce_of(again.text)  # a fresh nonce for every page
    assert "unsafe-inline" not in policy
    assert page.headers["Cache-Control"] == "no-store"  # pages may carry personal data
    assert "no-store" not in asset.headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in page.headers


async def test_with_secure_cookies_browsers_are_told_to_keep_to_https(
    console_settings: Settings,
) -> None:
    settings = console_settings.model_copy(update={"secure_cookies": True})
    async with over_https(create_app(settings)) as client:
        page = await client.get("/sign-in")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_a_page_that_does_not_exist_is_the_consoles_not_found_page(
    console: httpx.AsyncClient,
) -> None:
    await sign_in(console, "lw-amina")

    missing = await console.get("/no-such-page")

    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in missing.text


async def test_a_service_that_is_down_is_named_on_the_page(console: httpx.AsyncClient) -> None:
    await sign_in(console, "lw-amina")

    down = await console.get("/caseload")  # nothing answers at the referral service's address

    assert down.status_code == 503
    assert "<h1>Sorry, referrals are unavailable</h1>" in down.text


async def test_ready_answers_for_the_session_store_and_reports_each_service(
    console: httpx.AsyncClient,
) -> None:
    ready = await console.get("/ready")
    body: dict[str, Any] = ready.json()
    assert ready.status_code == 200 and body["status"] == "ready"
    assert body["checks"]["mongodb"] == "ok"
    assert body["checks"]["referral"].startswith("unreachable")  # down, and still ready
