"""The round-trip counter on the real database: it counts what the driver sends, and batching
the consumers costs fewer requests per referral than one message per transaction."""

from __future__ import annotations

from linkwork_devstack import round_trips
from linkwork_devstack.pytest_plugin import Endpoints


async def test_batches_cost_fewer_requests_per_referral_than_one_message_a_transaction(
    linkwork_infra: Endpoints,
) -> None:
    single = await round_trips.measure(linkwork_infra.mongodb_uri, 12, 1)
    batched = await round_trips.measure(linkwork_infra.mongodb_uri, 12, 12)
    print(single.report(), batched.report(), sep="\n")
    names = [step.name for step in single.steps]
    assert names == [
        "referral gp-referrals",
        "journey referral-events",
        "notifications referral-events",
    ]
    # One message a transaction: at least one commit per message on every step.
    for step in single.steps:
        assert step.requests["commitTransaction"] == step.messages, step
    # Batches: one commit per batch, and fewer requests per referral in all.
    for step in batched.steps:
        assert step.requests["commitTransaction"] <= -(-step.messages // 12), step
    assert batched.per_referral < single.per_referral
