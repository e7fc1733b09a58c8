"""Every route of every deployable says who may call it and whose records it reaches, and
README.md's "Who may do what" tables are the ones those declarations make (like
`linkwork_schemas check` for the schemas). Each service's tests/integration/test_access_suite.py
proves the boundaries against the real database.

The apps are built, not started: no broker or database is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from typer.testing import CliRunner

from linkwork_devstack import access_matrix, cli
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.auth import Principal, require_roles

Staff = Annotated[Principal, Depends(require_roles("manager", "link_worker", "ops"))]


@pytest.fixture(scope="module")
def apps() -> dict[str, FastAPI]:
    return access_matrix.deployable_apps()


def test_every_route_of_every_deployable_declares_who_may_call_it(
    apps: dict[str, FastAPI],
) -> None:
    assert set(apps) == {"referral", "journey", "directory", "notifications", "console", "insights"}
    missing = access_matrix.undeclared(apps)
    assert missing == [], (
        "these routes do not say who may call them: give each a role dependency "
        "(require_roles; declares(...) on a dependency that authorises itself) or "
        f"public('why') from linkwork_runtime.access: {missing}"
    )


def test_a_route_without_a_declaration_is_named_and_kept_out_of_the_readme() -> None:
    probe = FastAPI(openapi_url=None)

    @probe.get("/forgotten", summary="Nobody said who")
    async def forgotten() -> None: ...

    assert access_matrix.undeclared({"probe": probe}) == ["probe: GET /forgotten (Nobody said who)"]
    with pytest.raises(access_matrix.Undeclared, match="GET /forgotten"):
        access_matrix.tables({"probe": probe})


def test_every_signed_in_route_says_whose_records_it_reaches(apps: dict[str, FastAPI]) -> None:
    missing = access_matrix.unbounded(apps)
    assert missing == [], (
        "these routes do not say whose records they reach: give each confined(Refused..., "
        "role=Party...) naming the party of every manager, link_worker, practice and provider "
        "it serves, or unconfined('why') (linkwork_runtime.access), and a Call in the "
        f"service's tests/integration/test_access_suite.py: {missing}"
    )


def test_a_new_route_without_a_boundary_or_a_party_for_a_role_is_named() -> None:
    probe = FastAPI(openapi_url=None)

    @probe.get("/cases", summary="No boundary")
    async def cases(_: Staff) -> None: ...

    @probe.get(
        "/teams",
        summary="A role left out",
        dependencies=[confined(Refused.LEFT_OUT, manager=Party.TEAM)],
    )
    async def teams(_: Staff) -> None: ...

    assert access_matrix.unbounded({"probe": probe}) == [
        "probe: GET /cases (No boundary): no boundary",
        "probe: GET /teams (A role left out): no party for ['link_worker']",
    ]
    with pytest.raises(access_matrix.Undeclared, match="GET /cases"):
        access_matrix.tables({"probe": probe})


def test_the_readme_who_may_do_what_tables_are_current(apps: dict[str, FastAPI]) -> None:
    readme = access_matrix.README.read_text()
    wanted = access_matrix.with_tables(readme, access_matrix.tables(apps))
    assert wanted == readme, (
        f"README.md's 'Who may do what' tables are stale: run `{access_matrix.REGENERATE}`"
    )


def test_each_deployable_has_its_own_table_with_public_and_role_rows(
    apps: dict[str, FastAPI],
) -> None:
    generated = access_matrix.tables(apps)
    for name in apps:
        assert f"**{name}**\n\n| method | path | who | whose |" in generated
    assert "| GET | `/services` | anyone (public): ORUK feeds are open data |  |" in generated
    assert (
        "| GET | `/journeys/{journey_id}` | `link_worker`, `manager` | `link_worker` their "
        "caseload, `manager` their team's; another's: 404 |"
    ) in generated
    assert (
        "| POST | `/referrals` | `agency`, `integration`, `link_worker`, `manager`, `practice` | "
        "not confined: a new referral is nobody's until intake routes it to a team |"
    ) in generated


def test_check_fails_on_stale_tables_and_passes_once_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Linkwork\n\n{access_matrix.START}\n{access_matrix.END}\n")
    monkeypatch.setattr(access_matrix, "README", readme)
    stale = CliRunner().invoke(cli.app, ["access-matrix", "--check"])
    assert stale.exit_code == 1
    assert "make access-matrix" in stale.output
    assert CliRunner().invoke(cli.app, ["access-matrix"]).exit_code == 0
    assert "| GET | `/health` |" in readme.read_text()
    assert CliRunner().invoke(cli.app, ["access-matrix", "--check"]).exit_code == 0
