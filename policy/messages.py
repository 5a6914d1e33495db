"""Stored English message templates → text in the user's language."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import formats
from django.utils.translation import gettext


def display_number(value: Any) -> Any:
    """A number as the reader's locale writes it (1,234; 3.4): a whole float
    loses its ".0" (units are counted whole); anything else is left as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        if value.is_integer():
            value = int(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _display(value: Any) -> Any:
    """A parameter for the reader: a nested ``{"template", "params"}`` message
    rendered in the same language, a number in the reader's locale."""
    if isinstance(value, Mapping) and "template" in value:
        return render_message(value.get("template", ""), value.get("params") or {})
    return display_number(value)


def render_message(template: str, params: Mapping[str, Any]) -> str:
    """Translate the template, then fill it (numbers in the reader's locale; a
    parameter may itself be a stored message); a broken translation falls back."""
    params = {key: _display(value) for key, value in params.items()}
    try:
        return gettext(template) % dict(params)
    except (KeyError, TypeError, ValueError):
        try:
            return template % dict(params)
        except (KeyError, TypeError, ValueError):
            return template


def render_messages(messages: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every stored ``{"template", "params"}`` message, translated and filled."""
    return [render_message(m.get("template", ""), m.get("params") or {})
            for m in messages]
