"""The event catalogue: every event class by (type, version), and parsing from the wire.

`parse_event` is the one way bytes become an event. It says precisely what was wrong:
not JSON, no `event_type`, an unknown type or version, or which payload field is invalid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pydantic import ValidationError

from linkwork_schemas import directory, insights, journey, notification, referral
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
        _event_classes([referral, journey, directory, notification, insights]),
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


MAX_DEPTH = 64  # no contract nests anywhere near this deep
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(raw: bytes, stop_at: int | None = None) -> int:
    """How deep a JSON document's arrays and objects nest, counted without parsing it (its
    strings skipped), so a hostile document is refused before a parser recurses into it;
    counting stops once `stop_at` is passed."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        if depth > deepest:
            deepest = depth
            if stop_at is not None and deepest > stop_at:
                break
    return deepest


def decode_json(raw: bytes) -> object:
    if nesting_depth(raw, stop_at=MAX_DEPTH) > MAX_DEPTH:
        raise InvalidMessage(f"JSON nested more than {MAX_DEPTH} levels deep: not read")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidMessage(f"not valid UTF-8 JSON: {exc}") from None
    except RecursionError:  # not reached after the depth check; never an unkept message
        raise InvalidMessage(f"JSON nested deeper than {MAX_DEPTH} levels") from None


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
