"""The safety alerts in the handler tier (one real MongoDB transaction each, no broker): a
safeguarding concern recorded and told to the team's leads and managers at once; acknowledged
once; escalated once to every manager when nobody acknowledged it; one of no team told to
every team's leads and managers, any of whom acknowledges it; one raised again told to
nobody; a lone worker overdue told to every manager once per visit, and the alert closed by a
late check-out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_notifications.actions import safeguarding
from linkwork_notifications.app import definition, notifier
from linkwork_notifications.domain.concerns import AlreadyAcknowledged
from linkwork_notifications.settings import Settings
from linkwork_runtime.auth import Principal
from linkwork_runtime.refusals import NotFound
from linkwork_schemas.notification import (
    SafeguardingConcernAcknowledged,
    SafeguardingConcernEscalated,
)

from ..safety import Visit, concern_raised

JOURNEYS = "journey-events"
TEAM = "leeds-north"
LEAD = Principal(sub="lw-sam", roles=["link_worker"], team_id=TEAM)
MANAGER = Principal(sub="mgr-leeds", roles=["manager"], team_id=TEAM)


@pytest.fixture
async def tier(settings: Settings) -> AsyncIterator[HandlerTier]:
    async with handler_tier(definition(settings)) as tier:
        staff = [
            ("lw-sam", "link_worker", True),  # the team's safeguarding lead
            ("lw-bob", "link_worker", False),
            ("mgr-leeds", "manager", False),
            ("mgr-second", "manager", False),
            ("mgr-york", "manager", False),
        ]
        for sub, role, lead in staff:
            team = "york" if sub == "mgr-york" else TEAM
            await tier.store.recipients.put(
                {
                    "_id": sub,
                    "kind": "user",
                    "email": f"{sub}@nhs.net",
                    "role": role,
                    "team_id": team,
                    "channels": ["in_app", "email"],
                    "safeguarding_lead": lead,
                }
            )
        yield tier


async def told(tier: HandlerTier, source_event_id: str) -> list[tuple[str, str]]:
    found = await tier.store.deliveries.find({"source_event_id": source_event_id})
    return sorted((d["recipient_id"], d["channel"]) for d in found)


async def test_a_concern_is_recorded_and_told_at_once_to_the_leads_and_managers_only_once(
    tier: HandlerTier,
) -> None:
    raised = concern_raised(Story())

    first = await tier.consume(JOURNEYS, raised)
    again = await tier.consume(JOURNEYS, raised)

    concern = await tier.store.concerns.get(raised.payload.concern_id)
    assert concern is not None and concern["status"] == "open"
    assert concern["raised_at"] == raised.payload.raised_at
    assert await told(tier, str(raised.event_id)) == [
        ("lw-sam", "email"),
        ("lw-sam", "in_app"),
        ("mgr-leeds", "email"),
        ("mgr-second", "email"),
        ("team:leeds-north", "in_app"),
    ]
    pending = await tier.store.deliveries.find({"source_event_id": str(raised.event_id)})
    assert all(d["urgent"] and not d["quiet_hours"] for d in pending)
    (note,) = await tier.store.inbox.find({"recipient_id": "lw-sam"})
    assert (note["concern_id"], note["journey_id"]) == (
        raised.payload.concern_id,
        raised.payload.journey_id,
    )
    assert len(first.events) == 2 and again.events == []  # in-app sent twice; nothing again


async def test_a_concern_raised_again_under_another_event_tells_nobody_and_keeps_its_state(
    tier: HandlerTier,
) -> None:
    raised = concern_raised(Story())
    await tier.consume(JOURNEYS, raised)
    await tier.run(lambda tx: safeguarding.acknowledge(tx, LEAD, raised.payload.concern_id))
    # A replay or a second publication: the same concern, a new event.
    again = raised.model_copy(update={"event_id": uuid.uuid4()})

    ran = await tier.consume(JOURNEYS, again)

    assert await told(tier, str(again.event_id)) == []
    assert ran.events == []
    concern = await tier.store.concerns.get(raised.payload.concern_id)
    assert concern is not None and concern["status"] == "acknowledged"


async def test_a_concern_of_no_team_is_told_to_every_teams_leads_and_managers(
    tier: HandlerTier,
) -> None:
    raised = concern_raised(Story(), team_id=None)

    await tier.consume(JOURNEYS, raised)

    assert await told(tier, str(raised.event_id)) == [
        (who, channel)
        for who in ("lw-sam", "mgr-leeds", "mgr-second", "mgr-york")
        for channel in ("email", "in_app")
    ]
    assert await tier.store.inbox.find({"recipient_id": {"$regex": "^team:"}}) == []


@pytest.mark.parametrize(
    "acknowledger",
    [MANAGER, Principal(sub="mgr-york", roles=["manager"], team_id="york"), LEAD],
    ids=["a manager", "another team's manager", "a lead"],
)
async def test_any_lead_or_manager_acknowledges_a_concern_of_no_team(
    tier: HandlerTier, acknowledger: Principal
) -> None:
    raised = concern_raised(Story(), team_id=None)
    await tier.consume(JOURNEYS, raised)
    concern_id = raised.payload.concern_id
    strangers = [
        Principal(sub="lw-bob", roles=["link_worker"], team_id=TEAM),  # not a lead
        Principal(sub="mgr-none", roles=["manager"], team_id=""),
    ]
    for stranger in strangers:
        with pytest.raises(NotFound):
            await tier.run(lambda tx, who=stranger: safeguarding.acknowledge(tx, who, concern_id))

    ran = await tier.run(lambda tx: safeguarding.acknowledge(tx, acknowledger, concern_id))

    assert ran.only(SafeguardingConcernAcknowledged).payload.acknowledged_by == acknowledger.sub


async def test_a_concern_of_no_team_escalates_once_to_every_manager(tier: HandlerTier) -> None:
    raised = concern_raised(Story(), team_id=None)
    await tier.consume(JOURNEYS, raised)
    concern = await tier.store.concerns.get(raised.payload.concern_id)
    assert concern is not None
    recording = notifier(tier.settings)

    first = await tier.run(lambda tx: safeguarding.escalate(tx, concern, recording))
    second = await tier.run(lambda tx: safeguarding.escalate(tx, concern, recording))

    assert (first.result, second.result) == (True, False)
    escalation = first.only(SafeguardingConcernEscalated)
    assert await told(tier, str(escalation.event_id)) == [
        (who, channel)
        for who in ("mgr-leeds", "mgr-second", "mgr-york")
        for channel in ("email", "in_app")
    ]


async def test_a_lead_acknowledges_once_and_the_second_is_told_who_did_and_when(
    tier: HandlerTier,
) -> None:
    raised = concern_raised(Story())
    await tier.consume(JOURNEYS, raised)
    concern_id = raised.payload.concern_id

    ran = await tier.run(lambda tx: safeguarding.acknowledge(tx, LEAD, concern_id))
    with pytest.raises(AlreadyAcknowledged) as second:
        await tier.run(lambda tx: safeguarding.acknowledge(tx, MANAGER, concern_id))

    acknowledged = ran.only(SafeguardingConcernAcknowledged)
    assert acknowledged.payload.acknowledged_by == "lw-sam"
    assert acknowledged.correlation_id == raised.correlation_id
    assert ran.result["status"] == "acknowledged"
    at = ran.result["acknowledged_at"]
    said = f"already acknowledged by lw-sam at {at:%H:%M} UTC on {at:%d %b %Y}"
    assert second.value.message == said
    assert second.value.status == 409
    # Every inbox it reached says so, so none offers to acknowledge it again.
    notes = await tier.store.inbox.find({"concern_id": concern_id})
    assert sorted(n["recipient_id"] for n in notes) == ["lw-sam", "team:leeds-north"]
    assert {(n["concern_acknowledged_by"], n["concern_acknowledged_at"]) for n in notes} == {
        ("lw-sam", at)
    }


@pytest.mark.parametrize(
    "stranger",
    [
        Principal(sub="lw-bob", roles=["link_worker"], team_id=TEAM),  # same team, not a lead
        Principal(sub="mgr-york", roles=["manager"], team_id="york"),
        Principal(sub="mgr-none", roles=["manager"], team_id=""),
    ],
    ids=["a link worker who is not a lead", "another team's manager", "a manager of no team"],
)
async def test_someone_who_does_not_answer_for_the_concern_is_told_there_is_none(
    tier: HandlerTier, stranger: Principal
) -> None:
    raised = concern_raised(Story())
    await tier.consume(JOURNEYS, raised)
    concern_id = raised.payload.concern_id

    with pytest.raises(NotFound):
        await tier.run(lambda tx: safeguarding.acknowledge(tx, stranger, concern_id))

    still = await tier.store.concerns.get(concern_id)
    assert still is not None and still["status"] == "open"


async def test_an_unacknowledged_concern_escalates_once_to_every_manager_of_the_team(
    tier: HandlerTier,
) -> None:
    raised = concern_raised(Story())
    await tier.consume(JOURNEYS, raised)
    recording = notifier(tier.settings)
    concern = await tier.store.concerns.get(raised.payload.concern_id)
    assert concern is not None

    first = await tier.run(lambda tx: safeguarding.escalate(tx, concern, recording))
    second = await tier.run(lambda tx: safeguarding.escalate(tx, concern, recording))

    assert (first.result, second.result) == (True, False)
    escalation = first.only(SafeguardingConcernEscalated)
    assert escalation.payload.raised_at == raised.payload.raised_at
    assert second.events == []
    assert await told(tier, str(escalation.event_id)) == [
        ("mgr-leeds", "email"),
        ("mgr-leeds", "in_app"),
        ("mgr-second", "email"),
        ("mgr-second", "in_app"),
        ("team:leeds-north", "in_app"),
    ]
    stored = await tier.store.concerns.get(concern["_id"])
    assert stored is not None and stored["status"] == "escalated"
    # Escalated, it can still be acknowledged (and keeps when it was escalated).
    ran = await tier.run(lambda tx: safeguarding.acknowledge(tx, MANAGER, concern["_id"]))
    assert (ran.result["status"], ran.result["escalated_at"]) == (
        "acknowledged",
        stored["escalated_at"],
    )


async def test_an_acknowledged_concern_never_escalates(tier: HandlerTier) -> None:
    raised = concern_raised(Story())
    await tier.consume(JOURNEYS, raised)
    concern_id = raised.payload.concern_id
    await tier.run(lambda tx: safeguarding.acknowledge(tx, LEAD, concern_id))
    concern = await tier.store.concerns.get(concern_id)
    assert concern is not None

    ran = await tier.run(lambda tx: safeguarding.escalate(tx, concern, notifier(tier.settings)))

    assert (ran.result, ran.events) == (False, [])


async def inboxes(tier: HandlerTier, source_event_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await tier.store.inbox.find({"source_event_id": source_event_id})
    return found


async def test_a_lone_worker_overdue_alerts_every_manager_once_and_a_late_check_out_ends_it(
    tier: HandlerTier,
) -> None:
    visit = Visit(Story())
    overdue, repeated, out = visit.overdue(), visit.overdue(), visit.checked_out(late=True)

    await tier.consume(JOURNEYS, visit.checked_in())
    await tier.consume(JOURNEYS, overdue)
    await tier.consume(JOURNEYS, repeated)  # another alert of the same visit: nobody again
    alerted = await inboxes(tier, str(overdue.event_id))
    await tier.consume(JOURNEYS, out)

    managers = [
        ("mgr-leeds", "email"),
        ("mgr-leeds", "in_app"),
        ("mgr-second", "email"),
        ("mgr-second", "in_app"),
        ("team:leeds-north", "in_app"),
    ]
    assert await told(tier, str(overdue.event_id)) == managers
    assert await told(tier, str(repeated.event_id)) == []
    assert await told(tier, str(out.event_id)) == managers
    assert [n["read_at"] for n in alerted] == [None, None, None]
    closed = await inboxes(tier, str(overdue.event_id))
    assert len(closed) == 3 and all(n["read_at"] and n["resolved_at"] for n in closed)
    safe = await inboxes(tier, str(out.event_id))
    assert {n["title"] for n in safe} == {"lw-amina has checked out safely"}
    assert all(n["read_at"] is None for n in safe)


async def test_an_alert_and_its_late_check_out_in_one_batch_leave_the_alert_closed(
    tier: HandlerTier,
) -> None:
    visit = Visit(Story())
    overdue = visit.overdue()

    await tier.consume_batch(JOURNEYS, [overdue, visit.checked_out(late=True)])

    closed = await inboxes(tier, str(overdue.event_id))
    assert len(closed) == 3 and all(n["resolved_at"] for n in closed)


async def test_a_check_in_and_an_on_time_check_out_tell_nobody(tier: HandlerTier) -> None:
    visit = Visit(Story())
    checked_in, on_time = visit.checked_in(), visit.checked_out(late=False)

    await tier.consume(JOURNEYS, checked_in)
    await tier.consume(JOURNEYS, on_time)

    assert await told(tier, str(checked_in.event_id)) == []
    assert await told(tier, str(on_time.event_id)) == []
