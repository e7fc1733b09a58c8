"""The message back to the GP and referrer (ReferralOutcomeReported) is kept on the referral
as `outcome_report`, as it was reported and when, in the handler tier (real MongoDB, no
broker): after the journey closes and after a decline; a withdrawal reports nothing."""

from __future__ import annotations

from typing import Any

from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_referral.actions import lifecycle
from linkwork_referral.app import definition
from linkwork_referral.settings import Settings
from linkwork_schemas.journey import GoalSummary, JourneySummary
from linkwork_schemas.referral import ReferralOutcomeReported, ReferralReceived

from .support import MANAGER, TEAM, encoded, link_worker, referral_from_practice, register


async def received(tier: HandlerTier, settings: Settings) -> str:
    await register(tier, settings)
    ran = await tier.consume("gp-referrals", encoded(referral_from_practice(1)))
    return ran.only(ReferralReceived).payload.referral_id


async def stored(tier: HandlerTier, referral_id: str) -> dict[str, Any]:
    found = await tier.store.referrals.get(referral_id)
    assert found is not None
    return found


def as_reported(event: ReferralOutcomeReported, referral: dict[str, Any]) -> dict[str, Any]:
    return {**event.payload.model_dump(mode="json"), "reported_at": referral["ended_at"]}


async def test_the_outcome_letter_after_the_journey_is_kept_on_the_closed_referral(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        referral_id = await received(tier, settings)
        await tier.run(lambda tx: lifecycle.accept(tx, referral_id, link_worker()))
        summary = JourneySummary(
            contacts=3, goals=[GoalSummary(description="Join the choir", status="achieved")]
        )
        closed = Story("lw-amina", TEAM, referral_id=referral_id).journey_closed(summary=summary)
        ran = await tier.consume("journey-events", closed)
        referral = await stored(tier, referral_id)

    report = ran.only(ReferralOutcomeReported)
    assert referral["outcome_report"] == as_reported(report, referral)
    assert referral["outcome_report"]["referrer"]["ods_code"] == "B86001"
    assert referral["outcome_report"]["outcomes"] == [
        {"text": "Goal achieved: Join the choir", "code": None}
    ]
    assert referral["status"] == "closed"


async def test_the_outcome_letter_after_a_decline_is_kept_on_the_declined_referral(
    settings: Settings,
) -> None:
    async with handler_tier(definition(settings)) as tier:
        referral_id = await received(tier, settings)
        ran = await tier.run(
            lambda tx: lifecycle.decline(tx, referral_id, link_worker(), "not now", settings)
        )
        referral = await stored(tier, referral_id)

    assert ran.types()[:2] == ["ReferralDeclined", "ReferralOutcomeReported"]
    letter = referral["outcome_report"]
    assert letter == as_reported(ran.only(ReferralOutcomeReported), referral)
    assert letter["summary"] == "The person declined social prescribing: not now."
    assert [code["code"] for code in letter["codes"]] == ["871731000000106", "871711000000103"]


async def test_a_withdrawn_referral_has_no_outcome_letter(settings: Settings) -> None:
    async with handler_tier(definition(settings)) as tier:
        referral_id = await received(tier, settings)
        ran = await tier.run(
            lambda tx: lifecycle.withdraw(tx, referral_id, MANAGER, "moved away", settings)
        )
        referral = await stored(tier, referral_id)

    assert "ReferralOutcomeReported" not in ran.types()
    assert referral["status"] == "withdrawn" and "outcome_report" not in referral
