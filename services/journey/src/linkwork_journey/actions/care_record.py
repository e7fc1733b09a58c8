"""Risk flags (raised, reviewed, removed) and case notes (added, corrected) on a journey.

Flags change only on an open journey; notes may be added to a closed one too, since the
record goes on after the work ends (a late call, a correction)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from linkwork_journey.actions.commands import (
    AddNote,
    CorrectNote,
    RaiseRiskFlag,
    RemoveRiskFlag,
    ReviewRiskFlag,
)
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import care_record
from linkwork_journey.store import Tx
from linkwork_runtime import case_notes
from linkwork_runtime.auth import Principal
from linkwork_runtime.refusals import Unprocessable
from linkwork_schemas import Event
from linkwork_schemas.journey import (
    NoteAdded,
    NoteAddedPayload,
    NoteCorrected,
    NoteCorrectedPayload,
    RiskFlagRaised,
    RiskFlagRaisedPayload,
    RiskFlagRemoved,
    RiskFlagRemovedPayload,
    RiskFlagReviewed,
    RiskFlagReviewedPayload,
    RiskKind,
    SafeguardingConcernRaised,
    SafeguardingConcernRaisedPayload,
)

LONGEST_REVIEW = timedelta(days=366)


async def raise_flag(tx: Tx, journey_id: str, who: Principal, cmd: RaiseRiskFlag) -> Event:
    journey = await load(tx, journey_id, who)
    _review_date("review_on", cmd.review_on, tx.now.date())
    needs_which = cmd.kind == RiskKind.COMMUNICATION_NEEDS
    if needs_which and not cmd.communication:
        raise Unprocessable(
            "communication: say which communication needs (interpreter, hearing, sight)",
            where="communication",
        )
    if not needs_which and cmd.communication:
        raise Unprocessable(
            f"communication: only for communication needs, not for {cmd.kind.value}",
            where="communication",
        )
    payload = RiskFlagRaisedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        flag_id=str(uuid.uuid4()),
        raised_by=who.sub,
        **cmd.model_dump(),
    )
    flag = {
        **payload.model_dump(mode="json", exclude={"journey_id", "referral_id"}),
        "raised_at": tx.now,
        "status": care_record.ACTIVE,
        "reviews": [],
    }
    raised = await record(tx, journey, RiskFlagRaised, payload, push={"risk_flags": flag})
    if cmd.kind == RiskKind.SAFEGUARDING:  # the leads and managers are told at once
        concern = SafeguardingConcernRaisedPayload(
            journey_id=journey_id,
            referral_id=journey["referral_id"],
            concern_id=payload.flag_id,
            team_id=journey.get("team_id"),
            link_worker_id=journey["link_worker_id"],
            raised_by=who.sub,
            raised_at=tx.now,
        )
        await record(tx, journey, SafeguardingConcernRaised, concern)
    return raised


async def review_flag(
    tx: Tx, journey_id: str, flag_id: str, who: Principal, cmd: ReviewRiskFlag
) -> Event:
    journey = await load(tx, journey_id, who)
    care_record.active_flag(journey, flag_id)
    _review_date("next_review_on", cmd.next_review_on, tx.now.date())
    payload = RiskFlagReviewedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        flag_id=flag_id,
        note=cmd.note,
        next_review_on=cmd.next_review_on,
        reviewed_by=who.sub,
    )
    review_on = cmd.next_review_on.isoformat()
    line = {"kind": "reviewed", "note": cmd.note, "next_review_on": review_on}
    flags = care_record.flags_with(
        journey, flag_id, {"review_on": review_on}, {**line, "by": who.sub, "at": tx.now}
    )
    return await record(tx, journey, RiskFlagReviewed, payload, fields={"risk_flags": flags})


async def remove_flag(
    tx: Tx, journey_id: str, flag_id: str, who: Principal, cmd: RemoveRiskFlag
) -> Event:
    journey = await load(tx, journey_id, who)
    care_record.active_flag(journey, flag_id)
    payload = RiskFlagRemovedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        flag_id=flag_id,
        reason=cmd.reason,
        removed_by=who.sub,
    )
    change = {"status": care_record.REMOVED, "removed_by": who.sub, "removed_at": tx.now}
    line = {"kind": "removed", "note": cmd.reason, "by": who.sub, "at": tx.now}
    flags = care_record.flags_with(journey, flag_id, change, line)
    return await record(tx, journey, RiskFlagRemoved, payload, fields={"risk_flags": flags})


async def add_note(tx: Tx, journey_id: str, who: Principal, cmd: AddNote) -> Event:
    journey = await load(tx, journey_id, who, open_only=False)
    payload = NoteAddedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        note_id=str(uuid.uuid4()),
        written_by=who.sub,
        **cmd.model_dump(),
    )
    return await record(tx, journey, NoteAdded, payload, push={"notes": _stored(payload, tx)})


async def correct_note(
    tx: Tx, journey_id: str, note_id: str, who: Principal, cmd: CorrectNote
) -> Event:
    journey = await load(tx, journey_id, who, open_only=False)
    notes, team = journey.get("notes", []), journey.get("team_id")
    note = case_notes.to_correct(who, notes, team, note_id, f"journey {journey_id}")
    payload = NoteCorrectedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        note_id=str(uuid.uuid4()),
        corrects=note_id,
        category=cmd.category or note["category"],
        text=cmd.text,
        restricted=note["restricted"] if cmd.restricted is None else cmd.restricted,
        written_by=who.sub,
    )
    earlier = case_notes.superseded(notes, note_id, payload.note_id)
    return await record(
        tx, journey, NoteCorrected, payload, fields={"notes": [*earlier, _stored(payload, tx)]}
    )


def _stored(payload: NoteAddedPayload, tx: Tx) -> dict[str, Any]:
    return {
        **payload.model_dump(mode="json", exclude={"journey_id", "referral_id"}),
        "written_at": tx.now,
    }


def _review_date(field: str, value: date, today: date) -> None:
    if value < today:
        raise Unprocessable(f"{field}: {value.isoformat()} is in the past", where=field)
    if value > today + LONGEST_REVIEW:
        raise Unprocessable(f"{field}: review at least once a year, not later", where=field)
