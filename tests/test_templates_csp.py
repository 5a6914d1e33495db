"""The screens issue 13 owns carry no inline script code or event handlers, so a
strict Content-Security-Policy (issue 17) can forbid 'unsafe-inline' scripts.

Behaviour lives in static/js/*.js hooked by data- attributes; data reaches
scripts through data attributes or json_script (allowed).
"""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
OWNED = sorted([*TEMPLATES.glob("dashboard/*.html"), *TEMPLATES.glob("policy/*.html"),
                *TEMPLATES.glob("alerts/*.html"), TEMPLATES / "_charts_scripts.html",
                TEMPLATES / "forecasting/forecast_detail.html"])
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("path", OWNED, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_scripts_or_event_handlers(path):
    text = path.read_text(encoding="utf-8")
    assert not HANDLER.search(text), HANDLER.search(text).group(0)
    assert not INLINE_SCRIPT.search(text)


def test_the_checker_catches_both():
    assert HANDLER.search('<button onclick="x()">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
