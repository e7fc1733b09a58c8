"""The journey service follows referral events into a timeline, once per event."""

from __future__ import annotations

import uuid

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas.common import Urgency


async def test_referral_received_twice_appears_once_on_the_timeline(settings: Settings) -> None:
    story = Story()
    referral_id = story.referral_id
    event = story.received(urgency=Urgency.URGENT)
    app = create_app(settings)
    async with running(app) as client:
        marker = story.assigned()  # a distinct event after both copies, routing it to a team
        await publish_events(settings, event, event, marker)
        # No journey yet: the managers of the team it was routed to read it.
        headers = bearer(settings, "mgr-1", "manager", team_id="leeds-north")
        response = await eventually(
            lambda: client.get(f"/referrals/{referral_id}/timeline", headers=headers),
            lambda r: len(r.json().get("entries", [])) >= 2,
        )
    entries = response.json()["entries"]
    assert [e["event_id"] for e in entries] == [str(event.event_id), str(marker.event_id)]
    assert entries[0]["text"] == (
        "Referral received from Burley Park Medical Centre (urgent): Lives alone since bereavement"
    )


async def test_before_a_journey_a_link_worker_cannot_read_a_referrals_timeline(
    settings: Settings,
) -> None:
    referral_id = str(uuid.uuid4())
    async with running(create_app(settings)) as client:
        response = await client.get(
            f"/referrals/{referral_id}/timeline",
            headers=bearer(settings, "lw-amina", "link_worker"),
        )
    assert response.status_code == 404


async def test_before_a_journey_only_the_routed_teams_managers_read_the_timeline(
    settings: Settings,
) -> None:
    """The leak found by probing: a leeds-south manager read a leeds-north referral's story
    (and its reason) before any journey existed; so did a manager whose token named no team."""
    story = Story(team="leeds-north")
    north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
    south = bearer(settings, "mgr-south", "manager", team_id="leeds-south")
    nobody = bearer(settings, "mgr-none", "manager", team_id="")
    path = f"/referrals/{story.referral_id}/timeline"
    async with running(create_app(settings)) as client:
        await publish_events(settings, story.received(), story.assigned())
        own = await eventually(
            lambda: client.get(path, headers=north),
            lambda r: len(r.json().get("entries", [])) >= 2,
        )
        other = await client.get(path, headers=south)
        no_team = await client.get(path, headers=nobody)
    assert own.status_code == 200
    assert other.status_code == 404 and "reason" not in other.text
    assert no_team.status_code == 404
