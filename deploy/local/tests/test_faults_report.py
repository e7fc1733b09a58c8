"""The fault run's verdict and its refusals, without a stack (the run itself is proven in
tests/e2e/test_faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkwork_devstack import faults
from linkwork_devstack.cli import app


def report(**counts: int) -> faults.Report:
    found = faults.Report(faults.Plan(referrals=10), sent=10, stored=10, settled=True)
    for name, value in counts.items():
        setattr(found, name, value)
    return found


def test_a_clean_run_passes() -> None:
    assert report().passed
    assert report().render().endswith("verdict: PASS")


@pytest.mark.parametrize(
    "counts",
    [
        {"lost": 1},
        {"duplicated_referrals": 1},
        {"duplicated_effects": 2},
        {"assignments_without_notice": 1},
        {"settled": False},
    ],
)
def test_any_loss_duplicate_or_failure_to_settle_fails_the_run(counts: dict[str, int]) -> None:
    failed = report(**counts)

    assert not failed.passed
    assert failed.render().endswith("verdict: FAIL")


def test_resent_emails_and_republished_events_are_reported_but_are_not_failures() -> None:
    """Same Message-ID or the same event id again: the receivers drop the repeat."""
    repeated = report(emails_resent=1, republished_events=3)

    assert repeated.passed
    assert "1 resent with the same Message-ID" in repeated.render()


def test_a_run_refuses_a_run_directory_that_holds_something(tmp_path: Path) -> None:
    (tmp_path / "stack.json").write_text("{}")

    result = CliRunner().invoke(app, ["faults", "--referrals", "5", "--run-dir", str(tmp_path)])

    assert result.exit_code == 2
    assert "is not empty" in result.output
