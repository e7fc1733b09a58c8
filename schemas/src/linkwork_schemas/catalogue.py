"""The event catalogue: every event class by (type, version), and parsing from the wire.

`parse_event` is the one way bytes become an event. It says precisely what was wrong:
not JSON, no `event_type`, an unknown type or version, or which payload field is invalid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pydantic import ValidationError

from linkwork_schemas import directory, journey, notification, referral
from linkwork_schemas.envelope import Event


class InvalidMessage(ValueError):
    """A message that cannot become a contract. `where` names the offending field."""

    def __init__(self, reason: str, where: str = "$") -> None:
        super().__init__(f"{where}: {reason}")
        self.reason = reason
        self.where = where


class UnknownEventType(InvalidMessage):
    pass


def _event_classes(modules: Iterable[object]) -> list[type[Event]]:
    found: list[type[Event]] = []
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Event)
                and isinstance(value.model_fields["event_type"].default, str)
                and value not in found
            ):
                found.append(value)
    return found


EVENT_CLASSES: tuple[type[Event], ...] = tuple(
    sorted(
        _event_classes([referral, journey, directory, notification]),
        key=lambda cls: (cls.TOPIC, cls.type_name(), cls.version()),
    )
)
_BY_TYPE: dict[tuple[str, int], type[Event]] = {
    (cls.type_name(), cls.version()): cls for cls in EVENT_CLASSES
}


def events_on(topic: str) -> tuple[type[Event], ...]:
    """The event classes published on `topic`."""
    return tuple(cls for cls in EVENT_CLASSES if topic == cls.TOPIC)


def event_class(event_type: str, schema_version: int = 1) -> type[Event]:
    try:
        return _BY_TYPE[(event_type, schema_version)]
    except KeyError:
        known = sorted({name for name, _ in _BY_TYPE})
        if event_type in known:
            raise UnknownEventType(
                f"event type {event_type!r} has no schema version {schema_version}",
                "$.schema_version",
            ) from None
        raise UnknownEventType(
            f"unknown event type {event_type!r}; known types: {', '.join(known)}",
            "$.event_type",
        ) from None


def first_error(error: ValidationError) -> InvalidMessage:
    """Turn pydantic's report into one reason a person can act on (field path + message)."""
    details = error.errors()
    first = details[0]
    where = "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    )
    more = f" (and {len(details) - 1} more problems)" if len(details) > 1 else ""
    return InvalidMessage(f"{first['msg']}{more}", where)


def decode_json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidMessage(f"not valid UTF-8 JSON: {exc}") from None


def parse_event(raw: bytes | str | dict[str, object]) -> Event:
    """Parse one event from the wire; raise InvalidMessage saying what and where."""
    data = (
        decode_json(raw.encode() if isinstance(raw, str) else raw)
        if not isinstance(raw, dict)
        else raw
    )
    if not isinstance(data, dict):
        raise InvalidMessage("an event must be a JSON object")
    event_type = data.get("event_type")
    if not isinstance(event_type, str):
        raise InvalidMessage("missing or non-string event_type", "$.event_type")
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidMessage("schema_version must be an integer", "$.schema_version")
    cls = event_class(event_type, version)
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from None
