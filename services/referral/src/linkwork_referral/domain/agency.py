"""Referrals from agencies (council teams, charities, housing, job centres) over the JSON
door: the referrer's organisation is the agency's token's, never the body's; an agency does
not refer as a GP practice (route `gp`, an ODS code routing it as that practice's and shown
to that practice) nor as the person themselves (route `self`)."""

from __future__ import annotations

from typing import Any

from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import NotPermitted
from linkwork_schemas.common import ReferralRoute
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason

AGENCY = "agency"
OTHER_SUBMITTERS = ("integration", "practice", "manager", "link_worker")
NOT_FOR_AGENCIES = frozenset({ReferralRoute.GP, ReferralRoute.SELF})


def agency_of(who: Caller) -> str | None:
    """The organisation an agency refers for; None for any other submitter. An agency's
    token without its organization_id claim is refused: its referrals would be nobody's."""
    if not who.has(AGENCY) or any(who.has(role) for role in OTHER_SUBMITTERS):
        return None
    organisation = (who.organization_id or "").strip()
    if not organisation:
        raise NotPermitted("an agency's token needs its organization_id claim to refer")
    return organisation


def claims_organisation(document: Any) -> bool:
    referrer = document.get("referrer") if isinstance(document, dict) else None
    return isinstance(referrer, dict) and "organization_id" in referrer


def with_organisation(document: dict[str, Any], organisation: str) -> dict[str, Any]:
    """The document with the agency's organisation as its referrer's."""
    referrer = document.get("referrer")
    if not isinstance(referrer, dict):
        return document
    return {**document, "referrer": {**referrer, "organization_id": organisation}}


def organisation_problem() -> RejectionReason:
    return RejectionReason(
        field="referrer.organization_id",
        rule="referrer.organization_id.token",
        message="Leave referrer.organization_id out: an agency's organisation is taken from "
        "its sign-in (token), and no other referrer names one.",
    )


def agency_problems(submission: ReferralSubmission) -> list[RejectionReason]:
    found = []
    if submission.route in NOT_FOR_AGENCIES:
        found.append(
            RejectionReason(
                field="route",
                rule="route.agency",
                message=f"An agency refers by its own route (charity, local_authority, school, "
                f"other_health or other), not '{submission.route}'.",
            )
        )
    if submission.referrer.ods_code:
        found.append(
            RejectionReason(
                field="referrer.ods_code",
                rule="referrer.ods_code.agency",
                message="Leave referrer.ods_code out: an agency's referral is routed by the "
                "person's postcode, and an ODS code would route it as that GP practice's.",
            )
        )
    return found
