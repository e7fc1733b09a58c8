"""Who reads which inboxes and which case updates, on its own."""

from __future__ import annotations

from linkwork_notifications.domain.feed_access import feed_access, inboxes_of
from linkwork_runtime.auth import Principal


def principal(sub: str, *roles: str, **claims: str) -> Principal:
    return Principal(sub=sub, roles=frozenset(roles), **claims)


def test_a_link_worker_reads_their_own_inbox_and_follows_their_caseload() -> None:
    access = feed_access(principal("lw-1", "link_worker", team_id="leeds"))
    assert access.inboxes == {"lw-1"}
    assert (access.caseload_of, access.team, access.envelopes) == ("lw-1", None, False)


def test_a_manager_reads_the_team_inbox_and_follows_the_team_none_without_a_claim() -> None:
    leeds = feed_access(principal("mgr-1", "manager", team_id="leeds"))
    assert leeds.inboxes == {"mgr-1", "team:leeds", "team:triage"}  # triage: every manager's
    assert leeds.team == "leeds"
    for no_team in (principal("mgr-0", "manager"), principal("mgr-0", "manager", team_id="")):
        access = feed_access(no_team)
        assert (access.inboxes, access.team) == ({"mgr-0"}, None)


def test_practices_and_providers_read_their_organisations_inbox_and_ops_every_envelope() -> None:
    assert inboxes_of(principal("gp-1", "practice", ods_code="b86001")) == {
        "gp-1",
        "practice:B86001",
    }
    assert inboxes_of(principal("p-1", "provider", organization_id="org-1")) == {
        "p-1",
        "provider:org-1",
    }
    ops = feed_access(principal("ops-1", "ops"))
    assert ops.envelopes and ops.caseload_of is None and ops.team is None
