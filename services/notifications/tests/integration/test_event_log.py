"""The notifications service keeps every event's envelope for ops, never its payload."""

from __future__ import annotations

import uuid

from linkwork_devstack.builders import event, publish_events
from linkwork_devstack.testing import bearer, eventually, running
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas.journey import GoalSet
from linkwork_schemas.referral import ReferralWithdrawn


async def test_ops_see_each_events_envelope_once_without_personal_data(
    settings: Settings,
) -> None:
    referral_id = str(uuid.uuid4())
    withdrawn = event(
        ReferralWithdrawn,
        referral_id,
        referral_id=referral_id,
        reason="Amina Shah moved to Bradford",
        withdrawn_by="mgr-1",
    )
    goal = event(
        GoalSet,
        "j-1",
        caused_by=withdrawn,
        journey_id="j-1",
        goal_id="g-1",
        description="Join the walking group",
        set_by="lw-1",
    )
    app = create_app(settings)
    async with running(app) as client:
        await publish_events(settings, withdrawn, withdrawn, goal)  # the second is a redelivery
        ops = bearer(settings, "ops-1", "ops")
        response = await eventually(
            lambda: client.get("/events", headers=ops), lambda r: len(r.json()["items"]) >= 2
        )
        forbidden = await client.get("/events", headers=bearer(settings, "lw-1", "link_worker"))

    body = response.json()
    assert body["total"] == 2
    by_type = {item["event_type"]: item for item in body["items"]}
    assert by_type["ReferralWithdrawn"]["event_id"] == str(withdrawn.event_id)
    assert by_type["GoalSet"]["correlation_id"] == withdrawn.correlation_id
    assert by_type["GoalSet"]["causation_id"] == str(withdrawn.event_id)
    assert "Amina" not in response.text
    assert "payload" not in response.text
    assert forbidden.status_code == 403
