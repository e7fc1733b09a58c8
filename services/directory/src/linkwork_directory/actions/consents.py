"""The person's consent to share with providers, from referral.events: kept per referral, so
that a provider sees the person's first name and preferred contact only while it holds."""

from __future__ import annotations

from linkwork_directory.store import Tx
from linkwork_schemas.referral import ConsentPurpose, ConsentRecorded, ConsentWithdrawn


async def note(tx: Tx, event: ConsentRecorded | ConsentWithdrawn) -> None:
    """Other purposes concern no provider: not kept here."""
    p = event.payload
    if p.purpose != ConsentPurpose.SHARE_WITH_PROVIDER:
        return
    held = {"expires_at": event.payload.expires_at} if isinstance(event, ConsentRecorded) else None
    await tx.store.consents.note(p.referral_id, held)
