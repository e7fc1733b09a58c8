"""Kafka topic names: the one place they are spelled. Topics are external contracts."""

from typing import Final

GP_REFERRALS: Final = "gp.referrals"
REFERRAL_EVENTS: Final = "referral.events"
JOURNEY_EVENTS: Final = "journey.events"
DIRECTORY_EVENTS: Final = "directory.events"
NOTIFICATION_EVENTS: Final = "notification.events"

DLQ_SUFFIX: Final = ".dlq"

ALL_TOPICS: Final = (
    GP_REFERRALS,
    REFERRAL_EVENTS,
    JOURNEY_EVENTS,
    DIRECTORY_EVENTS,
    NOTIFICATION_EVENTS,
)


def dead_letter_topic(topic: str) -> str:
    """The dead-letter topic that keeps what could not be processed from `topic`."""
    return f"{topic}{DLQ_SUFFIX}"
