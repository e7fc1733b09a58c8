"""Against the real database, without the broker: every list keeps its page size, its
default and its maximum, and answers in the one page envelope."""

from __future__ import annotations

import httpx
import pytest

from linkwork_devstack.testing import bearer
from linkwork_notifications.settings import Settings


@pytest.mark.parametrize(
    ("path", "default", "maximum"),
    [("/notifications", 50, 200), ("/events", 100, 500), ("/deliveries", 100, 500)],
)
async def test_each_list_pages_by_its_own_default_up_to_its_own_maximum(
    settings: Settings, client: httpx.AsyncClient, path: str, default: int, maximum: int
) -> None:
    ops = bearer(settings, "ops-1", "ops")

    first = await client.get(path, headers=ops)
    largest = await client.get(path, params={"page": 2, "per_page": maximum}, headers=ops)
    too_large = await client.get(path, params={"per_page": maximum + 1}, headers=ops)
    page_zero = await client.get(path, params={"page": 0}, headers=ops)

    assert first.status_code == 200, first.text
    assert {k: v for k, v in first.json().items() if k != "unread"} == {
        "total": 0,
        "page": 1,
        "per_page": default,
        "items": [],
    }
    assert largest.status_code == 200, largest.text
    assert (largest.json()["page"], largest.json()["per_page"]) == (2, maximum)
    assert too_large.status_code == 422
    assert page_zero.status_code == 422
