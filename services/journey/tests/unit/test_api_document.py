"""The journey API documents itself (no servers needed: the app is built, not started)."""

from __future__ import annotations

from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings


def test_the_journey_listing_is_documented_with_its_paging() -> None:
    spec = create_app(Settings()).openapi()

    parameters = {p["name"]: p["schema"] for p in spec["paths"]["/journeys"]["get"]["parameters"]}
    limits = {
        name: (s.get("minimum"), s.get("maximum"), s.get("default"))
        for name, s in parameters.items()
    }
    assert limits["page"] == (1, 1_000_000, 1)  # past any list, within a 64-bit skip
    assert limits["per_page"] == (1, 200, 50)
    assert {"link_worker", "status", "referral_id"} <= set(parameters)
