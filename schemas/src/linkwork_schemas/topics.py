"""Kafka topic names: the one place they are spelled. Topics are external contracts."""

from typing import Final

GP_REFERRALS: Final = "gp.referrals"
REFERRAL_EVENTS: Final = "referral.events"
JOURNEY_EVENTS: Final = "journey.events"
DIRECTORY_EVENTS: Final = "directory.events"
NOTIFICATION_EVENTS: Final = "notification.events"
INSIGHTS_EVENTS: Final = "insights.events"
# Outbound to GP systems: FHIR R4 message bundles, not Linkwork events (no envelope).
GP_RESPONSES: Final = "gp.responses"
GP_OUTCOMES: Final = "gp.outcomes"

DLQ_SUFFIX: Final = ".dlq"

ALL_TOPICS: Final = (
    GP_REFERRALS,
    REFERRAL_EVENTS,
    JOURNEY_EVENTS,
    DIRECTORY_EVENTS,
    NOTIFICATION_EVENTS,
    INSIGHTS_EVENTS,
)

# What each outbound topic carries, for its AsyncAPI document; nothing of Linkwork consumes
# them, so they have no dead-letter topics.
OUTBOUND: Final = {
    GP_RESPONSES: "FHIR R4 BaRS response message bundles (servicerequest-response), keyed by "
    "the referral's id in the sending system",
    GP_OUTCOMES: "FHIR R4 message bundles with a referral's coded outcome for the GP record "
    "(SNOMED CT), keyed by the referral's id in the sending system",
}


def dead_letter_topic(topic: str) -> str:
    """The dead-letter topic that keeps what could not be processed from `topic`."""
    return f"{topic}{DLQ_SUFFIX}"
