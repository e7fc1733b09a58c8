"""What a provider learns of the person it is linked to: their first name and preferred
contact only while the person's consent `share_with_provider` holds; otherwise the need and a
reference (the link's id), and the link worker makes the introduction. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from linkwork_schemas.common import Person

SHARED = "provider_contacts_person"  # the provider has the person's first name and contact
BY_LINK_WORKER = "link_worker_introduces"  # nothing shared: the link worker introduces them
# The address each preferred channel is reached at.
ADDRESS_OF = {"phone": "phone", "sms": "phone", "email": "email"}


def person_for_provider(person: Person) -> dict[str, Any]:
    """The little a provider may be given: first name, preferred channel and its address."""
    channel = str(person.preferred_channel) if person.preferred_channel else None
    shared: dict[str, Any] = {"given_name": person.given_name, "preferred_channel": channel}
    field = ADDRESS_OF.get(channel or "")
    if field and (address := getattr(person, field)):
        shared[field] = str(address)
    return shared


def consents_to_share(consent: Mapping[str, Any] | None, at: datetime) -> bool:
    """Whether a kept `share_with_provider` consent (`{"expires_at"}`; None: withdrawn or
    never given) holds at `at`."""
    if consent is None:
        return False
    expires_at: datetime | None = consent.get("expires_at")
    if expires_at is None:
        return True
    return (expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)) > at


def shared_view(person: Mapping[str, Any] | None, consented: bool) -> dict[str, Any]:
    """The fields of a link about the person: `person` only with consent, and who makes the
    introduction (`introduction`)."""
    if consented and person:
        return {"person": dict(person), "introduction": SHARED}
    return {"person": None, "introduction": BY_LINK_WORKER}
