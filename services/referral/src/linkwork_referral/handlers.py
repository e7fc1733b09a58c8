"""Handlers of messages the referral service consumes: one small function each."""

from __future__ import annotations

from linkwork_referral.receiving import Incoming, receive_referral
from linkwork_referral.settings import Settings
from linkwork_runtime.unit_of_work import Transaction


async def on_referral_submitted(incoming: Incoming, tx: Transaction, settings: Settings) -> None:
    """A GP system sent a referral on gp.referrals: receive it (the outcome is in events)."""
    await receive_referral(tx, incoming, settings)
