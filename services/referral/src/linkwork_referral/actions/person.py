"""Correcting the person on an open referral (PersonDetailsCorrected): each field validated
as at intake, the possible-duplicate check run again on a corrected NHS number, the name
search keys kept with the name. Refusals name the field, never its value."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from linkwork_referral.actions.commands import CorrectPerson
from linkwork_referral.actions.lifecycle import load
from linkwork_referral.domain import access, people
from linkwork_referral.domain.lifecycle import ENDED
from linkwork_referral.domain.nhs_number import normalise
from linkwork_referral.domain.validation import normalise_postcode, validate_person
from linkwork_referral.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import Conflict, Unprocessable
from linkwork_schemas import Event
from linkwork_schemas.common import Person
from linkwork_schemas.referral import PersonDetailsCorrected, PersonDetailsCorrectedPayload


async def correct_person(tx: Tx, referral_id: str, who: Caller, cmd: CorrectPerson) -> Event:
    referral = await load(tx, referral_id, who, access.can_work_on)
    if referral["status"] in ENDED:
        raise Conflict(f"referral {referral_id} is {referral['status']}: its record is closed")
    given = cmd.model_dump(mode="json", exclude_none=True)
    if "nhs_number" in given:
        given["nhs_number"] = normalise(given["nhs_number"])
    if "postcode" in given:
        given["postcode"] = normalise_postcode(given["postcode"])
    before = referral["person"]
    changed = sorted(k for k, v in given.items() if before.get(k) != v)
    if not changed:
        raise Unprocessable("give at least one of the person's details that differs from now")
    try:
        person = Person.model_validate({**before, **given})
    except ValidationError as invalid:  # a stored record a rule has since tightened
        where = ".".join(str(p) for p in invalid.errors()[0]["loc"])
        raise Unprocessable(f"{where}: not valid", where=where) from None
    reasons = validate_person(person, today=tx.now.date())
    if reasons:
        first = reasons[0]
        where = first.field.removeprefix("patient.")
        raise Unprocessable(f"{where}: {first.message}", where=where)
    duplicate = await _duplicate_of(tx, referral_id, person) if "nhs_number" in changed else None
    payload = PersonDetailsCorrectedPayload(
        referral_id=referral_id,
        person=person,
        fields=changed,
        corrected_by=who.sub,
        possible_duplicate_of=duplicate,
    )
    event = await tx.record(PersonDetailsCorrected, aggregate_id=referral_id, payload=payload)
    stored = person.model_dump(mode="json")
    fields: dict[str, Any] = {"person": stored, "name_keys": people.name_keys(stored)}
    if duplicate:
        fields["possible_duplicate_of"] = duplicate
    line = {"event": event.event_type, "at": tx.now, "by": who.sub, "fields": changed}
    await tx.store.referrals.change(referral_id, fields, line)
    return event


async def _duplicate_of(tx: Tx, referral_id: str, person: Person) -> str | None:
    if not person.nhs_number:
        return None
    earlier = await tx.store.referrals.open_for_nhs_number(person.nhs_number)
    return str(earlier["_id"]) if earlier and earlier["_id"] != referral_id else None
