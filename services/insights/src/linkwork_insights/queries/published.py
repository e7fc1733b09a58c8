"""Published reports as their owners (and only they) may read them."""

from __future__ import annotations

from typing import Any

from linkwork_insights.store import Store
from linkwork_runtime.refusals import NotFound


async def published_list(store: Store, owner: str) -> list[dict[str, Any]]:
    found = await store.published.find({"owner": owner}, projection={"figures": 0})
    return [_view(document) for document in found]


async def published_one(store: Store, owner: str | None, publication_id: str) -> dict[str, Any]:
    found = await store.published.get(publication_id)
    if found is None or found["owner"] != owner:
        raise NotFound(f"no published report {publication_id!r}")
    return _view(found)


def _view(document: dict[str, Any]) -> dict[str, Any]:
    shown = {key: value for key, value in document.items() if key != "_id"}
    if "published_at" in shown and hasattr(shown["published_at"], "isoformat"):
        shown["published_at"] = shown["published_at"].isoformat()
    return {"publication_id": document["_id"], **shown}
