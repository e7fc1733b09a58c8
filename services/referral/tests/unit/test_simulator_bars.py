"""The simulator's BaRS bundles: they parse back to the submission they came from."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from linkwork_referral.actions.intake import from_kafka
from linkwork_referral.dev import simulator
from linkwork_referral.dev.simulated_bars import bars_bundle, source_referral_id
from linkwork_referral.dev.simulator import Format, build_batch, submission
from linkwork_referral.domain.fhir_bars import parse_bars_bundle
from linkwork_referral.domain.nhs_number import is_valid
from linkwork_referral.domain.validation import validate_submission
from linkwork_schemas.gp_referral import ReferralSubmission

FIXED_NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
RECEIVED = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)  # differs from FIXED_NOW on purpose
TODAY = date(2025, 3, 3)
FORMATS: list[Format] = ["json", "bars", "mixed"]


def simulated(seed: int, *, invalid: bool = False) -> dict[str, Any]:
    return submission(random.Random(seed), invalid=invalid, now=FIXED_NOW)


def parsed(bundle: dict[str, Any]) -> ReferralSubmission:
    return parse_bars_bundle(bundle, received_at=RECEIVED)


def is_bundle(message: dict[str, Any]) -> bool:
    return message.get("resourceType") == "Bundle"


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("urgency", ["routine", "urgent"])
def test_a_simulated_bundle_parses_back_to_its_submission(seed: int, urgency: str) -> None:
    document = simulated(seed)
    document["urgency"] = urgency

    result = parsed(bars_bundle(document, random.Random(seed)))

    person, expected = result.patient, document["patient"]
    assert result.source_referral_id == document["source_referral_id"]
    assert result.source_system == document["source_system"]
    assert result.submitted_at == FIXED_NOW
    assert person.nhs_number == expected["nhs_number"]
    assert (person.given_name, person.family_name) == (
        expected["given_name"],
        expected["family_name"],
    )
    assert person.birth_date == date.fromisoformat(expected["birth_date"])
    assert person.postcode == expected["postcode"]
    assert person.phone == expected["phone"]
    assert person.consent_to_contact is True
    assert result.referrer.ods_code == document["referrer"]["ods_code"]
    assert result.referrer.organisation_name == document["referrer"]["organisation_name"]
    assert result.referrer.practitioner_name == document["referrer"]["practitioner_name"]
    assert result.urgency == urgency
    assert result.route == "gp"
    assert [r.text for r in result.reasons] == [r["text"] for r in document["reasons"]]


@pytest.mark.parametrize(("agreed", "status"), [(True, "active"), (False, "rejected")])
def test_consent_to_contact_travels_as_a_consent_resource(agreed: bool, status: str) -> None:
    document = simulated(3)
    document["patient"]["consent_to_contact"] = agreed

    bundle = bars_bundle(document, random.Random(3))

    consents = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"
    ]
    assert [c["status"] for c in consents] == [status]
    assert parsed(bundle).patient.consent_to_contact is agreed


def test_shuffling_the_bundle_entries_changes_nothing() -> None:
    bundle = bars_bundle(simulated(5), random.Random(5))
    shuffled = {**bundle, "entry": list(reversed(bundle["entry"]))}
    random.Random(1).shuffle(shuffled["entry"])

    assert [e["fullUrl"] for e in shuffled["entry"]] != [e["fullUrl"] for e in bundle["entry"]]
    assert parsed(shuffled) == parsed(bundle)


def test_the_bundle_follows_the_bars_message_shape() -> None:
    bundle = bars_bundle(simulated(7), random.Random(7))

    header = bundle["entry"][0]["resource"]
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    references = [ref for ref in json.dumps(bundle).split('"') if ref.startswith("urn:uuid:")]
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "message")
    assert header["resourceType"] == "MessageHeader"
    assert header["eventCoding"]["system"] == "https://fhir.nhs.uk/CodeSystem/message-events-bars"
    assert header["eventCoding"]["code"] == "servicerequest-request"
    assert len(set(full_urls)) == len(full_urls)
    assert set(references) == set(full_urls)  # every reference resolves, every entry is used
    (request,) = [
        e["resource"] for e in bundle["entry"] if e["fullUrl"] == header["focus"][0]["reference"]
    ]
    assert request["resourceType"] == "ServiceRequest"
    assert request["code"]["coding"][0]["code"] == "871731000000106"


def test_a_valid_simulated_bundle_breaks_no_referral_rule() -> None:
    submission_ = parsed(bars_bundle(simulated(9), random.Random(9)))

    assert validate_submission(submission_, today=TODAY) == []


def test_an_invalid_simulated_bundle_is_refused_for_its_nhs_number_only() -> None:
    submission_ = parsed(bars_bundle(simulated(9, invalid=True), random.Random(9)))

    rules = [reason.rule for reason in validate_submission(submission_, today=TODAY)]
    assert rules == ["nhs_number.modulus11"]


def test_mixed_format_yields_both_submissions_and_bundles() -> None:
    batch = build_batch(200, seed=2, now=FIXED_NOW, format="mixed")

    bundles = sum(is_bundle(message) for message in batch)

    assert 60 <= bundles <= 140
    for message in batch:
        incoming = from_kafka(json.dumps(message).encode())
        assert incoming.format == ("bars" if is_bundle(message) else "json")


def test_bars_format_yields_only_bundles() -> None:
    batch = build_batch(30, invalid_share=0.3, duplicate_share=0.3, seed=2, format="bars")

    assert all(is_bundle(message) for message in batch)


@pytest.mark.parametrize("format_", FORMATS)
def test_same_seed_and_clock_give_the_same_batch_in_every_format(format_: Format) -> None:
    def batch(seed: int) -> list[dict[str, Any]]:
        return build_batch(40, 0.3, 0.3, seed=seed, now=FIXED_NOW, format=format_)

    assert batch(11) == batch(11)
    assert batch(11) != batch(12)


def test_json_stays_the_default_format() -> None:
    assert build_batch(20, 0.2, 0.2, 4, FIXED_NOW) == build_batch(
        20, 0.2, 0.2, 4, FIXED_NOW, format="json"
    )


@pytest.mark.parametrize("format_", FORMATS)
def test_a_full_invalid_share_breaks_every_nhs_number_in_every_format(format_: Format) -> None:
    batch = build_batch(50, invalid_share=1.0, seed=6, now=FIXED_NOW, format=format_)

    numbers = [from_kafka(json.dumps(m).encode()).submission for m in batch]
    assert all(s is not None and not is_valid(s.patient.nhs_number or "") for s in numbers)


@pytest.mark.parametrize("format_", FORMATS)
def test_duplicates_resend_the_same_message_in_every_format(format_: Format) -> None:
    batch = build_batch(100, duplicate_share=0.4, seed=3, now=FIXED_NOW, format=format_)

    counts = Counter(source_referral_id(message) for message in batch)

    assert 20 <= sum(count - 1 for count in counts.values()) <= 60
    for source_id, count in counts.items():
        copies = [m for m in batch if source_referral_id(m) == source_id]
        assert len(copies) == count
        assert all(copy == copies[0] for copy in copies)


def test_a_bundle_is_keyed_by_its_service_request_identifier() -> None:
    document = simulated(8)

    assert (
        source_referral_id(bars_bundle(document, random.Random(8)))
        == document["source_referral_id"]
    )
    assert source_referral_id(document) == document["source_referral_id"]


class FakeProducer:
    sent: list[tuple[str, bytes, bytes]] = []

    def __init__(self, **_: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send_and_wait(self, topic: str, value: bytes, *, key: bytes) -> None:
        self.sent.append((topic, value, key))


def test_send_referrals_keys_every_message_by_its_source_referral_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulator, "AIOKafkaProducer", FakeProducer)
    monkeypatch.setattr(FakeProducer, "sent", [])

    sent = simulator.send_referrals("kafka:9092", 12, rate=0, seed=1, format="mixed")

    assert sent == 12
    for topic, value, key in FakeProducer.sent:
        message = json.loads(value)
        assert topic == "gp.referrals"
        assert key.decode() == source_referral_id(message)
        incoming = from_kafka(value).submission
        assert incoming is not None
        assert key.decode() == incoming.source_referral_id
    assert {is_bundle(json.loads(value)) for _, value, _ in FakeProducer.sent} == {True, False}


def test_the_cli_passes_the_chosen_format_and_refuses_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(simulator, "send_referrals", lambda *a, **kw: calls.append(kw) or 0)
    runner = CliRunner()

    chosen = runner.invoke(simulator.app, ["--count", "1", "--format", "bars"])
    refused = runner.invoke(simulator.app, ["--format", "xml"])

    assert chosen.exit_code == 0, chosen.output
    assert calls[0]["format"] == "bars"
    assert refused.exit_code != 0
    assert len(calls) == 1
