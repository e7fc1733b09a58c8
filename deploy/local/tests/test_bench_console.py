"""`linkwork-dev bench-console` without a stack: its options, how it reads the console's
sign-in form, what it prints, and what it says when there is no stack to measure."""

from __future__ import annotations

from pathlib import Path

import httpx
from typer.testing import CliRunner

from linkwork_console.app import create_app
from linkwork_console.settings import Settings
from linkwork_devstack import bench_console, processes
from linkwork_devstack.cli import app

runner = CliRunner()


def test_the_command_takes_the_caseload_size_the_loads_and_the_bench_link_worker() -> None:
    answer = runner.invoke(app, ["bench-console", "--help"])
    assert answer.exit_code == 0
    for option in ("--referrals", "--loads", "--link-worker", "--run-dir"):
        assert option in answer.output
    assert "300 ms" in answer.output


def test_loads_and_referrals_must_be_at_least_one() -> None:
    assert runner.invoke(app, ["bench-console", "--loads", "0"]).exit_code == 2
    assert runner.invoke(app, ["bench-console", "--referrals", "0"]).exit_code == 2


async def test_it_reads_who_the_consoles_sign_in_form_offers() -> None:
    console = create_app(Settings(auth_mode="development"))  # the page needs no database
    transport = httpx.ASGITransport(app=console)
    async with httpx.AsyncClient(transport=transport, base_url="http://console") as client:
        page = (await client.get("/sign-in")).text
    offered = bench_console.offered_users(page)
    assert {"lw-amina", "mgr-leeds", "ops-1"} <= offered
    assert bench_console.SIGN_IN_TOKEN.search(page)


def test_it_prints_the_median_min_and_max_against_the_goal() -> None:
    figures = bench_console.CaseloadFigures(
        "lw-bench", 60, 60, 900.0, [120.0, 80.0, 400.0], [40.0, 50.0, 60.0]
    )
    assert figures.report().splitlines() == [
        "caseload of lw-bench: 60 open referrals (60 rows on the page)",
        "first load (a warm-up, not counted): 900 ms",
        "/caseload loaded 3 times: median 120 ms, min 80 ms, max 400 ms",
        "of which the referral service's caseload answer alone: median 50 ms",
        "goal: 300 ms for the median (met)",
    ]
    slow = bench_console.CaseloadFigures("lw-bench", 60, 60, 900.0, [350.0, 320.0], [50.0])
    assert slow.report().endswith("goal: 300 ms for the median (not met)")


def test_without_a_running_stack_it_says_so_and_fails(tmp_path: Path) -> None:
    nothing = {
        f"LINKWORK_{name}_PORT": str(processes.free_port())
        for name in ("REFERRAL", "JOURNEY", "DIRECTORY", "NOTIFICATIONS", "CONSOLE", "KAFKA")
    }
    env: dict[str, str | None] = {**nothing, "LINKWORK_RUN_DIR": None}
    answer = runner.invoke(app, ["bench-console", "--run-dir", str(tmp_path)], env=env)
    assert answer.exit_code == 1
    assert "no figures: the stack did not answer" in answer.output
