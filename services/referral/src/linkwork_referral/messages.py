"""Parsing what arrives on `gp.referrals` into a contract, with a reason when it cannot be."""

from __future__ import annotations

from pydantic import ValidationError

from linkwork_schemas.catalogue import InvalidMessage, decode_json, first_error
from linkwork_schemas.gp_referral import ReferralSubmission


def parse_gp_message(raw: bytes) -> ReferralSubmission:
    """A JSON referral submission; anything else is refused with what and where."""
    data = decode_json(raw)
    if not isinstance(data, dict):
        raise InvalidMessage("a referral submission must be a JSON object")
    if data.get("resourceType") == "Bundle":
        raise InvalidMessage(
            "FHIR BaRS bundles are not accepted on this topic yet; send the JSON submission",
            "$.resourceType",
        )
    try:
        return ReferralSubmission.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from None
