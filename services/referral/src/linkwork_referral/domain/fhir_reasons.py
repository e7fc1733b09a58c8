"""Why a BaRS referral was made: its reasons and free-text notes."""

from __future__ import annotations

from typing import Any, Final

from linkwork_referral.domain.fhir_bundle import (
    MessageEntries,
    Resource,
    as_list,
    as_object,
    as_text,
)

FALLBACK_REASON: Final = "Referral via BaRS"
_NOTES_LIMIT: Final = 4000  # ReferralSubmission.notes max_length


def reasons(entries: MessageEntries, request: Resource) -> list[dict[str, Any]]:
    reasons = [_concept_reason(c) for c in as_list(request.get("reasonCode"))]
    for reference in as_list(request.get("reasonReference")):
        target = entries.resolve_as(reference, "Condition", "Observation")
        if target is not None:
            reason = _concept_reason(target.resource.get("code"))
            noted = _note_texts(target.resource)
            if reason and noted:
                reason["text"] = f"{reason['text']}: {'; '.join(noted)}"
            reasons.append(reason or ({"text": "; ".join(noted)} if noted else None))
        elif display := as_text(reference.get("display")):
            reasons.append({"text": display})
    by_text: dict[str, dict[str, Any]] = {}
    for reason in reasons:
        if reason:  # the same words twice (a code and its Observation) are one reason
            by_text.setdefault(reason["text"], reason)
    if by_text:
        return list(by_text.values())
    code = as_object(request.get("code"))
    codings = as_list(code.get("coding"))
    text = (
        "; ".join(_note_texts(request))
        or as_text(code.get("text"))
        or (as_text(codings[0].get("display")) if codings else None)
    )
    return [{"text": text or FALLBACK_REASON}]


def _concept_reason(concept: object) -> dict[str, Any] | None:
    """One reason from a CodeableConcept: its words, and its first usable coding."""
    if not isinstance(concept, dict):
        return None
    codings = [
        c
        for c in as_list(concept.get("coding"))
        if as_text(c.get("system")) and as_text(c.get("code"))
    ]
    coding = codings[0] if codings else None
    display = as_text(coding.get("display")) if coding else None
    label = as_text(concept.get("text"))
    # The examples label the concept in `text` ("Pathways Assessment SD Code") and put the
    # meaning in the display; a person reading the reason needs both.
    text = f"{label}: {display}" if label and display and display not in label else label or display
    if text is None:
        return None
    reason: dict[str, Any] = {"text": text}
    if coding:
        reason["code"] = {
            k: coding[k] for k in ("system", "code", "display") if as_text(coding.get(k))
        }
    return reason


def notes(request: Resource) -> str | None:
    parts = _note_texts(request)
    if instruction := as_text(request.get("patientInstruction")):
        parts.append(f"Patient instruction: {instruction}")
    notes = "\n".join(parts)
    if len(notes) > _NOTES_LIMIT:  # a long note is cut, not a reason to refuse the referral
        notes = notes[: _NOTES_LIMIT - 1] + "…"
    return notes or None


def _note_texts(resource: Resource) -> list[str]:
    # FHIR's note is a list of Annotations; the published examples send a single object.
    return [t for n in as_list(resource.get("note")) if (t := as_text(n.get("text")))]
