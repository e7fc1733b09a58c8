"""The short form of `linkwork-dev faults` (README, "Reliability"): a stream of referrals
while every service is killed with SIGKILL once, the database is killed and the broker is
restarted, on a stack of the run's own. Nothing sent is lost, nothing is done twice, and the
stack settles."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkwork_devstack import faults
from linkwork_devstack.infra import KAFKA, MONGO
from linkwork_devstack.stack import SERVICES


@pytest.mark.timeout(900)
def test_a_short_fault_run_loses_nothing_and_does_nothing_twice(tmp_path: Path) -> None:
    plan = faults.Plan(
        referrals=150,
        rate=5.0,
        kills=len(SERVICES),
        database_restarts=1,
        broker_restarts=1,
        settle_timeout=420,
        seed=16,
    )

    report = faults.run(plan, tmp_path / "run", progress=lambda _line: None)

    assert sorted(f.target for f in report.faults) == sorted([*SERVICES, MONGO, KAFKA])
    assert report.sent == 150
    assert report.stored == 150, report.render()
    assert report.lost == 0, report.render()
    assert report.duplicated_referrals == 0, report.render()
    assert report.duplicated_effects == 0, report.render()
    assert report.assignments_without_notice == 0, report.render()
    assert report.emails >= 150, report.render()  # each assignment told its link worker
    assert report.settled, report.render()
    assert report.passed
    assert "verdict: PASS" in report.render()
