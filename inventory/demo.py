"""Pure planning of the demo organization from the Italian pasta sales dataset.

No Django here: this module turns the dataset (a pandas DataFrame) into a
catalog plan and into ledger rows (sales plus a simulated replenishment), so it
can be tested on a slice without a database. inventory/services/demo.py writes
the result. Everything is deterministic for a given seed and slice.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

SEED = 20260101
# Last day of the dataset (a Monday); history is moved by whole weeks so the
# weekday seasonality stays on the right weekdays.
DATASET_LAST_DAY = dt.date(2018, 12, 31)
# Share of outbound rows per channel key (Coupang, SmartStore, own mall).
CHANNEL_SHARES: dict[str, float] = {
    "coupang": 0.50,
    "smartstore": 0.35,
    "own_mall": 0.15,
}
DEMAND_WINDOW_DAYS = 28  # trailing window of the simulated buyer's average
REORDER_EXTRA_DAYS = 7  # reorder point covers lead time + this many days
ORDER_COVER_EXTRA_DAYS = 30  # an order tops the position up to lead time + this
EXPEDITE_COVER_DAYS = 3  # a rush receipt covers the day's sales plus this many days

INBOUND = "inbound"
OUTBOUND = "outbound"
STOCK_COUNT = "stock_count"


@dataclass(frozen=True)
class SupplierPlan:
    key: str
    name: str
    lead_time_days: int
    email: str
    phone: str
    notes: str


@dataclass(frozen=True)
class BrandProfile:
    """How one dataset brand becomes a category, a supplier and product terms."""

    category: str
    manufacturer: str
    supplier_key: str
    moq: int
    order_multiple: int
    safety_days: float
    shelf_life_days: int
    cost_per_500g_krw: int
    shapes: tuple[str, ...]


# The catalog is a table; ruff format would spread it over 150 lines.
# fmt: off
SUPPLIERS: tuple[SupplierPlan, ...] = (
    # key, name, lead time (days), email, phone, notes
    SupplierPlan("hanbit", "한빛식품 (Hanbit Foods)", 7,
                 "orders@hanbit.demo.smartstock.local", "02-555-0107",
                 "국내 도매, 주 2회 배송 (domestic wholesaler)"),
    SupplierPlan("greenfood", "그린푸드유통 (Green Food Distribution)", 14,
                 "sales@greenfood.demo.smartstock.local", "031-555-0114",
                 "국내 유통사 (domestic distributor)"),
    SupplierPlan("deli", "델리코리아 (Deli Korea)", 30,
                 "po@delikorea.demo.smartstock.local", "051-555-0130",
                 "수입 대행, 월 1회 통관 (import agent, monthly customs)"),
    SupplierPlan("toscano", "Pastificio Toscano S.r.l. (이탈리아 직수입)", 120,
                 "export@toscano.demo.smartstock.local", "+39-055-555-0120",
                 "해상 운송 약 4개월 (sea freight, about 4 months)"),
)

BRANDS: dict[str, BrandProfile] = {
    # category, manufacturer, supplier, MOQ, order multiple, safety stock (days
    # of mean sales), shelf life (days), unit cost of a 500 g pack (KRW), shapes
    "B1": BrandProfile("롱 파스타 (Long pasta)", "Pastificio Aurora (B1)", "hanbit",
                       24, 12, 5, 540, 1900,
                       ("Spaghetti", "Linguine", "Bucatini", "Spaghettini",
                        "Capellini", "Fettuccine", "Tagliatelle", "Vermicelli")),
    "B2": BrandProfile("숏 파스타 (Short pasta)", "Molino Belvedere (B2)", "greenfood",
                       48, 24, 7, 540, 1700,
                       ("Penne Rigate", "Fusilli", "Rigatoni", "Farfalle",
                        "Conchiglie", "Orecchiette", "Maccheroni", "Mezze Maniche",
                        "Ditalini")),
    "B3": BrandProfile("에그 파스타 (Egg pasta)", "La Casa dell'Uovo (B3)", "deli",
                       36, 12, 10, 360, 3200,
                       ("Tagliatelle all'uovo", "Pappardelle all'uovo",
                        "Fettuccine all'uovo", "Tagliolini all'uovo",
                        "Lasagne all'uovo")),
    "B4": BrandProfile("프리미엄 수입 파스타 (Premium imported)",
                       "Antico Pastificio (B4)", "toscano",
                       100, 20, 21, 540, 4800,
                       ("Spaghettoni", "Paccheri", "Calamarata", "Mafaldine",
                        "Casarecce")),
}
# Pack weight → price factor against a 500 g pack.
WEIGHTS: tuple[tuple[str, float], ...] = (
    ("500g", 1.0), ("1kg", 1.8), ("500g", 1.0), ("250g", 0.6),
)
# fmt: on


@dataclass(frozen=True)
class ProductPlan:
    """One demo product made from a dataset SKU."""

    dataset_sku: str
    brand: str
    sku: str
    playauto_sku: str
    name: str
    unit_cost_krw: int
    selling_price_krw: int
    moq: int
    order_multiple: int
    safety_stock: int
    shelf_life_days: int
    lead_time_days: int


class MovementRow(NamedTuple):
    """One planned ledger row; `quantity` is signed (outbound negative)."""

    business_date: dt.date
    dataset_sku: str
    kind: str
    quantity: int
    channel: str  # a CHANNEL_SHARES key, "" for receipts
    note: str


@dataclass(frozen=True)
class DemoHistory:
    rows: list[MovementRow]
    expedited_receipts: int
    first_day: dt.date
    last_day: dt.date


def _sku_key(sku: str) -> tuple[int, int]:
    brand, number = sku.split("_")
    return int(brand[1:]), int(number)


def load_sales(
    path: Path | str, *, products: int | None = None, days: int | None = None
) -> pd.DataFrame:
    """The dataset, or a slice: `products` SKUs taken round-robin over the brands
    (so a small slice still covers every supplier) and the last `days` days."""
    sales = pd.read_csv(path, usecols=["date", "sku", "qty", "brand"])
    skus = sorted(sales["sku"].unique(), key=_sku_key)
    if products is not None:
        by_brand: dict[str, list[str]] = {}
        for sku in skus:
            by_brand.setdefault(sku.split("_")[0], []).append(sku)
        queues = list(by_brand.values())
        chosen: list[str] = []
        while len(chosen) < min(products, len(skus)):
            for queue in queues:
                if queue and len(chosen) < products:
                    chosen.append(queue.pop(0))
        skus = sorted(chosen, key=_sku_key)
        sales = sales[sales["sku"].isin(skus)]
    dates = pd.to_datetime(sales["date"]).dt.date
    sales = sales.assign(date=dates)
    if days is not None:
        sales = sales[sales["date"] > DATASET_LAST_DAY - dt.timedelta(days=days)]
    order = {sku: index for index, sku in enumerate(skus)}
    sales = sales.assign(_order=sales["sku"].map(order))
    return (
        sales.sort_values(["_order", "date"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def history_shift_days(*, yesterday: dt.date) -> int:
    """Whole weeks that move 2018-12-31 to the latest same weekday <= yesterday."""
    return (yesterday - DATASET_LAST_DAY).days // 7 * 7


def _stable_fraction(text: str) -> float:
    """A number in [0, 1) fixed by `text` (not by Python's randomised hash)."""
    return (zlib.crc32(text.encode()) % 10_000) / 10_000


def _round_up(quantity: float, multiple: int) -> int:
    return max(multiple, math.ceil(quantity / multiple) * multiple)


def product_plan(dataset_sku: str, *, mean_daily_qty: float) -> ProductPlan:
    """Name, SKUs, prices and replenishment terms of one dataset SKU."""
    brand, number = dataset_sku.split("_")
    profile = BRANDS[brand]
    supplier = next(s for s in SUPPLIERS if s.key == profile.supplier_key)
    index = int(number) - 1
    shape = profile.shapes[index % len(profile.shapes)]
    weight, factor = WEIGHTS[(index // len(profile.shapes)) % len(WEIGHTS)]
    code = f"{brand}-{int(number):02d}"
    variation = 0.9 + 0.2 * _stable_fraction(dataset_sku)
    cost = round(profile.cost_per_500g_krw * factor * variation / 10) * 10
    # Korean shop prices: a ~65 % markup, rounded to a "…,400 / …,900" price.
    price = math.ceil(cost * 1.65 / 500) * 500 - 100
    return ProductPlan(
        dataset_sku=dataset_sku,
        brand=brand,
        sku=f"PASTA-{code}",
        playauto_sku=f"PA-{code}",
        name=f"파스타 {code} ({shape} {weight})",
        unit_cost_krw=cost,
        selling_price_krw=price,
        moq=profile.moq,
        order_multiple=profile.order_multiple,
        safety_stock=math.ceil(mean_daily_qty * profile.safety_days),
        shelf_life_days=profile.shelf_life_days,
        lead_time_days=supplier.lead_time_days,
    )


def catalog_plan(sales: pd.DataFrame) -> list[ProductPlan]:
    """One product plan per SKU of `sales`, in the frame's SKU order."""
    means = sales.groupby("sku", sort=False)["qty"].mean()
    return [
        product_plan(sku, mean_daily_qty=float(mean)) for sku, mean in means.items()
    ]


@dataclass(frozen=True)
class Replenishment:
    """Result of simulating one product: opening stock and receipts by day index."""

    opening: int
    receipts: list[tuple[int, int, bool]]  # (day index, quantity, expedited)


def simulate_replenishment(
    demand: np.ndarray, plan: ProductPlan, rng: np.random.Generator
) -> Replenishment:
    """A buyer's (s, S) ordering, reviewed daily on the trailing 28-day average.

    Reorder point s = avg × (lead time + 7) + safety stock, against the
    inventory position (on hand + on order); an order tops the position up to
    avg × (lead time + 30) + safety stock, at least the MOQ, rounded up to the
    order multiple, and arrives after the lead time (plus a few days' jitter).
    A day whose real sales exceed the stock gets an expedited receipt the day
    before, so the ledger never goes below zero.
    """
    days = len(demand)
    cumulative = np.concatenate([[0], np.cumsum(demand, dtype=np.int64)])
    prior = float(demand[:DEMAND_WINDOW_DAYS].mean()) if days else 0.0
    lead = plan.lead_time_days
    jitter_max = max(2, lead // 10)

    def average(day: int) -> float:
        if day < DEMAND_WINDOW_DAYS:
            return prior
        start = day - DEMAND_WINDOW_DAYS
        return float(cumulative[day] - cumulative[start]) / DEMAND_WINDOW_DAYS

    def order_quantity(avg: float, position: int) -> int:
        target = avg * (lead + ORDER_COVER_EXTRA_DAYS) + plan.safety_stock
        return _round_up(max(plan.moq, target - position), plan.order_multiple)

    opening = order_quantity(prior, 0)
    stock, on_order = opening, 0
    arrivals = np.zeros(days + 1, dtype=np.int64)
    receipts: list[tuple[int, int, bool]] = []
    for day in range(days):
        stock += int(arrivals[day])
        on_order -= int(arrivals[day])
        sold = int(demand[day])
        if sold > stock:
            # A rush order also covers a few more days at today's pace.
            extra = _round_up(
                sold * (1 + EXPEDITE_COVER_DAYS) - stock, plan.order_multiple
            )
            if day == 0:
                opening += extra
            else:
                receipts.append((day - 1, extra, True))
            stock += extra
        stock -= sold
        avg = average(day + 1)
        if stock + on_order < avg * (lead + REORDER_EXTRA_DAYS) + plan.safety_stock:
            quantity = order_quantity(avg, stock + on_order)
            arrival = day + lead + int(rng.integers(0, jitter_max + 1))
            on_order += quantity
            if arrival < days:
                arrivals[arrival] += quantity
                receipts.append((arrival, quantity, False))
    return Replenishment(opening=opening, receipts=receipts)


_KIND_ORDER = {STOCK_COUNT: 0, INBOUND: 1, OUTBOUND: 2}
OPENING_NOTE = "기초 재고 실사 (Opening stock count)"
RECEIPT_NOTE = "정기 발주 입고 (Regular purchase receipt)"
EXPEDITED_NOTE = "긴급 입고 (Expedited receipt)"


def build_movement_rows(
    sales: pd.DataFrame,
    plans: Sequence[ProductPlan],
    *,
    shift_days: int,
    seed: int = SEED,
) -> DemoHistory:
    """Ledger rows for `sales` moved by `shift_days`: opening count, receipts, sales.

    Rows come sorted by day, then counts and receipts before sales, so even a
    running sum in id order never dips below zero.
    """
    if not plans:
        raise ValueError("no sales to build a history from")
    shift = dt.timedelta(days=shift_days)
    rows: list[MovementRow] = []
    expedited = 0
    groups = dict(tuple(sales.groupby("sku", sort=False)))
    for plan in plans:
        frame = groups[plan.dataset_sku]
        dates = [day + shift for day in frame["date"]]
        demand = frame["qty"].to_numpy(dtype=np.int64)
        # Seeded per SKU: a product's history does not depend on the slice width.
        rng = np.random.default_rng([seed, zlib.crc32(plan.dataset_sku.encode())])
        product_rows, product_expedited = _product_rows(plan, dates, demand, rng)
        rows += product_rows
        expedited += product_expedited
    sku_order = {plan.dataset_sku: index for index, plan in enumerate(plans)}
    rows.sort(
        key=lambda r: (r.business_date, _KIND_ORDER[r.kind], sku_order[r.dataset_sku])
    )
    return DemoHistory(
        rows=rows,
        expedited_receipts=expedited,
        first_day=sales["date"].min() + shift,
        last_day=sales["date"].max() + shift,
    )


def _product_rows(
    plan: ProductPlan,
    dates: list[dt.date],
    demand: np.ndarray,
    rng: np.random.Generator,
) -> tuple[list[MovementRow], int]:
    """One product's rows and its number of expedited receipts."""
    channel_keys = list(CHANNEL_SHARES)
    channels = rng.choice(
        len(channel_keys), size=len(demand), p=list(CHANNEL_SHARES.values())
    )
    result = simulate_replenishment(demand, plan, rng)
    sku = plan.dataset_sku
    opening_day = dates[0] - dt.timedelta(days=1)
    rows = [
        MovementRow(opening_day, sku, STOCK_COUNT, result.opening, "", OPENING_NOTE)
    ]
    for index, quantity, is_expedited in result.receipts:
        note = EXPEDITED_NOTE if is_expedited else RECEIPT_NOTE
        rows.append(MovementRow(dates[index], sku, INBOUND, quantity, "", note))
    for index in np.flatnonzero(demand):
        channel = channel_keys[channels[index]]
        quantity = -int(demand[index])
        rows.append(MovementRow(dates[index], sku, OUTBOUND, quantity, channel, ""))
    return rows, sum(1 for receipt in result.receipts if receipt[2])
