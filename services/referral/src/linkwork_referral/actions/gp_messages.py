"""What Linkwork sends back to GP systems, through the outbox with the change it reports: the
BaRS response to each BaRS message (`gp.responses`) and the coded outcome for the GP record
(`gp.outcomes`), both keyed by the referral's id in the sending system."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from linkwork_referral.domain import consents, fhir_gp_outcome, fhir_response
from linkwork_referral.domain.fhir_answers import Issue
from linkwork_referral.domain.fhir_response import Address, RequestStatus, ResponseCode
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import OutboundMessage
from linkwork_schemas import topics
from linkwork_schemas.journey import JourneySummary
from linkwork_schemas.referral import ConsentPurpose, ReferralOutcomeReportedPayload

GP_RECORD = ConsentPurpose.SHARE_WITH_GP_RECORD.value

FHIR_JSON = "application/fhir+json"


async def respond(
    tx: Tx,
    address: Address,
    code: ResponseCode,
    issues: Sequence[Issue],
    settings: Settings,
    *,
    request_status: RequestStatus | None = None,
    nhs_number: str | None = None,
) -> None:
    """Queue the BaRS response to the message at `address`."""
    reply = fhir_response.Reply(
        address,
        code,
        issues,
        request_status=request_status,
        nhs_number=nhs_number,
        ids=[str(uuid.uuid4()) for _ in range(4)],
    )
    bundle = fhir_response.response_bundle(reply, sender=settings.fhir_endpoint, now=tx.now)
    key = address.source_referral_id or address.message_id or bundle["id"]
    await send(tx, topics.GP_RESPONSES, key, bundle, "bars-response")


async def report_outcome(
    tx: Tx,
    referral: Document,
    report: ReferralOutcomeReportedPayload,
    summary: JourneySummary | None,
    *,
    closure: str,
    declined: bool,
    settings: Settings,
) -> None:
    """Queue the coded outcome for the GP record (`gp.outcomes`), with the message back: its
    coded detail (needs, services, goals, measures) only with the person's current consent
    `share_with_gp_record`; without it, only the referral and its ending."""
    if not consents.holds(referral.get("consents", {}).get(GP_RECORD), tx.now):
        summary, report = None, report.model_copy(update={"needs": []})
    ids = [str(uuid.uuid4()) for _ in range(fhir_gp_outcome.ids_needed(summary))]
    bundle = fhir_gp_outcome.outcome_bundle(
        referral,
        report,
        summary,
        closure=closure,
        declined=declined,
        ids=ids,
        sender=settings.fhir_endpoint,
        now=tx.now,
    )
    key = str(referral.get("source_referral_id") or referral["_id"])
    await send(tx, topics.GP_OUTCOMES, key, bundle, "gp-outcome")


async def send(tx: Tx, topic: str, key: str, bundle: dict[str, Any], kind: str) -> None:
    await tx.send(
        OutboundMessage(
            message_id=bundle["id"],
            kind=kind,
            topic=topic,
            key=key,
            body=json.dumps(bundle, separators=(",", ":")).encode(),
            headers={"content-type": FHIR_JSON, "message_kind": kind},
        )
    )
