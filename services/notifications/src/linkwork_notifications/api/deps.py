"""FastAPI dependencies the notifications routes share: settings, store, the readers' and
keepers' roles, and the stream's authentication: the bearer token in the Authorization
header, or `?access_token=` for EventSource clients (browsers' EventSource cannot set headers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from linkwork_notifications.settings import Settings
from linkwork_notifications.store import Store
from linkwork_runtime.access import Party, declares
from linkwork_runtime.auth import Principal, Role, authenticate, authorise, require_roles
from linkwork_runtime.http import get_settings, get_store, paging
from linkwork_runtime.paging import PageRequest
from linkwork_runtime.wakeups import Wakeups

READERS = (Role.LINK_WORKER, Role.MANAGER, Role.PRACTICE, Role.PROVIDER, Role.OPS)

SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Ops = Annotated[Principal, Depends(require_roles(Role.OPS))]
Keeper = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.OPS))]


# Whose inboxes a reader reads (domain/feed_access.py): their own, a manager their team's, a
# practice its practice's, a provider its organisation's.
INBOXES = {
    "link_worker": Party.SELF,
    "manager": Party.TEAM,
    "practice": Party.PRACTICE,
    "provider": Party.ORGANISATION,
    "ops": Party.SELF,
}


def get_feed_written(request: Request) -> Wakeups:
    """Woken when this process commits feed items (the app's `state.feed_written`)."""
    written: Wakeups = request.app.state.feed_written
    return written


FeedWritten = Annotated[Wakeups, Depends(get_feed_written)]
InboxPaging = Annotated[PageRequest, Depends(paging(default=50, maximum=200))]
OpsPaging = Annotated[PageRequest, Depends(paging(default=100, maximum=500))]


@declares(*READERS)  # what the `authorise` below enforces
async def stream_principal(
    request: Request,
    access_token: Annotated[
        str | None, Query(description="The bearer token, for clients that cannot set headers")
    ] = None,
) -> Principal:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    token = credentials if scheme.lower() == "bearer" and credentials else access_token
    how = "send 'Authorization: Bearer <token>' or ?access_token=<token>"
    principal = await authenticate(token, request, how=how)
    return authorise(principal, READERS, what="the stream")


StreamReader = Annotated[Principal, Depends(stream_principal)]
