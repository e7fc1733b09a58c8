"""The console's templates: every form carries the session's form token, so no change is
refused as forged (or, worse, a forged one accepted) because a template lost it."""

from __future__ import annotations

from pathlib import Path

from linkwork_console.app import templates

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "linkwork_console" / "templates"


def test_every_template_that_uses_the_form_token_macro_gives_it_the_page() -> None:
    lost = [
        str(path.relative_to(TEMPLATES))
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "import csrf" in path.read_text() and "import csrf with context" not in path.read_text()
    ]
    assert lost == [], f"import the csrf macro with context in {lost}"


def test_the_form_token_macro_writes_the_sessions_token() -> None:
    page = templates().from_string(
        '{% from "components/forms.html" import csrf with context %}<form>{{ csrf() }}</form>'
    )
    assert 'name="csrf_token" value="t0k3n"' in page.render(csrf_token="t0k3n")


def test_every_post_form_carries_the_form_token() -> None:
    missing = [
        str(path.relative_to(TEMPLATES))
        for path in sorted(TEMPLATES.rglob("*.html"))
        if 'method="post"' in path.read_text()
        and "csrf()" not in path.read_text()
        and "csrf_token" not in path.read_text()
        and path.name != "sign_in.html"  # before a session: its own sign-in token
        # Public, with no session: a forged post could do only what anyone may do directly.
        and path.relative_to(TEMPLATES).as_posix() != "self_referral/page.html"
    ]
    assert missing == [], f"forms without the form token in {missing}"
