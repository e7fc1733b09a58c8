"""A person refers themselves: a valid form becomes a referral through intake like any other
(idempotent by the form's id, kept, checked for duplicates, routed); a form whose hidden
honeypot is filled is kept as refused, with nothing of what it said, and opens nothing."""

from __future__ import annotations

import structlog

from linkwork_referral.actions import intake
from linkwork_referral.actions.intake import Outcome
from linkwork_referral.domain import self_referral
from linkwork_referral.domain.intake import submission_record
from linkwork_referral.domain.self_referral import SelfReferralForm
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_schemas.referral import RejectionReason

log = structlog.get_logger(__name__)
HONEYPOT_FILLED = RejectionReason(
    field=self_referral.HONEYPOT,
    rule="self_referral.honeypot",
    message="the hidden field people do not see was filled in: a robot's form, not opened",
)


async def refer_self(tx: Tx, form: SelfReferralForm, reference: str, settings: Settings) -> Outcome:
    document = self_referral.as_submission(form, reference, tx.now)
    return await intake.receive_referral(tx, intake.from_http_json(document, tx.now), settings)


async def keep_refused(tx: Tx, reference: str) -> None:
    """Kept as a refused submission, its original empty: a robot's answers are not kept."""
    record = submission_record(
        reference, {}, format="json", channel="http", now=tx.now, reasons=[HONEYPOT_FILLED]
    )
    await tx.store.submissions.add({**record, "status": "refused", "source": "self-referral"})
    log.info("self_referral.refused", submission_id=reference, rule=HONEYPOT_FILLED.rule)
