"""Signing in at an OpenID Connect identity provider (AUTH_MODE=oidc): the authorization-code
flow with PKCE against a real issuer on loopback, the console's session on the real MongoDB,
and the answers that must not sign anyone in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from linkwork_console.app import create_app
from linkwork_console.settings import DEVELOPMENT_SESSION_SECRET, Settings
from linkwork_devstack.issuer import Issuer, issuer_app
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import running, serving
from linkwork_runtime.service import RefusedToStart

AMINA = {"name": "Amina Shah", "roles": ["link_worker"], "team_id": "leeds-north"}


@pytest.fixture
async def issuer() -> AsyncIterator[Issuer]:
    provider = Issuer(
        url="",
        clients={"linkwork-console": "console-secret"},
        users={"lw-amina": AMINA},
    )
    async with serving(issuer_app(provider)) as url:
        provider.url = url
        yield provider


@pytest.fixture
def settings(linkwork_infra: Endpoints, isolation: str, issuer: Issuer) -> Settings:
    return Settings(
        mongodb_uri=linkwork_infra.mongodb_uri,
        mongodb_database=f"{isolation}_console",
        auth_mode="oidc",
        auth_issuer=issuer.url,
        auth_audience=issuer.audience,
        oidc_client_id="linkwork-console",
        oidc_client_secret="console-secret",
        session_secret="a-session-secret-of-this-test-only",
    )


async def to_the_provider(client: httpx.AsyncClient, next_page: str) -> str:
    """Open a page signed out: the console sends the browser to the provider; the URL the
    browser would open there, with the person chosen (the provider's own sign-in page)."""
    page = await client.get(next_page)
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    start = await client.get(page.headers["location"])
    assert start.headers["location"].startswith("/auth/start")
    authorize = await client.get(start.headers["location"])
    assert authorize.status_code == 302
    return f"{authorize.headers['location']}&login_hint=lw-amina"


async def back_from_the_provider(authorize_url: str) -> str:
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(authorize_url)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["location"])
    return f"{callback.path}?{callback.query}"


async def test_signing_in_at_the_provider_starts_a_session_and_returns_to_the_page(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        authorize = await to_the_provider(client, "/referrals/r-1?done=contact")
        asked = parse_qs(urlsplit(authorize).query)
        callback = await back_from_the_provider(authorize)
        signed_in = await client.get(callback)
        home = await client.get("/")
    # PKCE (S256) and a nonce were asked for; the console's own address is where to return.
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["nonce"][0] and asked["redirect_uri"] == ["http://service/auth/callback"]
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/referrals/r-1?done=contact"
    cookie = signed_in.headers["set-cookie"]
    assert "linkwork_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    # The ID token's claims made her a link worker: her start page is her caseload.
    assert home.status_code == 303 and home.headers["location"] == "/caseload"


async def test_an_answer_that_comes_back_to_another_browser_signs_nobody_in(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        authorize = await to_the_provider(client, "/caseload")
        callback = await back_from_the_provider(authorize)
        client.cookies.clear()  # another browser: it never started this sign-in
        refused = await client.get(callback)
        still_out = await client.get("/caseload")
    assert refused.status_code == 401 and "started in another browser" in refused.text
    assert "linkwork_session" not in refused.headers.get("set-cookie", "")
    assert still_out.status_code == 303


async def test_the_same_answer_twice_signs_in_once(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        authorize = await to_the_provider(client, "/caseload")
        callback = await back_from_the_provider(authorize)
        state = parse_qs(urlsplit(callback).query)["state"][0]
        first = await client.get(callback)
        client.cookies.set("linkwork_oidc_state", state)  # the same browser, the same answer
        again = await client.get(callback)
    assert first.status_code == 303
    assert again.status_code == 401 and "not started here" in again.text


async def test_an_id_token_signed_by_a_key_the_provider_does_not_publish_is_refused(
    settings: Settings, issuer: Issuer
) -> None:
    async with running(create_app(settings)) as client:
        authorize = await to_the_provider(client, "/caseload")
        callback = await back_from_the_provider(authorize)
        # The provider now signs with a key it does not publish: a forged token's case.
        issuer.retire(issuer.rotate().kid)
        refused = await client.get(callback)
    assert refused.status_code == 401 and "ID token is not valid" in refused.text


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"oidc_client_id": ""}, "AUTH_MODE=oidc needs OIDC_CLIENT_ID"),
        ({"session_secret": DEVELOPMENT_SESSION_SECRET}, "SESSION_SECRET is the development one"),
        ({"auth_audience": ""}, "needs AUTH_ISSUER and AUTH_AUDIENCE"),
    ],
)
def test_the_console_refuses_to_start_with_unsafe_sign_in_settings(
    settings: Settings, changes: dict[str, str], says: str
) -> None:
    with pytest.raises(RefusedToStart, match=says):
        create_app(settings.model_copy(update=changes))
