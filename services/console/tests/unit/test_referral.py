"""A referral's history as its page lists it: each step in plain words, with what happened."""

from __future__ import annotations

from linkwork_console.domain.referral import history_of


def test_a_contact_attempts_line_says_what_happened_in_plain_words() -> None:
    referral = {
        "history": [
            {"event": "ReferralAssigned", "at": "2026-12-03T09:00:00Z", "by": "system"},
            {
                "event": "ContactAttempted",
                "at": "2026-12-03T10:00:00Z",
                "by": "lw-amina",
                "outcome": "no_answer",
            },
        ]
    }
    assert [line.what for line in history_of(referral)] == [
        "Referral assigned",
        "Contact attempted (no answer)",
    ]
