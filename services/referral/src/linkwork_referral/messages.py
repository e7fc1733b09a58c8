"""Parsing what arrives on `gp.referrals`: a JSON submission or a FHIR BaRS message bundle,
told apart by content. What cannot become a submission is refused with what and where (the
consumer dead-letters it); what can, is checked against the referral rules later."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import ValidationError

from linkwork_referral.domain.fhir_bars import is_bars_bundle, parse_bars_bundle
from linkwork_referral.receiving import Incoming
from linkwork_schemas.catalogue import InvalidMessage, decode_json, first_error
from linkwork_schemas.gp_referral import ReferralSubmission


def parse_gp_message(raw: bytes) -> Incoming:
    data = decode_json(raw)
    if not isinstance(data, dict):
        raise InvalidMessage("a referral must be a JSON object (submission or FHIR Bundle)")
    if is_bars_bundle(data):
        submission = parse_bars_bundle(data, received_at=datetime.now(UTC))
        return Incoming(original=data, format="bars", channel="kafka", submission=submission)
    try:
        submission = ReferralSubmission.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from None
    return Incoming(original=data, format="json", channel="kafka", submission=submission)
