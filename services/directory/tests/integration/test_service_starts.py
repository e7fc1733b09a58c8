"""The directory service starts on the real infrastructure and serves its public root."""

from __future__ import annotations

from linkwork_devstack.testing import running
from linkwork_directory.app import create_app
from linkwork_directory.settings import Settings


async def test_directory_is_ready_and_serves_the_oruk_root(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        ready = await client.get("/ready")
        root = await client.get("/")
    assert ready.status_code == 200
    assert root.json()["version"] == "3.0"
