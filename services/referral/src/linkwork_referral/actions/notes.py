"""Case notes on a referral, added and corrected by those who work on it (its link worker,
the team's managers), each one transaction with its event (ReferralNoteAdded,
ReferralNoteCorrected), on a referral in any state: the record goes on after it ends."""

from __future__ import annotations

import uuid
from typing import Any

from linkwork_referral.actions.commands import AddNote, CorrectNote
from linkwork_referral.actions.lifecycle import load
from linkwork_referral.domain import access
from linkwork_referral.store import Tx
from linkwork_runtime import case_notes
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event
from linkwork_schemas.referral import (
    ReferralNoteAdded,
    ReferralNoteAddedPayload,
    ReferralNoteCorrected,
    ReferralNoteCorrectedPayload,
)


async def add_note(tx: Tx, referral_id: str, who: Caller, cmd: AddNote) -> Event:
    referral = await load(tx, referral_id, who, access.can_work_on)
    payload = ReferralNoteAddedPayload(
        referral_id=referral_id, note_id=str(uuid.uuid4()), written_by=who.sub, **cmd.model_dump()
    )
    return await _record(tx, referral, ReferralNoteAdded, payload, referral.get("case_notes", []))


async def correct_note(
    tx: Tx, referral_id: str, note_id: str, who: Caller, cmd: CorrectNote
) -> Event:
    referral = await load(tx, referral_id, who, access.can_work_on)
    kept, team = referral.get("case_notes", []), referral.get("team_id")
    note = case_notes.to_correct(who, kept, team, note_id, f"referral {referral_id}")
    payload = ReferralNoteCorrectedPayload(
        referral_id=referral_id,
        note_id=str(uuid.uuid4()),
        corrects=note_id,
        category=cmd.category or note["category"],
        text=cmd.text,
        restricted=note["restricted"] if cmd.restricted is None else cmd.restricted,
        written_by=who.sub,
    )
    earlier = case_notes.superseded(kept, note_id, payload.note_id)
    return await _record(tx, referral, ReferralNoteCorrected, payload, earlier)


async def _record(
    tx: Tx,
    referral: Document,
    event_class: type[ReferralNoteAdded] | type[ReferralNoteCorrected],
    payload: ReferralNoteAddedPayload,
    earlier: list[Any],
) -> Event:
    event = await tx.record(event_class, aggregate_id=referral["_id"], payload=payload)
    note = {**payload.model_dump(mode="json", exclude={"referral_id"}), "written_at": tx.now}
    by, note_id = payload.written_by, payload.note_id
    line = {"event": event.event_type, "at": tx.now, "by": by, "note_id": note_id}
    await tx.store.referrals.change(referral["_id"], {"case_notes": [*earlier, note]}, line)
    return event
