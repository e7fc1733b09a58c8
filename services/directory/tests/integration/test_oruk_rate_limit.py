"""The public ORUK feed is rate-limited per client address (anyone may read it without a
token); a signed-in link worker's search on the same service is not."""

from __future__ import annotations

import httpx

from linkwork_devstack.testing import bearer, running
from linkwork_directory.app import create_app
from linkwork_directory.settings import Settings


async def test_the_oruk_feed_is_limited_per_address_and_signed_in_searches_are_not(
    settings: Settings,
) -> None:
    app = create_app(settings.model_copy(update={"public_rate_limit": "2/day"}))
    link_worker = bearer(settings, "lw-amina", "link_worker")
    elsewhere = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with (
        running(app) as client,
        httpx.AsyncClient(transport=elsewhere, base_url="http://service") as neighbour,
    ):
        feed = [await client.get(path) for path in ("/services", "/taxonomies", "/services/s-1")]
        searches = [await client.get("/search", headers=link_worker) for _ in range(4)]
        other_address = await neighbour.get("/service_at_locations")
    assert [answer.status_code for answer in feed] == [200, 200, 429]
    assert feed[2].json()["detail"]["error"] == "too_many_requests"
    assert int(feed[2].headers["retry-after"]) >= 1
    assert [answer.status_code for answer in searches] == [200] * 4
    assert other_address.status_code == 200
