"""The referring practice reads the message back (its outcome letter) on its referral, through
HTTP against the real broker and database; another practice does not see it."""

from __future__ import annotations

from linkwork_devstack.testing import bearer, running
from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings

from .test_lifecycle import PRACTICE, assigned_referral


async def test_the_referring_practice_reads_the_outcome_letter_on_its_referral(
    settings: Settings,
) -> None:
    practice = bearer(settings, "gp-1", "practice", ods_code=PRACTICE)
    async with running(create_app(settings)) as client:
        referral = await assigned_referral(client, settings)
        before = (await client.get(f"/referrals/{referral}", headers=practice)).json()
        await client.post(
            f"/referrals/{referral}/decline",
            json={"reason": "does not want support now"},
            headers=bearer(settings, "lw-amina", "link_worker"),
        )
        shown = (await client.get(f"/referrals/{referral}", headers=practice)).json()
        listed = (await client.get("/referrals", headers=practice)).json()
        other = await client.get(
            f"/referrals/{referral}",
            headers=bearer(settings, "gp-2", "practice", ods_code="B86099"),
        )

    assert "outcome_report" not in before  # nothing reported yet
    letter = shown["outcome_report"]
    assert letter["referral_id"] == referral
    assert letter["referrer"]["ods_code"] == PRACTICE
    assert letter["summary"] == "The person declined social prescribing: does not want support now."
    assert [line["text"] for line in letter["outcomes"]] == ["Declined: does not want support now"]
    assert "871711000000103" in [code["code"] for code in letter["codes"]]
    assert letter["reported_at"] == shown["ended_at"]
    assert listed["items"][0]["outcome_report"] == letter
    assert other.status_code == 404
