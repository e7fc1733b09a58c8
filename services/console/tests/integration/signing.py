"""Signing in to the console the way a browser does: the development sign-in form (its own
token, in a cookie and a hidden field), then the session cookie on every request."""

from __future__ import annotations

import re

import httpx

FORM_TOKEN = re.compile(r'name="sign_in_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def sign_in(
    client: httpx.AsyncClient, user: str = "lw-amina", next_page: str | None = None
) -> httpx.Response:
    form = await client.get("/sign-in", params={"next": next_page} if next_page else None)
    match = FORM_TOKEN.search(form.text)
    assert match, form.text
    fields = {"sign_in_token": match[1], "user": user}
    if next_page is not None:
        fields["next"] = next_page
    return await client.post("/sign-in", data=fields)


async def form_token(client: httpx.AsyncClient) -> str:
    """The session's form token, as every signed-in page carries it (the sign-out form)."""
    page = await client.get("/caseload")
    match = CSRF.search(page.text)
    assert match, page.text
    return match[1]
