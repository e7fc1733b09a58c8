"""Signing in and out. In development (AUTH_MODE=development) the sign-in page lists the demo
users and the console signs a development token for the one chosen; with an identity provider
(AUTH_MODE=oidc) sign-in happens there (see api/oidc.py). Either way the session is a signed,
HttpOnly, SameSite=Lax cookie naming a session the console keeps; the token stays here."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from linkwork_console.actions.signing_in import development_token, end_session, start_session
from linkwork_console.api.deps import (
    SESSION_COOKIE,
    Now,
    SessionDep,
    SettingsDep,
    StoreDep,
    checked_form,
    cookie_signer,
)
from linkwork_console.api.pages import render, see_other
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.identity import DemoUser, home_of, safe_next
from linkwork_console.domain.sessions import Session
from linkwork_console.settings import Settings
from linkwork_runtime.access import public, unconfined

router = APIRouter(tags=["sign in"])
BEFORE_SIGN_IN = [public("where people sign in")]
SIGN_IN_COOKIE = "linkwork_sign_in"  # the sign-in form's own token, before there is a session
Next = Annotated[str | None, Query(alias="next")]


@router.get(
    "/", include_in_schema=False, dependencies=[unconfined("the start page of whoever signed in")]
)
async def home(session: SessionDep) -> Response:
    return see_other(home_of(session.identity))


@router.get("/sign-in", summary="Sign in", dependencies=BEFORE_SIGN_IN)
async def sign_in_page(
    request: Request, settings: SettingsDep, next_page: Next = None, signed_out: bool = False
) -> Response:
    if settings.auth_mode == "oidc":
        target = "/auth/start" + (f"?next={safe_next(next_page)}" if safe_next(next_page) else "")
        return see_other(target)
    return await _sign_in_form(request, settings, safe_next(next_page), FormState(), signed_out)


@router.post(
    "/sign-in", summary="Sign in as a demo user (development)", dependencies=BEFORE_SIGN_IN
)
async def sign_in(request: Request, settings: SettingsDep, store: StoreDep, now: Now) -> Response:
    form = await request.form()
    sent, expected = str(form.get("sign_in_token", "")), request.cookies.get(SIGN_IN_COOKIE, "")
    next_page = safe_next(str(form.get("next", "")))
    if settings.auth_mode != "development":
        return see_other("/sign-in")
    if not expected or not secrets.compare_digest(sent, expected):
        problem = FieldError(None, "The sign-in form had expired: choose who you are again")
        return await _sign_in_form(request, settings, next_page, FormState(errors=[problem]))
    user = _demo_user(request, str(form.get("user", "")))
    if user is None:
        problem = FieldError("user", "Choose who you are signing in as")
        return await _sign_in_form(
            request, settings, next_page, FormState(errors=[problem]), status=422
        )
    token, expires = development_token(settings, user.identity, now)
    session = await start_session(store, settings, user.identity, token, expires, now)
    response = see_other(next_page or home_of(user.identity))
    set_session_cookie(response, settings, session, now)
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@router.post(
    "/sign-out",
    summary="Sign out: the session ends",
    dependencies=[unconfined("ends the person's own session only")],
)
async def sign_out(
    request: Request, settings: SettingsDep, store: StoreDep, session: SessionDep
) -> Response:
    await checked_form(request, session)
    await end_session(store, session.id)
    response = see_other("/sign-in?signed_out=true")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def set_session_cookie(
    response: Response, settings: Settings, session: Session, now: datetime
) -> None:
    """The browser's cookie naming the session: signed, for this site's pages only, out of
    reach of the page's JavaScript, gone when the session ends."""
    response.set_cookie(
        SESSION_COOKIE,
        cookie_signer(settings).dumps(session.id),
        max_age=max(1, int((session.expires_at - now).total_seconds())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


async def _sign_in_form(
    request: Request,
    settings: Settings,
    next_page: str | None,
    form: FormState,
    signed_out: bool = False,
    status: int = 200,
) -> Response:
    token = secrets.token_urlsafe(24)
    response = await render(
        request,
        "sign_in.html",
        status=status,
        title="Sign in",
        users=_demo_users(request),
        next_page=next_page,
        sign_in_token=token,
        form=form,
        signed_out=signed_out,
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        token,
        max_age=1800,
        path="/sign-in",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


def _demo_users(request: Request) -> list[DemoUser]:
    """The people one can sign in as in development (the app's `dev` demo users)."""
    users: list[DemoUser] = request.app.state.demo_users
    return users


def _demo_user(request: Request, sub: str) -> DemoUser | None:
    return next((user for user in _demo_users(request) if user.identity.sub == sub), None)
