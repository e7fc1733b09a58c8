"""Handlers of messages the referral service consumes: one small function each."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog

from linkwork_referral.domain import intake
from linkwork_referral.store import Referrals
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import ReferralReceived

log = structlog.get_logger(__name__)


async def on_referral_submitted(submission: ReferralSubmission, tx: Transaction) -> None:
    """A GP system sent a referral: store it once and announce ReferralReceived."""
    referrals = Referrals(tx.db, tx.session)
    key = intake.source_key(submission)
    if await referrals.by_source_key(key):
        log.info("referral.already_received", source_key=key)
        return
    referral_id = str(uuid.uuid4())
    payload = intake.received(submission, referral_id, datetime.now(UTC))
    await referrals.add(
        {
            "_id": referral_id,
            "source_key": key,
            "status": "received",
            **payload.model_dump(mode="json", exclude={"referral_id", "received_at"}),
            "received_at": payload.received_at,
            "history": [{"event": "ReferralReceived", "at": payload.received_at}],
        }
    )
    await tx.record(ReferralReceived, aggregate_id=referral_id, payload=payload)
    log.info("referral.received", referral_id=referral_id)
