"""Tokens from an identity provider, end to end: the four services and the console as real
processes with AUTH_MODE=oidc and no shared secret, against a local OpenID Connect issuer on
loopback that names roles its own way (Keycloak's realm_access.roles). Its tokens work
against every service and through the console's sign-in; after it rotates its key, new
tokens work without restarting anything, and the old key stops working once retired."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest

from linkwork_devstack import processes, stack
from linkwork_devstack.issuer import Issuer, issuer_app
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import serving_in_a_thread

# What each service is asked, by a role that may ask it.
EVERY_SERVICE = {
    "referral": ("/referrals", "kc-amina"),
    "journey": ("/journeys", "kc-amina"),
    "directory": ("/links", "kc-amina"),
    "notifications": ("/notifications", "kc-amina"),
}
ROLE_MAP = {"social-prescriber": "link_worker", "team-lead": "manager"}
USERS = {
    "kc-amina": {
        "name": "Amina Shah",
        "realm_access": {"roles": ["social-prescriber", "offline_access"]},
        "linkwork_team": "leeds-north",
    },
    "kc-manager": {
        "name": "Grace Obi",
        "realm_access": {"roles": ["team-lead"]},
        "linkwork_team": "leeds-north",
    },
}
CACHE_SECONDS = 2


@dataclass
class IdentityStack:
    config: stack.StackConfig
    issuer: Issuer

    def bearer(self, sub: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.issuer.mint(sub)}"}


@pytest.fixture(scope="module")
def identity_stack(
    linkwork_infra: Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityStack]:
    issuer = Issuer(url="", clients={"linkwork-console": "console-secret"}, users=USERS)
    port = processes.free_port()
    issuer.url = f"http://127.0.0.1:{port}"
    config = stack.StackConfig.isolated(
        tmp_path_factory.mktemp("run"),
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        "i",
        extra_env={
            "AUTH_MODE": "oidc",
            "AUTH_ISSUER": issuer.url,
            "AUTH_AUDIENCE": issuer.audience,
            "AUTH_ROLES_CLAIM": "realm_access.roles",
            "AUTH_ROLE_MAP": json.dumps(ROLE_MAP),
            "AUTH_TEAM_CLAIM": "linkwork_team",
            "AUTH_JWKS_CACHE_SECONDS": str(CACHE_SECONDS),
            "AUTH_JWKS_REFETCH_SECONDS": "0",
            "OIDC_CLIENT_ID": "linkwork-console",
            "OIDC_CLIENT_SECRET": "console-secret",
            "SESSION_SECRET": "a-session-secret-of-this-test-only",
            "AUDIT_HASH_KEY": "an-audit-key-of-this-test-only",
        },
    )
    with serving_in_a_thread(issuer_app(issuer), port):
        try:
            stack.start_services(config, timeout=90)
            stack.start_console(config, timeout=60)
            yield IdentityStack(config, issuer)
        finally:
            processes.stop(config.run_dir, stack.CONSOLE)  # not one of the services
            stack.stop_services(config)


def ask_every_service(
    identity: IdentityStack, headers: dict[str, str] | None = None
) -> dict[str, httpx.Response]:
    answers = {}
    for service, (path, sub) in EVERY_SERVICE.items():
        sent = headers if headers is not None else identity.bearer(sub)
        answers[service] = httpx.get(f"{identity.config.url(service)}{path}", headers=sent)
    return answers


def test_the_issuers_tokens_work_against_every_service_with_mapped_roles(
    identity_stack: IdentityStack,
) -> None:
    answers = ask_every_service(identity_stack)
    assert {s: a.status_code for s, a in answers.items()} == dict.fromkeys(EVERY_SERVICE, 200)
    # A development token, the way `make up` signs them, is refused by every one.
    from linkwork_runtime.auth import issue_token
    from linkwork_runtime.settings import DEVELOPMENT_SECRET

    development = issue_token(DEVELOPMENT_SECRET, "lw-amina", ["link_worker"])
    refused = ask_every_service(identity_stack, {"Authorization": f"Bearer {development}"})
    assert {s: a.status_code for s, a in refused.items()} == dict.fromkeys(EVERY_SERVICE, 401)
    assert all("'HS256' is not accepted" in a.text for a in refused.values())


def sign_in_at_the_console(identity: IdentityStack, sub: str, page: str) -> httpx.Response:
    """Open a page signed out, sign in at the issuer as `sub`, and come back to the page."""
    with httpx.Client(base_url=identity.config.console_url) as browser:
        location = browser.get(page).headers["location"]
        while not location.startswith(identity.issuer.url):  # the console's sign-in steps
            location = browser.get(location).headers["location"]
        at_issuer = httpx.get(f"{location}&login_hint={sub}")
        callback = urlsplit(at_issuer.headers["location"])
        back = browser.get(f"{callback.path}?{callback.query}")
        assert back.status_code == 303, back.text
        return browser.get(back.headers["location"])


def test_signing_in_at_the_issuer_gives_pages_the_services_answer(
    identity_stack: IdentityStack,
) -> None:
    # Her manager registers her as a link worker of the team (his token's mapped role and
    # team claim at work on a write).
    registered = httpx.post(
        f"{identity_stack.config.url('referral')}/link-workers",
        json={"link_worker_id": "kc-amina", "name": "Amina Shah", "practices": ["B86001"]},
        headers=identity_stack.bearer("kc-manager"),
    )
    assert registered.status_code == 201, registered.text
    caseload = sign_in_at_the_console(identity_stack, "kc-amina", "/caseload")
    team = sign_in_at_the_console(identity_stack, "kc-manager", "/team")
    # Each page is built from the services' answers to the issuer's access token: had a
    # service refused it, the console would have sent the person back to sign in.
    assert caseload.status_code == 200 and "<h1>My caseload</h1>" in caseload.text
    assert team.status_code == 200 and "Amina Shah" in team.text


def test_after_the_issuer_rotates_its_key_new_tokens_work_and_the_retired_key_does_not(
    identity_stack: IdentityStack,
) -> None:
    issuer = identity_stack.issuer
    old_key = issuer.signing
    old_tokens = {sub: issuer.mint(sub) for _, sub in EVERY_SERVICE.values()}
    issuer.rotate()
    rotated = ask_every_service(identity_stack)
    assert {s: a.status_code for s, a in rotated.items()} == dict.fromkeys(EVERY_SERVICE, 200)

    issuer.retire(old_key.kid)
    time.sleep(CACHE_SECONDS + 0.5)  # each service's cached key set has expired
    old = ask_every_service(identity_stack, {"Authorization": f"Bearer {old_tokens['kc-amina']}"})
    assert {s: a.status_code for s, a in old.items()} == dict.fromkeys(EVERY_SERVICE, 401)
    assert all(f"{old_key.kid!r} is not one the issuer publishes" in a.text for a in old.values())
    # Nothing was restarted: the processes that verified the old key are the ones running.
    assert all(
        processes.alive(processes.read_pid(identity_stack.config.run_dir, service) or 0)
        for service in EVERY_SERVICE
    )
