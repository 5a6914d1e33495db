"""The answer object, the context every family receives, and small formatters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import role_has_perm
from inventory import selectors as inventory_selectors

from ..engine import ParsedQuestion, Period, Slots


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]

    def display_rows(self) -> list[list[str]]:
        """Cells as shown: numbers with thousands separators, None as empty."""
        return [[number(cell) if isinstance(cell, int | float) and
                 not isinstance(cell, bool) else "" if cell is None else str(cell)
                 for cell in row] for row in self.rows[:20]]


@dataclass
class CopilotAnswer:
    """An answer: the text, the figures it states and where they come from."""

    intent: str
    answer: str
    language: str
    products: list[str] = field(default_factory=list)
    values: list[int | float] = field(default_factory=list)
    period: Period | None = None
    links: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: dict | None = None  # Plotly figure JSON (data + layout)
    definitions: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (SKU, name)
    source: str = "rules"  # "rules", or "llm" when a model helped
    parsed: ParsedQuestion | None = None

    def as_json(self) -> dict[str, Any]:
        """The documented JSON object (command, page, REST API)."""
        return {
            "intent": self.intent,
            "answer": self.answer,
            "language": self.language,
            "products": list(self.products),
            "values": list(self.values),
            "period": self.period.as_json() if self.period else None,
            "links": list(self.links),
        }


@dataclass
class Context:
    organization: Organization
    user: User | None
    role: str | None
    today: dt.date
    language: str
    parsed: ParsedQuestion

    @property
    def slots(self) -> Slots:
        return self.parsed.slots

    def link(self, name: str, *args: Any, query: dict | None = None) -> str | None:
        """The URL of a screen, or None when the user's role may not read it."""
        url = reverse(name, args=args)
        try:
            view = resolve(url).func
        except Resolver404:  # pragma: no cover - reverse() built it
            return None
        needed = getattr(view, "access", {}).get("read")
        # No user: the command line, run by whoever runs the server.
        if needed and self.user is not None and not role_has_perm(self.role, needed):
            return None
        return f"{url}?{urlencode(query)}" if query else url


def number(value: float | int) -> str:
    """1,234 for whole numbers, 12.5 otherwise."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def won(value: float | int) -> str:
    return f"₩{round(float(value)):,}"


def whole(value: float | int | None) -> int:
    return int(round(float(value or 0)))


def one_decimal(value: float | None) -> float:
    return round(float(value or 0), 1)


def label(sku: str, name: str) -> str:
    return f"{sku} {name}"


def links(*urls: str | None) -> list[str]:
    return [url for url in dict.fromkeys(urls) if url]


def previous_label(period: Period) -> str:
    """What the period is compared with, as a heading: "The month before"."""
    basis = period.comparison()
    if basis == "months":
        return _("The month before") if period.months == 1 else _(
            "The %(months)s months before") % {"months": period.months}
    return {
        "day": _("The day before"),
        "week": _("The week before"),
        "week_to_date": _("The same days of the week before"),
        "month_to_date": _("The same days of the month before"),
        "quarter_to_date": _("The same days of the quarter before"),
        "year_to_date": _("The same days of last year"),
    }.get(basis) or _("The %(days)s days before") % {"days": period.days}


def sales_definition() -> str:
    """How sales and the comparison are counted (every sales answer)."""
    return _("Sales = outbound units net of cancellations and returns; revenue = "
             "what customers paid for the order lines (the amount in the channel "
             "export or channel sync), or units × the product's selling price "
             "where no amount was recorded. A calendar month is compared "
             "with the month before, a month, quarter, week or year to date with the "
             "same days of the month, quarter, week or year before, a week with the "
             "week before, "
             "the last N days with the N days before.")


def estimated_notice(estimated_units: int, *, units: int | None = None,
                     demo: bool = False) -> str:
    """The sentence an answer adds when part of its revenue is units × the list
    price (no amount paid recorded for those units); "" when none is. The same
    words as the sales report (inventory.selectors.revenue_estimate_notice)."""
    return inventory_selectors.revenue_estimate_notice(
        estimated_units=estimated_units, units=units, demo=demo)


def baseline(period: Period, compare: Period | None = None) -> Period:
    """What the period's sales are compared with: the period the question
    named ("작년 대비"), else the calendar's previous period."""
    return compare or period.previous()


def baseline_label(period: Period, compare: Period | None = None) -> str:
    """The heading of the baseline: the calendar's name for it, or "The period
    you compared with" when the question named another one."""
    if compare is None or compare == period.previous():
        return previous_label(period)
    return _("The period you compared with")


def compared_with(period: Period, compare: Period | None = None) -> str:
    """"The month before: 2026-10-01 to 2026-10-31." (the change's baseline)."""
    previous = baseline(period, compare)
    return _("%(basis)s: %(start)s to %(end)s.") % {
        "basis": baseline_label(period, compare), "start": previous.start,
        "end": previous.end}
