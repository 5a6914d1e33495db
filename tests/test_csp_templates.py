"""No template may need 'unsafe-inline' for scripts: every inline <script> carries
the request's nonce or is data (type="application/json"), and no element has an
inline event handler (onclick=, onsubmit=...), which no nonce can allow."""
from __future__ import annotations

import re
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from smartstock.charts import fragment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)


def _inline_script_problems(text: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if re.search(r"\bsrc\s*=", attributes):
            continue
        if re.search(r'type\s*=\s*"application/(ld\+)?json"', attributes):
            continue
        if "nonce=" in attributes:
            continue
        problems.append(match.group(0))
    return problems


def test_templates_have_no_unnonced_inline_script_and_no_event_handler() -> None:
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(TEMPLATES)}: {tag}"
                     for tag in _inline_script_problems(text)]
        problems += [f"{path.relative_to(TEMPLATES)}: inline handler {m.group(0)[:60]}"
                     for m in EVENT_HANDLER.finditer(text)]
    assert not problems, "\n".join(problems)


def test_chart_fragments_are_data_not_code() -> None:
    html = str(fragment("c1", [{"x": [1], "y": ["</script><script>alert(1)"]}], {}))
    assert _inline_script_problems(html) == []
    assert "<script" not in html  # the figure is an escaped attribute, never markup


def test_the_nonce_is_available_to_templates() -> None:
    """A template that needs an inline script writes nonce="{{ CSP_NONCE }}"."""
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda r: None)
    middleware.process_request(request)
    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}"></script>')
    html = template.render({}, request)
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    response = middleware.process_response(request, HttpResponse(html))
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
