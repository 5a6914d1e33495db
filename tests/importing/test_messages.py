"""The message catalogue: codes, English templates with named params."""
from __future__ import annotations

import io
import re

from inventory.importing import ParseOptions, parse_upload
from inventory.importing.messages import TEXTS, msg

from .builders import simple_rows, write_csv


def test_every_template_renders_with_its_named_params():
    for code, template in TEXTS.items():
        names = re.findall(r"%\((\w+)\)s", template)
        assert "%s" not in template.replace("%%", ""), code  # named params only
        rendered = msg(code, **{name: f"<{name}>" for name in names}).text()
        assert all(f"<{name}>" in rendered for name in names), code


def test_problems_keep_code_english_template_and_params(tmp_path, resolver):
    path = write_csv(tmp_path / "p.csv", simple_rows(["2025-10-01", "NOPE", 1]))
    stream = io.BytesIO(path.read_bytes())
    stream.read()  # already consumed, as a Django upload may be
    upload = parse_upload(stream, "p.csv", resolver, ParseOptions())
    problem = upload.errors[0]
    assert (problem.code, problem.params) == ("code_unknown", {"code": "NOPE"})
    assert problem.message == TEXTS["code_unknown"]
    assert problem.text() == "Product code NOPE matches no product."
