"""The coded outcome for the GP record: with each ReferralOutcomeReported, a FHIR R4 message
bundle on `gp.outcomes` that a GP integration can file into EMIS or SystmOne.

Structured on the PRSB Social Prescribing Information Standard's groups: the referral
(`ServiceRequest`, SNOMED CT "Referral to social prescribing service"), what became of it
(`Procedure`: completed with the closure reason, or not done because the person declined),
the needs and concerns addressed (`ServiceRequest.reasonCode`), the support offered and
activities the person was connected to (a `ServiceRequest` each, `basedOn` the referral),
the person's goals (`Goal`), and outcomes (an `Observation` per outcome measure taken, its
instrument, date and scores, baseline and follow-up).

SNOMED CT concepts are two of NHS England's recommended primary care codes for social
prescribing (SNOMED CT UK Clinical Edition; look-up: termbrowser.nhs.uk; source checked: the
published list at socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important,
and NHS England's social prescribing guidance that names them): 871731000000106 |Referral to
social prescribing service (procedure)|, 871711000000103 |Social prescribing declined
(situation)|. Closure reasons, need domains and instruments are coded in Linkwork's own code
systems: no SNOMED CT concept id for them could be verified here (see the README's "Known
limits"), and a wrong code in a GP record is worse than a local one a practice can map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Final

from linkwork_referral.domain.fhir_people import NHS_NUMBER_SYSTEM, ODS_SYSTEM
from linkwork_schemas.common import SNOMED
from linkwork_schemas.journey import JourneySummary, MeasureChange
from linkwork_schemas.referral import ReferralOutcomeReportedPayload

LINKWORK_CODES: Final = "https://linkwork.dev/fhir/CodeSystem"
OUTCOME_EVENT: Final = {
    "system": f"{LINKWORK_CODES}/message-events",
    "code": "social-prescribing-outcome",
    "display": "Social prescribing outcome for the GP record",
}
REFERRAL_TO_SOCIAL_PRESCRIBING: Final = {
    "system": SNOMED,
    "code": "871731000000106",
    "display": "Referral to social prescribing service (procedure)",
}
SOCIAL_PRESCRIBING_DECLINED: Final = {
    "system": SNOMED,
    "code": "871711000000103",
    "display": "Social prescribing declined (situation)",
}
GOAL_ACHIEVEMENT: Final = "http://terminology.hl7.org/CodeSystem/goal-achievement"


def outcome_bundle(
    referral: Mapping[str, Any],
    report: ReferralOutcomeReportedPayload,
    summary: JourneySummary | None,
    *,
    closure: str,
    declined: bool,
    ids: Sequence[str],
    sender: str,
    now: datetime,
) -> dict[str, Any]:
    """The message for `referral`, ended now (`closure` its reason); `ids` fresh ids, as many
    as `ids_needed` says."""
    fresh = iter(ids)
    bundle_id, header_id, request_id, procedure_id = (next(fresh) for _ in range(4))
    subject = _subject(referral)
    based_on = [{"reference": f"urn:uuid:{request_id}"}]
    resources = [
        _referral(referral, report, request_id, subject, declined),
        _procedure(referral, procedure_id, subject, based_on, closure, declined, now),
    ]
    for service in summary.services_linked if summary else []:
        attended = summary is not None and service in summary.services_attended
        resources.append(_service(next(fresh), service, attended, subject, based_on))
    for goal in summary.goals if summary else []:
        resources.append(_goal(next(fresh), goal.description, goal.status, subject))
    for change in summary.measure_changes if summary else []:
        for kind, scores, on in (
            ("baseline", change.baseline, change.baseline_on),
            ("follow-up", change.latest, change.latest_on),
        ):
            resources.append(_measure(next(fresh), change, kind, scores, on, subject))
    header: dict[str, Any] = {
        "resourceType": "MessageHeader",
        "id": header_id,
        "eventCoding": OUTCOME_EVENT,
        "source": {"name": "Linkwork", "endpoint": sender},
        "focus": [{"reference": f"urn:uuid:{procedure_id}"}],
    }
    if referral.get("reply_to"):
        header["destination"] = [{"endpoint": referral["reply_to"]}]
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"lastUpdated": _instant(now)},
        "type": "message",
        "timestamp": _instant(now),
        "entry": [_entry(r) for r in (header, *resources)],
    }


def ids_needed(summary: JourneySummary | None) -> int:
    if summary is None:
        return 4
    return 4 + len(summary.services_linked) + len(summary.goals) + 2 * len(summary.measure_changes)


def _referral(
    referral: Mapping[str, Any],
    report: ReferralOutcomeReportedPayload,
    id_: str,
    subject: dict[str, Any],
    declined: bool,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": id_,
        "status": "revoked" if declined else "completed",
        "intent": "order",
        "code": {"coding": [REFERRAL_TO_SOCIAL_PRESCRIBING]},
        "subject": subject,
        "authoredOn": _instant(referral["received_at"]),
    }
    source_id = str(referral.get("source_referral_id") or "")
    if source_id:
        request["identifier"] = [{"value": source_id}]
    ods = report.referrer.ods_code
    if ods:
        request["requester"] = {"identifier": {"system": ODS_SYSTEM, "value": ods.upper()}}
    if report.needs:  # PRSB "needs and concerns"
        request["reasonCode"] = [_local("need-domain", str(need)) for need in report.needs]
    return request


def _procedure(
    referral: Mapping[str, Any],
    id_: str,
    subject: dict[str, Any],
    based_on: list[dict[str, Any]],
    closure: str,
    declined: bool,
    now: datetime,
) -> dict[str, Any]:
    procedure: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": id_,
        "basedOn": based_on,
        "status": "not-done" if declined else "completed",
        "code": {"coding": [REFERRAL_TO_SOCIAL_PRESCRIBING]},
        "subject": subject,
        "performedPeriod": {"start": _instant(referral["received_at"]), "end": _instant(now)},
    }
    if declined:
        procedure["statusReason"] = {"coding": [SOCIAL_PRESCRIBING_DECLINED]}
    else:
        procedure["outcome"] = _local("closure-reason", closure)
    return procedure


def _service(
    id_: str, name: str, attended: bool, subject: dict[str, Any], based_on: list[dict[str, Any]]
) -> dict[str, Any]:
    """A service the person was connected to (PRSB "activities referred to")."""
    return {
        "resourceType": "ServiceRequest",
        "id": id_,
        "basedOn": based_on,
        "status": "completed" if attended else "unknown",
        "intent": "order",
        "code": {"text": name},
        "subject": subject,
    }


def _goal(id_: str, description: str, status: str, subject: dict[str, Any]) -> dict[str, Any]:
    lifecycle = {"achieved": "completed", "abandoned": "cancelled"}.get(status, "active")
    goal: dict[str, Any] = {
        "resourceType": "Goal",
        "id": id_,
        "lifecycleStatus": lifecycle,
        "description": {"text": description},
        "subject": subject,
    }
    if status in ("achieved", "abandoned"):
        code = "achieved" if status == "achieved" else "not-achieved"
        goal["achievementStatus"] = {"coding": [{"system": GOAL_ACHIEVEMENT, "code": code}]}
    return goal


def _measure(
    id_: str,
    change: MeasureChange,
    kind: str,
    scores: Mapping[str, float],
    on: date | None,
    subject: dict[str, Any],
) -> dict[str, Any]:
    """One outcome measure as taken: the instrument, when, and each of its scores."""
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": id_,
        "status": "final",
        "category": [_local("measure-kind", kind)],
        "code": _local("outcome-instrument", str(change.instrument)),
        "subject": subject,
        "component": [
            {
                "code": _local("outcome-scale", f"{change.instrument}.{scale}"),
                "valueQuantity": {"value": value, "unit": "score"},
            }
            for scale, value in scores.items()
        ],
    }
    if on is not None:
        observation["effectiveDateTime"] = on.isoformat()
    return observation


def _subject(referral: Mapping[str, Any]) -> dict[str, Any]:
    nhs_number = (referral.get("person") or {}).get("nhs_number")
    if nhs_number:
        return {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number}}
    return {"display": "the person referred (no NHS number recorded)"}


def _local(system: str, code: str) -> dict[str, Any]:
    words = code.replace("_", " ").replace(".", " ")
    return {"coding": [{"system": f"{LINKWORK_CODES}/{system}", "code": code}], "text": words}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None:  # read back from MongoDB: stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
