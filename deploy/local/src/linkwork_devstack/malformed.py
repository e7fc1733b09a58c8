"""Malformed messages of every kind a broken or hostile sender produces, for the bad-input
suite: on `gp.referrals` (bytes that are not JSON, JSON of the wrong shape, submissions that
break a rule, huge or deeply nested documents, control characters, BaRS bundles whose
references dangle or loop) and on each `*.events` topic (broken envelopes, unknown event
types, payloads of the wrong shape). Each is unique, so its fate can be traced.
"""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from linkwork_referral.dev.simulated_bars import bars_bundle
from linkwork_referral.dev.simulator import invalid_nhs_number, submission
from linkwork_schemas import topics


@dataclass(frozen=True)
class Malformed:
    topic: str  # the topic's name without a prefix
    kind: str
    value: bytes
    # The sender's referral id, when the message carries one (a rejection names it).
    source_referral_id: str | None = None


Maker = Callable[[random.Random], tuple[Any, str | None]]


def _json(document: Any) -> bytes:
    return json.dumps(document).encode()


def _with(change: Callable[[dict[str, Any]], None]) -> Maker:
    def make(rng: random.Random) -> tuple[Any, str | None]:
        document = submission(rng)
        change(document)
        return document, document.get("source_referral_id")

    return make


def _bundle_with(change: Callable[[dict[str, Any], dict[str, dict[str, Any]]], None]) -> Maker:
    def make(rng: random.Random) -> tuple[Any, str | None]:
        document = submission(rng)
        bundle = bars_bundle(document, rng)
        by_type = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
        change(bundle, by_type)
        return bundle, None

    return make


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path: tuple[str, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _invalid_nhs(document: dict[str, Any]) -> None:
    rng = random.Random(document["source_referral_id"])  # noqa: S311 (test data)
    document["patient"]["nhs_number"] = invalid_nhs_number(rng)


def _huge(document: dict[str, Any]) -> None:
    reason = document["reasons"][0]
    document["reasons"] = [copy.deepcopy(reason) for _ in range(3000)]  # ~400 KB


def _nested_in_field(document: dict[str, Any]) -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = {"d": deep}
    document["patient"]["given_name"] = deep


def _requester_is_itself(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    request = by_type["ServiceRequest"]
    request["requester"] = {"reference": f"ServiceRequest/{request['id']}"}


def _role_loops(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    role = by_type["PractitionerRole"]
    role["practitioner"] = {"reference": f"PractitionerRole/{role['id']}"}
    role["organization"] = {"reference": f"PractitionerRole/{role['id']}"}


def _patient_dangles(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    by_type["ServiceRequest"]["subject"] = {"reference": f"urn:uuid:{uuid.uuid4()}"}


def _no_patient(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]


def _not_a_message(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    bundle["type"] = "collection"


def _nul_in_patient_name(bundle: dict[str, Any], by_type: dict[str, dict[str, Any]]) -> None:
    by_type["Patient"]["name"][0]["family"] = "Sh\x00ah"


def _raw(value: bytes) -> Maker:
    def make(rng: random.Random) -> tuple[Any, str | None]:
        return value + f" {rng.getrandbits(64)}".encode(), None

    return make


def _garbage(rng: random.Random) -> tuple[Any, str | None]:
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300))) + b"\xff", None


def _truncated(rng: random.Random) -> tuple[Any, str | None]:
    whole = _json(submission(rng))
    return whole[: len(whole) // 2], None


def _deep(rng: random.Random) -> tuple[Any, str | None]:
    depth = rng.randint(1_000, 10_000)
    return b"[" * depth + b"]" * depth, None


def _deep_objects(rng: random.Random) -> tuple[Any, str | None]:
    depth = rng.randint(100, 5_000)
    return b'{"a":' * depth + str(rng.getrandbits(16)).encode() + b"}" * depth, None


def _scalar(rng: random.Random) -> tuple[Any, str | None]:
    return rng.choice([rng.getrandbits(32), "a referral", None, True, [1, 2], []]), None


REFERRAL_KINDS: dict[str, Maker] = {
    "garbage bytes": _garbage,
    "invalid UTF-8": _raw(b'{"source_system": "EMIS\xff\xfe"'),
    "empty JSON object": lambda rng: ({"n": rng.getrandbits(32)}, None),
    "JSON scalar or array": _scalar,
    "truncated JSON": _truncated,
    "nested 1,000-10,000 deep": _deep,
    "objects nested 100-5,000 deep": _deep_objects,
    "patient missing": _with(_drop(("patient",))),
    "unknown field": _with(_set(("nhsnumber",), "9434765919")),
    "birth date not a date": _with(_set(("patient", "birth_date"), "yesterday")),
    "invalid NHS number": _with(_invalid_nhs),
    "NUL in a name": _with(_set(("patient", "given_name"), "Am\x00ina")),
    "control character in a reason": _with(
        lambda d: d["reasons"][0].__setitem__("text", "lonely\x1b[31m")
    ),
    "a 200 KB name": _with(_set(("patient", "family_name"), "x" * 200_000)),
    "a 400 KB document": _with(_huge),
    "JSON nested inside a name": _with(_nested_in_field),
    "lone surrogate in a name": _with(_set(("patient", "family_name"), "\ud800")),
    "route not known": _with(_set(("route",), "carrier-pigeon")),
    "BaRS requester names itself": _bundle_with(_requester_is_itself),
    "BaRS PractitionerRole loops": _bundle_with(_role_loops),
    "BaRS patient reference dangles": _bundle_with(_patient_dangles),
    "BaRS bundle without a patient": _bundle_with(_no_patient),
    "BaRS bundle not a message": _bundle_with(_not_a_message),
    "BaRS NUL in the patient's name": _bundle_with(_nul_in_patient_name),
}


def _envelope(rng: random.Random, event_type: str, payload: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "event_type": event_type,
        "schema_version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": "bad-input-suite",
        "correlation_id": str(uuid.uuid4()),
        "causation_id": None,
        "aggregate_id": str(uuid.uuid4()),
        "payload": payload,
    }


# A real event type per topic, for payloads of the wrong shape.
_KNOWN_TYPE = {
    topics.REFERRAL_EVENTS: "ReferralAssigned",
    topics.JOURNEY_EVENTS: "JourneyStarted",
    topics.DIRECTORY_EVENTS: "ServiceLinked",
}


def _event_kinds(topic: str) -> dict[str, Maker]:
    known = _KNOWN_TYPE[topic]

    def envelope_without(field: str) -> Maker:
        def make(rng: random.Random) -> tuple[Any, str | None]:
            envelope = _envelope(rng, known, {"referral_id": "r"})
            del envelope[field]
            return envelope, None

        return make

    return {
        "garbage bytes": _garbage,
        "invalid UTF-8": _raw(b'{"event_type": "\xc3\x28"'),
        "JSON scalar or array": _scalar,
        "nested 1,000-10,000 deep": _deep,
        "envelope without event_type": envelope_without("event_type"),
        "envelope without event_id": envelope_without("event_id"),
        "unknown event type": lambda rng: (_envelope(rng, "ReferralTeleported", {}), None),
        "schema version from the future": lambda rng: (
            {**_envelope(rng, known, {}), "schema_version": 99},
            None,
        ),
        "schema version not a number": lambda rng: (
            {**_envelope(rng, known, {}), "schema_version": "one"},
            None,
        ),
        "payload of the wrong shape": lambda rng: (
            _envelope(rng, known, {"referral_id": [rng.getrandbits(8)]}),
            None,
        ),
        "event id not an id": lambda rng: (
            {**_envelope(rng, known, {}), "event_id": "\x00" * rng.randint(1, 9)},
            None,
        ),
    }


EVENT_TOPICS = (topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS)


def messages(count: int, seed: int = 1, event_share: float = 0.5) -> Iterator[Malformed]:
    """`count` malformed messages: every kind at least once (when count allows), the rest
    drawn at random; `event_share` of them on the event topics."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    plan: list[tuple[str, str, Maker]] = [
        (topics.GP_REFERRALS, kind, make) for kind, make in REFERRAL_KINDS.items()
    ]
    plan += [(t, kind, make) for t in EVENT_TOPICS for kind, make in _event_kinds(t).items()]
    every = plan[:count]
    rest = count - len(every)
    events = [p for p in plan if p[0] != topics.GP_REFERRALS]
    referrals = [p for p in plan if p[0] == topics.GP_REFERRALS]
    drawn = [rng.choice(events if rng.random() < event_share else referrals) for _ in range(rest)]
    for topic, kind, make in [*every, *drawn]:
        value, source = make(rng)
        raw = value if isinstance(value, bytes) else _json(value)
        yield Malformed(topic, kind, raw, source)
