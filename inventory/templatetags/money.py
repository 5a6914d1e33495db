"""Money and quantities as a Korean seller reads them: ₩1,234,500, 96 (no ".0").

{% load money %}  {{ amount|won }}  {{ quantity|units }}
`won` shows whole won with the sign and thousands separators, never decimals;
None (an amount that cannot be computed, e.g. no unit cost) shows the
translated "no unit cost" so a missing price is never mistaken for ₩0. The
text is wrapped so it never breaks mid-number (class "money", nowrap).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def won_text(value) -> str | None:
    """"₩1,234,500" (rounded half up), or None for None/invalid."""
    if value is None or value == "":
        return None
    try:
        whole = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None
    sign = "-" if whole < 0 else ""
    return f"{sign}₩{abs(int(whole)):,}"


@register.filter
def won(value) -> SafeString:
    """Whole won with the sign; "no unit cost" when the amount is unknown."""
    text = won_text(value)
    if text is None:
        return format_html('<span class="money text-muted">{}</span>', _("no unit cost"))
    return format_html('<span class="money">{}</span>', text)


@register.filter
def units(value) -> str:
    """A quantity without a trailing ".0": 96 → "96", 2.5 → "2.5", 1200 → "1,200"."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if abs(number - round(number)) < 1e-9:
        return f"{int(round(number)):,}"
    return f"{number:,.1f}"
