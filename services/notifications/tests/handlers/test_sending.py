"""The handler tier for what the dispatcher does in a transaction, and the writes behind the
API: a delivery made final once by the dispatcher that holds it, with its announcement;
notifications read by their readers only; recipients' details kept by their keepers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_notifications.actions import inbox, recipients, sending
from linkwork_notifications.actions.recipients import RecipientDetails
from linkwork_notifications.actions.sending import Outcome
from linkwork_notifications.app import definition
from linkwork_notifications.channels import OutgoingMessage
from linkwork_notifications.jobs import Courier, deliver
from linkwork_notifications.settings import Settings, quiet_hours_of
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotFound, NotPermitted, Unprocessable
from linkwork_schemas.notification import NotificationFailed, NotificationSent

LEEDS_MANAGER = Principal(sub="mgr-leeds", roles=frozenset({"manager"}), team_id="leeds-north")
AMINA = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="leeds-north")
BOB = Principal(sub="lw-bob", roles=frozenset({"link_worker"}), team_id="leeds-north")
LEASE = timedelta(seconds=60)


@pytest.fixture
async def tier(settings: Settings) -> AsyncIterator[HandlerTier]:
    async with handler_tier(definition(settings)) as tier:
        yield tier


async def pending_email(tier: HandlerTier, holder: str, lease: timedelta = LEASE) -> Document:
    """The e-mail to Amina of her new referral, claimed by `holder`."""
    details = RecipientDetails(
        email="amina.khan@nhs.net", role="link_worker", team_id="leeds-north"
    )
    await tier.run(lambda tx: recipients.keep(tx, "lw-amina", details, LEEDS_MANAGER))
    await tier.consume("referral-events", Story().assigned())
    now = tier.uow.clock()
    claimed: Document | None = await tier.store.deliveries.claim_due(now, holder, lease)
    assert claimed is not None and claimed["channel"] == "email"
    return claimed


class SlowMail:
    """An e-mail relay that takes `seconds` to accept each message; what it accepted."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.accepted: list[str] = []

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.sleep(self.seconds)
        self.accepted.append(message.notification_id)


def courier(tier: HandlerTier, settings: Settings, holder: str, mail: SlowMail) -> Courier:
    return Courier(
        tier.uow,
        {"email": mail},
        settings,
        quiet_hours_of(settings),
        holder,
        tier.store.deliveries,
    )


async def test_a_delivery_a_killed_dispatcher_had_sent_is_finished_not_sent_again(
    tier: HandlerTier, settings: Settings
) -> None:
    """Dispatcher a was killed after the relay took the e-mail and its attempt was kept: b,
    taking it over when a's lease ran out, makes it final without a second e-mail."""
    claimed = await pending_email(tier, "dispatcher-a")
    sent = {"at": tier.uow.clock(), "outcome": "sent"}
    await tier.store.deliveries.add_attempt(claimed["_id"], sent)
    later = tier.uow.clock() + 2 * LEASE
    taken_over = await tier.store.deliveries.claim_due(later, "dispatcher-b", LEASE)
    assert taken_over is not None
    mail = SlowMail()

    await deliver(courier(tier, settings, "dispatcher-b", mail), taken_over)

    final = await tier.store.deliveries.get(claimed["_id"])
    assert mail.accepted == []
    assert final is not None and final["status"] == "sent"
    assert [a["outcome"] for a in final["attempts"]] == ["sent"]


async def test_a_send_outlasting_the_lease_keeps_it_and_no_other_dispatcher_takes_it(
    tier: HandlerTier, settings: Settings
) -> None:
    """A lease of 1.5 s and a relay taking 4 s: the lease is renewed while it sends, so
    dispatcher b, polling meanwhile, never takes the delivery and it goes out once."""
    lease = timedelta(seconds=1.5)
    short = settings.model_copy(update={"delivery_lease_seconds": lease.total_seconds()})
    claimed = await pending_email(tier, "dispatcher-a", lease)
    mail = SlowMail(seconds=4.0)
    a = courier(tier, short, "dispatcher-a", mail)
    sending_task = asyncio.create_task(deliver(a, claimed))
    taken: list[object] = []
    while not sending_task.done():
        await asyncio.sleep(0.3)
        taken.append(await tier.store.deliveries.claim_due(tier.uow.clock(), "dispatcher-b", lease))
    await sending_task

    final = await tier.store.deliveries.get(claimed["_id"])
    assert len(taken) >= 10 and not any(taken)
    assert mail.accepted == [claimed["_id"]]
    assert final is not None and final["status"] == "sent" and "holder" not in final


async def test_a_sent_delivery_is_made_final_without_its_address_and_announced(
    tier: HandlerTier,
) -> None:
    claimed = await pending_email(tier, "dispatcher-a")
    attempt = {"at": tier.uow.clock(), "outcome": "sent"}
    await tier.store.deliveries.add_attempt(claimed["_id"], attempt)

    ran = await tier.run(lambda tx: sending.finish(tx, claimed, "dispatcher-a", Outcome("sent")))

    sent = ran.only(NotificationSent)
    assert (sent.payload.notification_id, sent.payload.attempts) == (claimed["_id"], 1)
    assert sent.correlation_id == claimed["correlation_id"]
    final = await tier.store.deliveries.get(claimed["_id"])
    assert final is not None and final["status"] == "sent" and final["sent_at"]
    assert "address" not in final and "message" not in final and "holder" not in final


async def test_a_delivery_taken_over_after_its_lease_ran_out_is_not_finished_by_the_first(
    tier: HandlerTier,
) -> None:
    claimed = await pending_email(tier, "dispatcher-a")
    later = tier.uow.clock() + 2 * LEASE
    taken_over = await tier.store.deliveries.claim_due(later, "dispatcher-b", LEASE)
    failed = Outcome("failed", "smtp 550: no such mailbox", "rejected")

    stale = await tier.run(lambda tx: sending.finish(tx, claimed, "dispatcher-a", failed))
    final = await tier.run(lambda tx: sending.finish(tx, claimed, "dispatcher-b", failed))

    assert taken_over is not None and taken_over["_id"] == claimed["_id"]
    assert stale.result is None and stale.events == []
    assert final.result is not None and final.result["failure_reason"] == failed.reason
    announced = final.only(NotificationFailed).payload
    assert (announced.failure, announced.reason) == ("rejected", failed.reason)


async def test_a_notification_is_marked_read_only_by_a_reader_of_its_inbox(
    tier: HandlerTier,
) -> None:
    await tier.consume("referral-events", Story().assigned())
    (note,) = await tier.store.inbox.find({"recipient_id": "lw-amina"})

    with pytest.raises(NotFound, match="no such notification"):
        await tier.run(lambda tx: inbox.mark_read(tx, BOB, note["_id"]))
    read = await tier.run(lambda tx: inbox.mark_read(tx, AMINA, note["_id"]))
    marked_again = await tier.run(lambda tx: inbox.mark_all_read(tx, AMINA))

    assert read.result["read_at"] is not None
    assert marked_again.result == 0


async def test_a_manager_keeps_only_their_teams_staff_and_no_team_for_a_practice(
    tier: HandlerTier,
) -> None:
    york = RecipientDetails(email="y@nhs.net", role="link_worker", team_id="york")
    practice_with_team = RecipientDetails(team_id="leeds-north")

    with pytest.raises(NotPermitted, match="you keep the details of team leeds-north"):
        await tier.run(lambda tx: recipients.keep(tx, "lw-yusuf", york, LEEDS_MANAGER))
    with pytest.raises(Unprocessable, match="role and team_id are for staff, not practice"):
        await tier.run(
            lambda tx: recipients.keep(tx, "practice:B86001", practice_with_team, LEEDS_MANAGER)
        )
    assert await tier.store.recipients.count({}) == 0
