"""Finding a person: one call to the referral service, which searches only the referrals the
signed-in person may read (her caseload, her team's, or those her practice made)."""

from __future__ import annotations

from datetime import date

from linkwork_console.backends import Backends
from linkwork_console.domain.person_search import Found, Search, found_of
from linkwork_console.domain.sessions import Session


async def find_people(backends: Backends, session: Session, search: Search, today: date) -> Found:
    answer = await backends.referral.get("/people", session.token, search.params())
    works_cases = session.identity.has("link_worker") or session.identity.has("manager")
    return found_of(answer, today, practice=not works_cases)
