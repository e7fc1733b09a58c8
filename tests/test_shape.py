"""Every service has the same rooms, each saying what lives in it, and thin handlers.

The skeleton is what lets a newcomer read any service after reading one (README, Layout):
a service that grows a new top-level module, loses a room or fattens a handler fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("referral", "journey", "directory", "notifications", "console", "insights")
ROOMS = {
    "app.py",
    "settings.py",
    "handlers.py",
    "jobs.py",
    "domain",
    "actions",
    "queries",
    "store",
    "api",
    "dev",
}
PACKAGE_FILES = {"__init__.py", "__main__.py", "py.typed"}
# Adapters with a real name of their own: folders, beside the rooms.
ADAPTERS = {
    "referral": set(),
    "journey": set(),
    "directory": {"oruk", "postcodes"},
    "notifications": {"channels", "rendering"},
    # The console's adapters: the services' HTTP APIs, its page templates, its own CSS and JS.
    "console": {"backends", "templates", "assets"},
    # The rebuild: every topic replayed into a fresh database (linkwork-insights rebuild).
    "insights": {"rebuild"},
}
LONGEST_HANDLER = 15


def package(service: str) -> Path:
    return ROOT / "services" / service / "src" / f"linkwork_{service}"


def top_level(service: str) -> set[str]:
    return {p.name for p in package(service).iterdir() if p.name != "__pycache__"}


def docstring(path: Path) -> str | None:
    source = path / "__init__.py" if path.is_dir() else path
    return ast.get_docstring(ast.parse(source.read_text()))


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_rooms_and_nothing_else_at_the_top(service: str) -> None:
    names = top_level(service)
    assert names - PACKAGE_FILES - ADAPTERS[service] == ROOMS, (
        f"{service}: missing {sorted(ROOMS - names)}, "
        f"unexpected {sorted(names - ROOMS - PACKAGE_FILES - ADAPTERS[service])}"
    )
    for adapter in ADAPTERS[service]:
        assert (package(service) / adapter).is_dir(), f"{service}/{adapter} is an adapter folder"


@pytest.mark.parametrize("service", SERVICES)
def test_every_room_and_module_says_what_lives_there(service: str) -> None:
    undocumented = [
        str(path.relative_to(package(service)))
        for path in sorted(package(service).rglob("*.py"))
        if path.name != "__main__.py" and not docstring(path) and "node_modules" not in path.parts
    ]
    assert undocumented == [], f"{service}: modules without a docstring: {undocumented}"


@pytest.mark.parametrize("service", SERVICES)
def test_handlers_only_translate_an_event_into_an_action(service: str) -> None:
    tree = ast.parse((package(service) / "handlers.py").read_text())
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    assert functions, f"{service}: handlers.py has no handler"
    too_long = {
        f.name: length
        for f in functions
        if (length := (f.end_lineno or f.lineno) - f.lineno + 1) > LONGEST_HANDLER
    }
    assert too_long == {}, f"{service}: handlers longer than {LONGEST_HANDLER} lines: {too_long}"


@pytest.mark.parametrize("service", SERVICES)
def test_handlers_and_routes_never_build_a_repository_by_hand(service: str) -> None:
    """Repositories are reached through the transaction (`tx.store.x`) or the app's store."""
    by_hand = [
        f"{path.relative_to(package(service))}:{number}"
        for path in sorted(package(service).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "tx.db, tx.session" in line or "(runtime.db)" in line or "(rt.db)" in line
    ]
    assert by_hand == [], f"{service}: repositories built by hand at {by_hand}"
