"""The one export sanitiser: spreadsheet cells must never start a formula.

A text cell that starts with = + - @, a tab, a carriage return or NUL may be run
as a formula by Excel or LibreOffice (CSV/formula injection, OWASP ASVS 5.0
§1.2.10). Such text gets a leading apostrophe. Numbers, dates, booleans and None
pass through unchanged so that spreadsheets keep real numbers (a negative
quantity stays a number). django-import-export's own
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it strips one "=" only and
turns every cell into text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")
ESCAPE_PREFIX = "'"


def sanitize_cell(value: Any) -> Any:
    """Return `value`, with a leading apostrophe if it is formula-like text."""
    if isinstance(value, Promise):  # lazy translations are text too
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return ESCAPE_PREFIX + value
    return value


def sanitize_row(values: Iterable[Any]) -> list[Any]:
    """Sanitise every cell of one row (see `sanitize_cell`)."""
    return [sanitize_cell(value) for value in values]
