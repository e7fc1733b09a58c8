"""Handlers of what the console receives: the notifications service's live feed, each message
turned into the browser's live event. (The console consumes no Kafka topic: its live updates
come over HTTP, through the stream the notifications service offers every staff UI; app.py
hands `on_feed_message` to the relay, as a service's composition root hands its handlers to
its consumers.)"""

from __future__ import annotations

import json
from typing import Any

from linkwork_console.domain.live import SESSION_ENDED, LiveEvent

# Updates of cases the person may see, their notifications, and (ops) every envelope.
PASSED_ON = frozenset({"referral", "journey", "notification", "envelope"})


def on_feed_message(event: str, data: str, message_id: str | None) -> LiveEvent | None:
    """One feed message for the page, with its id so a reconnecting page resumes where it
    was; `expired` says the session has ended; a keep-alive or unknown kind is dropped."""
    if event in PASSED_ON:
        return LiveEvent(event, _parsed(data), message_id or None)
    if event == "expired":
        return SESSION_ENDED
    if event == "reset":  # resuming from before what the feed keeps: reload what is shown
        return LiveEvent("reset", {}, message_id or None)
    return None


def _parsed(data: str) -> dict[str, Any]:
    try:
        parsed = json.loads(data)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
