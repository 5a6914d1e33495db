"""Plain data of the parser: the catalogue it matches against and its result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The answerable families, plus "clarify" (ambiguous product: ask back) and
# "unknown" (outside the families: say what can be answered).
INTENTS = (
    "order_quantity",
    "stockout_risk",
    "late_stockout",
    "stock_level",
    "stock_below",
    "sales",
    "top_sellers",
    "forecast",
    "forecast_accuracy",
    "overstock",
    "slow_movers",
    "expiring_lots",
    "open_pos",
    "open_alerts",
    "why_recommendation",
    "clarify",
    "unknown",
)


@dataclass(frozen=True)
class CatalogueProduct:
    id: int
    sku: str
    name: str


@dataclass(frozen=True)
class CatalogueItem:
    """A category, supplier or channel: its id, its name, extra words naming it."""

    id: int
    name: str
    key: str = ""  # the channel kind ("coupang", …); empty for others
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    products: tuple[CatalogueProduct, ...] = ()
    categories: tuple[CatalogueItem, ...] = ()
    suppliers: tuple[CatalogueItem, ...] = ()
    channels: tuple[CatalogueItem, ...] = ()


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, clamped to that month's last day."""
    index = day.year * 12 + day.month - 1 - months
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, _month_end(first).day))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    # "day", "week" (a calendar week), "week_to_date" (this week), "month" (a
    # calendar month), "month_to_date", "quarter" (a calendar quarter),
    # "quarter_to_date", "year_to_date", "days" (the last N days) or "range"
    # (dates as written). Not part of equality.
    kind: str = field(default="range", compare=False)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def comparison(self) -> str:
        """What the period is compared with: "day", "week", "week_to_date",
        "months" (whole calendar months), "month_to_date", "quarter_to_date",
        "year_to_date" or "days" (the same number of days just before)."""
        whole_months = self.start.day == 1 and self.end == _month_end(self.end)
        if whole_months and self.kind in ("month", "month_to_date", "quarter",
                                          "quarter_to_date", "range"):
            return "months"  # this month on its last day is the whole month
        if self.kind in ("day", "week", "week_to_date", "month_to_date",
                         "quarter_to_date", "year_to_date"):
            return self.kind
        if self.kind == "range" and self.start.day == 1 and (
                self.start.year, self.start.month) == (self.end.year, self.end.month):
            return "month_to_date"  # "11월 1일부터 15일까지": Oct 1–15
        return "days"

    @property
    def months(self) -> int:
        return ((self.end.year - self.start.year) * 12 + self.end.month
                - self.start.month + 1)

    def previous(self) -> Period:
        """The period a seller compares this one with, aligned to the calendar:
        a calendar month with the month before, a month, quarter, week or year
        to date with the same days of the month, quarter, week or year before,
        a week with the
        week before, the last N days (and other spans) with the N days before."""
        basis = self.comparison()
        if basis == "months":
            first = _months_back(self.start, self.months)
            return Period(first, _month_end(_months_back(self.end, self.months)),
                          self.kind)
        if basis == "month_to_date":
            return Period(_months_back(self.start, 1), _months_back(self.end, 1),
                          self.kind)
        if basis == "quarter_to_date":
            return Period(_months_back(self.start, 3), _months_back(self.end, 3),
                          self.kind)
        if basis == "year_to_date":
            return Period(_months_back(self.start, 12), _months_back(self.end, 12),
                          self.kind)
        if basis == "week_to_date":
            week = dt.timedelta(days=7)
            return Period(self.start - week, self.end - week, self.kind)
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end, self.kind)

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class Slots:
    products: tuple[CatalogueProduct, ...] = ()
    category: CatalogueItem | None = None
    supplier: CatalogueItem | None = None
    channel: CatalogueItem | None = None
    # Sales side by side per channel: the channels named ("Coupang and
    # SmartStore"), or every channel ("by channel"); then ``channel`` is None.
    channels: tuple[CatalogueItem, ...] = ()
    # One line per category or per supplier ("카테고리별", "by supplier").
    breakdown: str | None = None
    period: Period | None = None
    # The period the question names to compare with ("작년 대비 이번달": this
    # month of last year); None: the calendar's previous period.
    compare: Period | None = None
    top_n: int | None = None
    days: int | None = None  # forecast horizon / expiry window in days
    # "다음 달"/"next month" said (not "next 30 days"): the calendar month ahead.
    next_month: bool = False
    order: str | None = None  # "best" or "worst" (slow movers: "fast"/"slow")
    metric: str | None = None  # "units" or "revenue"
    # Products at or below this many units on hand ("품절된 상품": 0, "less
    # than 5 in stock": 4, "재고 1개 남은": 1).
    stock_max: int | None = None
    # Products the question may mean when it named more than one (clarify).
    candidates: tuple[CatalogueProduct, ...] = ()
    # A SKU the question names that no product has (clarify, never a guess).
    unknown_sku: str = ""
    # A channel word said for a channel kind the organization has none of
    # ("쿠팡 매출" without a Coupang channel): answered as such, never for all.
    missing_channel: str = ""

    def canonical(self) -> dict:
        """Comparable form: SKUs, names, channel kind, ISO period."""
        return {
            "products": [p.sku for p in self.products],
            "category": self.category.name if self.category else None,
            "supplier": self.supplier.name if self.supplier else None,
            "channel": self.channel.key if self.channel else None,
            "channels": [c.key for c in self.channels],
            "breakdown": self.breakdown,
            "period": (self.period.start.isoformat(), self.period.end.isoformat())
            if self.period else None,
            "compare": (self.compare.start.isoformat(), self.compare.end.isoformat())
            if self.compare else None,
            "top_n": self.top_n,
            "days": self.days,
            "order": self.order,
        }


@dataclass(frozen=True)
class ParsedQuestion:
    question: str
    normalized: str
    intent: str
    slots: Slots = field(default_factory=Slots)
    language: str = "ko"
    # Intent scores (for the benchmark's diagnostics and the LLM fallback).
    scores: dict[str, float] = field(default_factory=dict)
    # Why an "unknown" question is declined: "advice" (prices to set, refunds,
    # channel sign-up), "change" (it asks to change data;
    # the copilot only reads), "outside" (data the copilot does not have), "".
    decline: str = ""
