"""Stored English message templates → text in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext


def render_message(template: str, params: Mapping[str, Any]) -> str:
    """Translate the template, then fill it; a broken translation falls back."""
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
