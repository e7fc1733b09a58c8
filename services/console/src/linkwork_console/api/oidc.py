"""Signing in at the identity provider (AUTH_MODE=oidc): `/auth/start` sends the browser
there with a PKCE challenge; `/auth/callback` takes its answer, checks it and starts the
session. The answer must come back to the browser that started (a cookie holds the state),
so nobody can sign someone else in with their own account."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from linkwork_console.actions.signing_in import (
    TokenChecker,
    begin_provider_sign_in,
    finish_provider_sign_in,
)
from linkwork_console.api.deps import Now, SettingsDep, StoreDep
from linkwork_console.api.pages import render, see_other
from linkwork_console.api.sign_in import set_session_cookie
from linkwork_console.backends.oidc import Provider, SignInFailed
from linkwork_console.domain.identity import home_of, safe_next
from linkwork_runtime.access import public
from linkwork_runtime.auth import claim_names_of, tokens_of

router = APIRouter(tags=["sign in"], dependencies=[public("where people sign in")])
STATE_COOKIE = "linkwork_oidc_state"


def _provider(request: Request) -> Provider:
    provider: Provider = request.app.state.identity_provider
    return provider


def _checker(request: Request) -> TokenChecker:
    return TokenChecker(tokens_of(request.app), claim_names_of(request.app))


def _callback(request: Request) -> str:
    return str(request.url_for("provider_callback"))


@router.get("/auth/start", summary="Sign in at the identity provider")
async def provider_start(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    now: Now,
    next_page: Annotated[str | None, Query(alias="next")] = None,
) -> Response:
    if settings.auth_mode != "oidc":
        return see_other("/sign-in")
    started = await begin_provider_sign_in(
        store, _provider(request), _callback(request), safe_next(next_page), now
    )
    response = RedirectResponse(started.url, status_code=302)
    response.set_cookie(
        STATE_COOKIE,
        started.state,
        max_age=600,
        path="/auth",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.get("/auth/callback", name="provider_callback", summary="The identity provider's answer")
async def provider_callback(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    now: Now,
    state: str = "",
    code: str = "",
    error: str = "",
) -> Response:
    started_here = request.cookies.get(STATE_COOKIE, "")
    try:
        if error or not code:
            raise SignInFailed(f"the identity provider did not sign you in ({error or 'no code'})")
        if not started_here or not secrets.compare_digest(state, started_here):
            raise SignInFailed("this sign-in was started in another browser: start again")
        session, next_page = await finish_provider_sign_in(
            store,
            settings,
            _checker(request),
            _provider(request),
            _callback(request),
            state,
            code,
            now,
        )
    except SignInFailed as failed:
        return await render(
            request,
            "errors/sign_in_failed.html",
            status=401,
            title="Not signed in",
            reason=str(failed),
        )
    response = see_other(safe_next(next_page) or home_of(session.identity))
    set_session_cookie(response, settings, session, now)
    response.delete_cookie(STATE_COOKIE, path="/auth")
    return response
