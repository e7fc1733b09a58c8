"""Every route of every deployable says who may call it, and README.md's "Who may do what"
tables are the ones those declarations make (like `linkwork_schemas check` for the schemas).

The apps are built, not started: no broker or database is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from linkwork_devstack import access_matrix, cli


@pytest.fixture(scope="module")
def apps() -> dict[str, FastAPI]:
    return access_matrix.deployable_apps()


def test_every_route_of_every_deployable_declares_who_may_call_it(
    apps: dict[str, FastAPI],
) -> None:
    assert set(apps) == {"referral", "journey", "directory", "notifications", "console"}
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
        assert f"**{name}**\n\n| method | path | who |" in generated
    assert "| GET | `/services` | anyone (public): ORUK feeds are open data |" in generated
    assert "| GET | `/stream` | `link_worker`, `manager`, `ops`, `practice`, `provider` |" in (
        generated
    )


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
