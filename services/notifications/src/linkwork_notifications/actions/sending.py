"""What became of a claimed delivery, made final in one transaction: sent, failed or cancelled
(never sent), with NotificationSent or NotificationFailed announced; unless another dispatcher
took it over after this one's lease ran out."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_notifications.actions.outcomes import Failure, announce_failed, announce_sent
from linkwork_notifications.store import Tx
from linkwork_notifications.store.deliveries import CANCELLED, FAILED, SENT
from linkwork_runtime.mongo import Document


@dataclass(frozen=True)
class Outcome:
    """How a delivery ended: `status` SENT, FAILED or CANCELLED, and why when it was not sent."""

    status: str
    reason: str = ""
    failure: Failure = "rejected"


async def finish(tx: Tx, delivery: Document, holder: str, outcome: Outcome) -> Document | None:
    """The delivery made final by its `holder`; None when the holder no longer holds it."""
    status, reason = outcome.status, outcome.reason
    fields = {"status": status, f"{status}_at": tx.now}
    if status == FAILED:
        fields["failure_reason"] = reason
    if status == CANCELLED:
        fields["cancellation_reason"] = reason
    final = await tx.store.deliveries.finish(delivery["_id"], holder, fields)
    if final is None:
        return None  # another dispatcher took it over after our lease ran out
    if status == SENT:
        await announce_sent(tx, final, tx.now)
    elif status == FAILED:
        await announce_failed(tx, final, reason, outcome.failure)
    return final
