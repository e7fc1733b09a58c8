"""Who is signed in and where they may be sent: the page to come back to after signing in is
always one of the console's own (never another host), and each person starts at their work."""

from __future__ import annotations

import pytest

from linkwork_console.domain.identity import Identity, home_of, navigation, safe_next


@pytest.mark.parametrize(
    "target",
    [
        "/caseload",
        "/referrals/r-1",
        "/referrals/r-1?done=contact",
        "/journeys/j-1#goals",
    ],
)
def test_a_page_of_the_console_is_where_she_comes_back_to(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/caseload",
        "http://127.0.0.1:8000/caseload",  # even this host: only paths are taken
        "//evil.example/caseload",
        "javascript:alert(1)",
        "caseload",
        "evil.example/caseload",
        "/sign-in?next=/caseload",  # never back to signing in (or out)
        "/sign-out",
        "/auth/callback?code=x",
        "",
        None,
    ],
)
def test_another_host_a_scheme_or_the_sign_in_pages_are_refused(target: str | None) -> None:
    assert safe_next(target) is None


def test_a_backslash_that_browsers_read_as_a_slash_does_not_lead_to_another_host() -> None:
    # Browsers treat "/\evil.example" as "//evil.example": another host.
    assert safe_next("/\\evil.example/caseload") is None


def person(*roles: str) -> Identity:
    return Identity(sub="x", name="X", roles=frozenset(roles))


def test_each_person_starts_at_their_own_work() -> None:
    assert home_of(person("link_worker")) == "/caseload"
    assert home_of(person("manager")) == "/team"
    assert home_of(person("provider")) == "/provider"
    assert home_of(person("practice")) == "/practice"
    assert home_of(person("ops")) == "/ops"
    assert home_of(person("link_worker", "manager")) == "/caseload"
    assert home_of(person()) == "/no-access"


def test_the_header_lists_their_work_areas_then_find_a_person_then_their_notifications() -> None:
    assert [i.href for i in navigation(person("link_worker", "manager"))] == [
        "/caseload",
        "/team",
        "/triage",
        "/people",
        "/notifications",
    ]
    assert [i.href for i in navigation(person("practice"))] == [
        "/practice",
        "/people",
        "/notifications",
    ]
    assert [i.href for i in navigation(person("provider"))] == ["/provider", "/notifications"]
    assert [i.href for i in navigation(person("ops"))] == ["/ops"]  # ops read envelopes
    assert navigation(person()) == []


def test_an_identity_survives_the_session_store() -> None:
    who = Identity(
        sub="burley-reception",
        name="Burley Park Medical Centre",
        roles=frozenset({"practice"}),
        ods_code="B86001",
    )
    assert Identity.from_document(who.as_document()) == who
