"""The gp-referrals subscription in the handler tier (real MongoDB, no broker): a submission
becomes a referral assigned by capacity or waiting for it (or in triage, when nothing routes
it), a repeat is answered by the referral it made, a BaRS bundle is received like a JSON
submission, and what breaks the rules or cannot be read is rejected or refused."""

from __future__ import annotations

import random

import pytest

from linkwork_devstack.handler_tier import handler_tier
from linkwork_referral.app import definition
from linkwork_referral.dev.simulated_bars import bars_bundle
from linkwork_referral.settings import Settings
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.referral import ReferralAssigned, ReferralReceived, ReferralRejected

from .support import encoded, referral_from_practice, register

GP_REFERRALS = "gp-referrals"


async def test_a_submission_is_received_and_assigned_to_a_link_worker_with_room(
    settings: Settings,
) -> None:
    document = referral_from_practice(1)
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings, "lw-amina", cap=5)
        ran = await tier.consume(GP_REFERRALS, encoded(document))
        received = ran.only(ReferralReceived)
        referral = await tier.store.referrals.get(received.payload.referral_id)
        amina = await tier.store.link_workers.get("lw-amina")

    assert ran.types() == ["ReferralReceived", "ConsentRecorded", "ReferralAssigned"]
    assert received.payload.source_referral_id == document["source_referral_id"]
    assigned = ran.only(ReferralAssigned)
    assert assigned.payload.link_worker_id == "lw-amina"
    assert assigned.payload.team_id == "leeds-north"
    assert assigned.payload.first_contact_due is not None
    assert referral is not None
    assert referral["status"] == "assigned"
    assert referral["link_worker_id"] == "lw-amina"
    assert [line["event"] for line in referral["history"]] == [
        "ReferralReceived",
        "ReferralAssigned",
    ]
    assert amina is not None and amina["open_caseload"] == 1


async def test_a_submission_no_practice_or_catchment_routes_awaits_triage(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        ran = await tier.consume(GP_REFERRALS, encoded(referral_from_practice(2)))
        referral = await tier.store.referrals.get(ran.only(ReferralReceived).payload.referral_id)

    assert ran.types() == ["ReferralReceived", "ConsentRecorded", "ReferralAwaitingTriage"]
    assert referral is not None
    assert referral["status"] == "awaiting_triage"
    assert referral["link_worker_id"] is None and referral["team_id"] is None


async def test_the_same_submission_again_is_answered_by_the_referral_it_made(
    settings: Settings,
) -> None:
    document = referral_from_practice(3)
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings)
        first = await tier.consume(GP_REFERRALS, encoded(document))
        again = await tier.consume(GP_REFERRALS, encoded(document))
        referrals = await tier.store.referrals.count({})
        submissions = await tier.store.submissions.count({})
        amina = await tier.store.link_workers.get("lw-amina")

    assert first.types() == ["ReferralReceived", "ConsentRecorded", "ReferralAssigned"]
    assert again.events == []
    assert (referrals, submissions) == (1, 1)
    assert amina is not None and amina["open_caseload"] == 1


async def test_a_bars_bundle_is_received_like_a_json_submission(settings: Settings) -> None:
    document = referral_from_practice(4)
    bundle = bars_bundle(document, random.Random(4))
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings)
        ran = await tier.consume(GP_REFERRALS, encoded(bundle))
        again = await tier.consume(GP_REFERRALS, encoded(bundle))
        received = ran.only(ReferralReceived)
        referral = await tier.store.referrals.get(received.payload.referral_id)
        assert referral is not None
        kept = await tier.store.submissions.get(referral["submission_id"])

    assert ran.types() == ["ReferralReceived", "ConsentRecorded", "ReferralAssigned"]
    assert again.events == []
    assert received.payload.source_referral_id == document["source_referral_id"]
    assert received.payload.person.nhs_number == document["patient"]["nhs_number"]
    assert referral["status"] == "assigned"
    assert kept is not None
    assert (kept["format"], kept["channel"], kept["status"]) == ("bars", "kafka", "accepted")


async def test_a_submission_breaking_the_rules_is_rejected_and_kept_with_its_reasons(
    settings: Settings,
) -> None:
    document = referral_from_practice(5)
    number = document["patient"]["nhs_number"]
    document["patient"]["nhs_number"] = number[:9] + str((int(number[9]) + 1) % 10)
    async with handler_tier(definition(settings)) as tier:
        ran = await tier.consume(GP_REFERRALS, encoded(document))
        rejected = ran.only(ReferralRejected)
        kept = await tier.store.submissions.get(rejected.payload.submission_id)
        referrals = await tier.store.referrals.count({})

    assert ran.types() == ["ReferralRejected"]
    assert [r.rule for r in rejected.payload.reasons] == ["nhs_number.modulus11"]
    assert referrals == 0
    assert kept is not None
    assert kept["status"] == "rejected"
    assert kept["reasons"] == [r.model_dump() for r in rejected.payload.reasons]


async def test_a_message_that_cannot_become_a_submission_is_refused_saying_where(
    settings: Settings,
) -> None:
    document = referral_from_practice(6)
    del document["patient"]["family_name"]
    async with handler_tier(definition(settings)) as tier:
        with pytest.raises(InvalidMessage) as refused:
            await tier.consume(GP_REFERRALS, encoded(document))
        stored = await tier.store.submissions.count({})

    assert refused.value.where == "$.patient.family_name"
    assert "Field required" in refused.value.reason
    assert stored == 0


async def test_a_batch_is_read_ahead_once_and_decides_as_one_message_at_a_time_would(
    settings: Settings,
) -> None:
    """One batch, read ahead in two requests and written at its end: places are counted
    across it (two link workers with room for two each take four, the rest wait), a second
    copy of a submission in it is answered by the referral the first made, and a person
    referred twice in it is a possible duplicate of the first referral."""
    documents = [referral_from_practice(100 + i) for i in range(6)]
    same_person = referral_from_practice(200, nhs_number=documents[1]["patient"]["nhs_number"])
    batch = [*documents, documents[0], same_person]
    async with handler_tier(definition(settings)) as tier:
        await register(tier, settings, "lw-amina", cap=2)
        await register(tier, settings, "lw-bob", cap=2)
        ran = await tier.consume_batch(GP_REFERRALS, [encoded(d) for d in batch])
        amina = await tier.store.link_workers.get("lw-amina")
        bob = await tier.store.link_workers.get("lw-bob")
        stored = await tier.store.referrals.find({})

    received = [e for e in ran.events if isinstance(e, ReferralReceived)]
    assert len(received) == 7 and len(stored) == 7  # the second copy made no referral
    by_source = {r.payload.source_referral_id: r.payload for r in received}
    first_of_person = by_source[documents[1]["source_referral_id"]].referral_id
    assert by_source[same_person["source_referral_id"]].possible_duplicate_of == first_of_person
    assigned = [e.payload.link_worker_id for e in ran.events if isinstance(e, ReferralAssigned)]
    assert sorted(assigned) == ["lw-amina", "lw-amina", "lw-bob", "lw-bob"]
    assert ran.types().count("ReferralAwaitingCapacity") == 2  # six new, one a duplicate
    assert amina is not None and amina["open_caseload"] == 2
    assert bob is not None and bob["open_caseload"] == 2
    statuses = sorted(r["status"] for r in stored)
    assert statuses == ["assigned"] * 4 + ["awaiting_capacity"] * 2 + ["possible_duplicate"]
