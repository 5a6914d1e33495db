"""Plain data of the parser: the catalogue it matches against and its result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The answerable families, plus "clarify" (ambiguous product: ask back) and
# "unknown" (outside the families: say what can be answered).
INTENTS = (
    "order_quantity",
    "stockout_risk",
    "stock_level",
    "sales",
    "top_sellers",
    "forecast",
    "forecast_accuracy",
    "overstock",
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


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

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
    top_n: int | None = None
    days: int | None = None  # forecast horizon / expiry window in days
    order: str | None = None  # "best" or "worst"
    metric: str | None = None  # "units" or "revenue"
    # Products the question may mean when it named more than one (clarify).
    candidates: tuple[CatalogueProduct, ...] = ()
    # A SKU the question names that no product has (clarify, never a guess).
    unknown_sku: str = ""

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
