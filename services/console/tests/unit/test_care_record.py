"""A journey's care record as its page shows it: flags in words with their review state and
the reason a removed one went; notes newest first, a correction over what it replaced; the
flags due for review on a caseload, most overdue first as the service lists them."""

from __future__ import annotations

from datetime import date
from typing import Any

from linkwork_console.domain import care_record
from linkwork_console.domain.flags_due import flags_due_of

TODAY = date(2026, 12, 3)


def flag(**changes: Any) -> dict[str, Any]:
    return {
        "flag_id": "f1",
        "kind": "do_not_visit_alone",
        "description": "Visit in pairs",
        "communication": [],
        "review_on": "2026-12-01",
        "raised_by": "lw-amina",
        "raised_at": "2026-11-01T10:00:00+00:00",
        "status": "active",
        "reviews": [],
        "review_due": True,
        **changes,
    }


def note(note_id: str, at: str, **changes: Any) -> dict[str, Any]:
    return {
        "note_id": note_id,
        "category": "phone_call",
        "text": f"text of {note_id}",
        "restricted": False,
        "written_by": "lw-amina",
        "written_at": f"2026-11-{at}T10:00:00+00:00",
        **changes,
    }


def test_an_active_flag_reads_in_words_with_its_review_due() -> None:
    (shown,) = care_record.flags_of(
        {"risk_flags": [flag(kind="communication_needs", communication=["interpreter", "hearing"])]}
    )
    assert shown.kind_words == "Communication needs"
    assert shown.communication == ["Needs an interpreter", "Hearing"]
    assert shown.review_on == "1 December 2026"
    assert shown.raised_on == "1 November 2026 at 10am"
    assert shown.review_due is True


def test_a_removed_flag_keeps_its_reviews_and_says_why_it_went() -> None:
    removed = flag(
        status="removed",
        removed_by="mgr-leeds",
        removed_at="2026-11-20T09:30:00+00:00",
        reviews=[
            {"kind": "reviewed", "note": "Still there", "next_review_on": "2027-01-01", "by": "a"},
            {"kind": "removed", "note": "Moved away", "by": "mgr-leeds"},
        ],
    )
    (shown,) = care_record.removed_flags_of({"removed_risk_flags": [removed]})
    assert shown.removal_reason == "Moved away"
    assert shown.removed_by == "mgr-leeds"
    assert [r.note for r in shown.reviews] == ["Still there"]
    assert shown.reviews[0].next_review == "1 January 2027"


def test_a_correction_is_shown_over_the_versions_it_replaced() -> None:
    journey = {
        "notes": [  # newest first, as the service gives them
            note("n4", "05"),
            note("n3", "04", corrects="n2"),
            note("n2", "03", corrects="n1", superseded_by="n3"),
            note("n1", "02", superseded_by="n2"),
        ]
    }
    threads = care_record.notes_of(journey)
    assert [t.latest.note_id for t in threads] == ["n4", "n3"]
    assert [n.note_id for n in threads[1].earlier] == ["n2", "n1"]
    assert all(n.superseded for n in threads[1].earlier)
    assert threads[1].correctable and threads[0].correctable


def test_a_note_whose_correction_the_reader_may_not_see_stands_alone_marked_corrected() -> None:
    # The correction is restricted: this reader's notes do not include it.
    (thread,) = care_record.notes_of({"notes": [note("n1", "02", superseded_by="n2")]})
    assert thread.latest.superseded is True
    assert thread.correctable is False


def test_a_note_reads_its_category_in_words_and_whether_restricted() -> None:
    (thread,) = care_record.notes_of({"notes": [note("n1", "02", restricted=True)]})
    assert thread.latest.category_words == "Phone call"
    assert thread.latest.restricted is True
    assert thread.latest.written_on == "2 November 2026 at 10am"


def test_flags_due_say_how_overdue_and_link_to_the_journeys_flags() -> None:
    answer = {
        "items": [
            {
                "journey_id": "j1",
                "link_worker_id": "lw-amina",
                "person": {"given_name": "Ann", "family_name": "Lee"},
                "flag": flag(review_on="2026-11-30"),
            },
            {
                "journey_id": "j2",
                "link_worker_id": "lw-brian",
                "person": {"given_name": "Bo", "family_name": "Ng"},
                "flag": flag(kind="safeguarding", review_on="2026-12-03"),
            },
        ],
        "total": 3,
    }
    due = flags_due_of(answer, TODAY)
    assert [(r.name, r.kind_words, r.overdue) for r in due.rows] == [
        ("Ann Lee", "Do not visit alone", "3 days"),
        ("Bo Ng", "Safeguarding concern", ""),
    ]
    assert due.rows[0].href == "/journeys/j1#risk-flags"
    assert due.more == 1
