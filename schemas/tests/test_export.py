"""JSON Schema export of every contract, and the check that keeps schemas/json current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkwork_schemas import topics
from linkwork_schemas.catalogue import EVENT_CLASSES
from linkwork_schemas.envelope import Event
from linkwork_schemas.export import DEFAULT_OUT, main, rendered_schemas


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return rendered_schemas()


def expected_files() -> set[str]:
    names = {f"{cls.type_name()}.v{cls.version()}.schema.json" for cls in EVENT_CLASSES}
    return names | {"ReferralSubmission.v1.schema.json"}


def test_one_schema_per_event_class_plus_the_submission(rendered: dict[str, str]) -> None:
    assert set(rendered) == expected_files()
    assert len(rendered) == len(EVENT_CLASSES) + 1 == 59


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.type_name())
def test_event_schema_has_id_topic_and_the_envelope(
    cls: type[Event], rendered: dict[str, str]
) -> None:
    name = f"{cls.type_name()}.v{cls.version()}"

    schema = json.loads(rendered[f"{name}.schema.json"])

    assert schema["$id"] == f"https://linkwork.dev/schemas/{name}.schema.json"
    assert schema["x-topic"] == cls.TOPIC
    assert schema["type"] == "object"
    assert schema["title"] == cls.type_name()
    for field in ("event_type", "producer", "correlation_id", "aggregate_id", "payload"):
        assert field in schema["properties"], field
    assert schema["properties"]["event_type"]["const"] == cls.type_name()


def test_submission_schema_uses_wire_names_and_forbids_unknown_fields(
    rendered: dict[str, str],
) -> None:
    schema = json.loads(rendered["ReferralSubmission.v1.schema.json"])

    assert schema["$id"] == "https://linkwork.dev/schemas/ReferralSubmission.v1.schema.json"
    assert schema["x-topic"] == topics.GP_REFERRALS
    assert "schema" in schema["properties"]
    assert "schema_" not in schema["properties"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"reasons", "patient", "referrer", "submitted_at"}


def test_rendering_is_stable(rendered: dict[str, str]) -> None:
    assert rendered_schemas() == rendered


def test_check_fails_on_an_empty_directory_and_passes_after_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--out", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err

    assert main(["export", "--out", str(tmp_path)]) == 0

    assert {path.name for path in tmp_path.iterdir()} == expected_files()
    assert main(["check", "--out", str(tmp_path)]) == 0
    assert "are current" in capsys.readouterr().out


def test_check_fails_when_a_schema_was_edited_by_hand(tmp_path: Path) -> None:
    assert main(["export", "--out", str(tmp_path)]) == 0
    edited = tmp_path / "ReferralReceived.v1.schema.json"
    edited.write_text(edited.read_text().replace('"x-topic"', '"x-topic-old"'))

    assert main(["check", "--out", str(tmp_path)]) == 1


def test_export_removes_schemas_no_longer_in_the_catalogue(tmp_path: Path) -> None:
    assert main(["export", "--out", str(tmp_path)]) == 0
    stale = tmp_path / "ReferralTeleported.v1.schema.json"
    stale.write_text("{}\n")

    assert main(["check", "--out", str(tmp_path)]) == 1
    assert main(["export", "--out", str(tmp_path)]) == 0

    assert not stale.exists()
    assert main(["check", "--out", str(tmp_path)]) == 0


def test_export_creates_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "json"

    assert main(["export", "--out", str(out)]) == 0

    assert len(list(out.glob("*.schema.json"))) == 59


def test_checked_in_schemas_are_current() -> None:
    assert Path(__file__).resolve().parents[1] / "json" == DEFAULT_OUT
    assert main(["check"]) == 0, "schemas/json is stale: run `make schemas`"
