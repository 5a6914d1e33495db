"""Turn the stock ledger into the engine's demand histories (a few queries in all).

Demand of a single product on a day = units shipped by OUTBOUND movements that
day, less those later reversed. A set's sales are recorded as its components'
outbounds, so only single products are forecast. A day that ended with no stock
is censored: what sold that day is a floor, not the demand. A day of a sales
pause (an event of that kind) is closed: censored when past, 0 when planned.
The days after the organization's last recorded sale (no outbound row on any
product: yesterday's export not uploaded yet, a channel sync lagging) are
censored too: their sales are not in yet, they are not days nothing sold.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db.models import Sum

from accounts.models import Organization
from forecasting.models import PromotionEvent
from forecasting.selectors import event_touches
from inventory.models import Product, StockMovement
from inventory.selectors import daily_stock_levels, id_batches, last_sales_day

if TYPE_CHECKING:
    import pandas as pd

    from forecasting.engine.types import DemandHistory

DEFAULT_HISTORY_DAYS = 730
# Days of recent history averaged for a category's cold-start level.
CATEGORY_AVERAGE_DAYS = 90
# Fewer known days than this and a product is a cold start (engine default).
COLD_START_MIN_DAYS = 28


@dataclass(frozen=True)
class ProductHistory:
    """One product's demand history plus what the run records about it."""

    product_id: int
    sku: str
    history: DemandHistory
    censored_days: int
    # "", "expected", "category", "history", "none" (nothing to go on) or "no_sales"
    cold_start_source: str
    known_days: int = 0
    # Days that ended with no stock (``history.censored`` adds the days after
    # the organization's last recorded sale).
    stock_outs: pd.Series | None = None


def history_days() -> int:
    """Days of ledger history handed to the engine (setting FORECAST_HISTORY_DAYS)."""
    return int(getattr(settings, "FORECAST_HISTORY_DAYS", DEFAULT_HISTORY_DAYS))


def forecastable_products(
    *, organization: Organization, product_ids: Iterable[int] | None = None
) -> list[Product]:
    """Active single products of the organization, in id order."""
    products = Product.objects.filter(
        organization=organization, kind=Product.Kind.SINGLE, is_active=True
    )
    if product_ids is not None:
        products = products.filter(pk__in=list(product_ids))
    return list(products.select_related("category").order_by("pk"))


def daily_demand(
    *,
    organization: Organization,
    product_ids: list[int],
    date_from: dt.date,
    date_to: dt.date,
) -> dict[int, dict[dt.date, float]]:
    """Units sold per product and day: outbounds less reversed outbounds (2
    queries per 200 products: see inventory's ``ID_BATCH``)."""
    demand: dict[int, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    in_window = (date_from, date_to)
    # Outbound quantities are negative; a reversed outbound did not sell, so its
    # (positive) reversal comes off the day of the original sale.
    sources = (
        ("business_date", {"kind": StockMovement.Kind.OUTBOUND,
                           "business_date__range": in_window}),
        ("reversal_of__business_date", {"kind": StockMovement.Kind.REVERSAL,
                                        "reversal_of__kind": StockMovement.Kind.OUTBOUND,
                                        "reversal_of__business_date__range": in_window}),
    )  # fmt: skip
    for batch in id_batches(product_ids):
        for day_field, filters in sources:
            rows = (
                StockMovement.objects.filter(
                    organization=organization, product_id__in=batch, **filters
                )
                .order_by()
                .values_list("product_id", day_field)
                .annotate(units=Sum("quantity"))
            )
            for product_id, day, units in rows:
                demand[product_id][day] -= units
    return demand


def event_ranges(
    *,
    organization: Organization,
    products: list[Product],
    date_from: dt.date,
    date_to: dt.date,
) -> dict[str, dict[int, list[tuple[dt.date, dt.date]]]]:
    """Date ranges of the events that touch each product, by kind: promotions
    and sales pauses (one query).

    An event names a product, a category, or neither (then every product).
    """
    events = PromotionEvent.objects.filter(
        organization=organization, start_date__lte=date_to, end_date__gte=date_from
    ).values_list("kind", "product_id", "category_id", "start_date", "end_date")
    ranges: dict[str, dict[int, list[tuple[dt.date, dt.date]]]] = {
        kind: defaultdict(list) for kind in PromotionEvent.Kind.values
    }
    for kind, product_id, category_id, start, end in events:
        for product in products:
            if event_touches(product_id, category_id, product):
                ranges[kind][product.pk].append((start, end))
    return ranges


def _series(values: dict[dt.date, float], index: pd.DatetimeIndex) -> pd.Series:
    import pandas as pd

    series = pd.Series(0.0, index=index)
    if values:
        known = pd.Series(values, dtype=float)
        known.index = pd.DatetimeIndex(known.index)
        series.loc[known.index] = known.to_numpy()
    return series.clip(lower=0.0)


def _flag_series(
    ranges: list[tuple[dt.date, dt.date]], index: pd.DatetimeIndex
) -> pd.Series | None:
    """1.0 on the days of ``index`` inside any of ``ranges`` (None: no ranges)."""
    import pandas as pd

    if not ranges:
        return None
    flags = np.zeros(index.size)
    for start, end in ranges:
        flags[(index >= pd.Timestamp(start)) & (index <= pd.Timestamp(end))] = 1.0
    return pd.Series(flags, index=index)


def _paused(
    ranges: list[tuple[dt.date, dt.date]], index: pd.DatetimeIndex
) -> pd.Series | None:
    """True on the days of a sales pause: censored when past, 0 when ahead."""
    flags = _flag_series(ranges, index)
    return None if flags is None else flags.astype(bool)


def _category_averages(
    demand: dict[int, pd.Series],
    censored: dict[int, pd.Series],
    products: list[Product],
) -> dict[int, float]:
    """Mean daily units of each category over its products' recent known days."""
    totals: dict[int, list[float]] = defaultdict(list)
    for product in products:
        if product.category_id is None:
            continue
        recent = demand[product.pk].iloc[-CATEGORY_AVERAGE_DAYS:]
        known = recent[~censored[product.pk].iloc[-CATEGORY_AVERAGE_DAYS:]]
        if (known > 0).any() and known.size >= COLD_START_MIN_DAYS:
            totals[product.category_id].append(float(known.mean()))
    return {category: float(np.mean(values)) for category, values in totals.items()}


def _censored(levels: list[tuple[dt.date, int]], index: pd.DatetimeIndex) -> pd.Series:
    """Days that ended with no stock, from the first day the product had stock
    (before that it was not on sale yet: no demand to miss)."""
    import pandas as pd

    stock = np.array([level for _, level in levels])
    stocked = np.flatnonzero(stock > 0)
    flags = stock <= 0
    if stocked.size == 0:
        flags[:] = False
    else:
        flags[: stocked[0]] = False
    return pd.Series(flags, index=index)


def _sales_not_in(last_sale: dt.date | None, index: pd.DatetimeIndex) -> pd.Series:
    """True on the days after the organization's last recorded sale: unknown
    demand for every product. An organization that never sold has none."""
    import pandas as pd

    if last_sale is None:
        return pd.Series(False, index=index)
    return pd.Series(index > pd.Timestamp(last_sale), index=index)


def _known_days(
    demand: pd.Series, censored: pd.Series, levels: list[tuple[dt.date, int]]
) -> int:
    """Days the engine will treat as known: from the first sale, not censored.

    A product that never sold: the days it ended in stock and not paused (on
    sale, no buyer).
    """
    sold = demand[demand > 0]
    if sold.empty:
        in_stock = np.array([level > 0 for _day, level in levels], dtype=bool)
        return int((in_stock & ~censored.to_numpy()).sum())
    since = demand.index >= sold.index.min()
    return int((since & ~censored.to_numpy()).sum())


def _cold_start(
    product: Product, known_days: int, category_average: float | None, *, sold: bool
) -> tuple[float | None, str]:
    """The cold-start level and its source; (None, "") for a product with history.

    Weeks in stock without one sale are evidence of no demand: level 0, not
    the category's average (which would order stock nobody buys). A product
    that never sold, with neither an entered level nor a category average,
    has nothing to go on ("none": the engine then forecasts 0).
    """
    if known_days >= COLD_START_MIN_DAYS:
        return (None, "") if sold else (0.0, "no_sales")
    expected = product.expected_daily_demand
    if expected is not None:
        return float(expected), "expected"
    if category_average is not None:
        return category_average, "category"
    return None, "history" if sold else "none"


PauseRow = tuple[int | None, int | None, dt.date, dt.date]


def pause_rows(*, organization: Organization) -> list[PauseRow]:
    """Every sales pause as (product id, category id, start, end), in a stable order."""
    return list(
        PromotionEvent.objects.filter(
            organization=organization, kind=PromotionEvent.Kind.PAUSE
        )
        .order_by("pk")
        .values_list("product_id", "category_id", "start_date", "end_date")
    )


def unknown_demand_days(
    *,
    organization: Organization,
    products: list[Product],
    pauses: list[PauseRow],
    last_sale: dt.date | None,
    date_from: dt.date,
    date_to: dt.date,
) -> dict[int, set[dt.date]]:
    """Days whose demand the ledger cannot tell, as the forecast's training sees
    them: the day ended with no stock (once the product had had stock, looking
    back over the history window), one of `pauses` covered it, or it came after
    `last_sale`, the organization's last recorded sales day (one query)."""
    import pandas as pd

    if not products or date_from > date_to:
        return {}
    since = date_from - dt.timedelta(days=history_days())
    index = pd.date_range(since, date_to, freq="D")
    levels = daily_stock_levels(
        organization=organization, product_ids=[p.pk for p in products],
        date_from=since, date_to=date_to,
    )  # fmt: skip
    not_in = _sales_not_in(last_sale, index)
    result: dict[int, set[dt.date]] = {}
    for product in products:
        ranges = [
            (start, end)
            for product_id, category_id, start, end in pauses
            if event_touches(product_id, category_id, product)
        ]
        flags = _censored(levels[product.pk], index) | not_in
        paused = _paused(ranges, index)
        if paused is not None:
            flags = flags | paused
        days = flags[flags & (index >= pd.Timestamp(date_from))].index
        result[product.pk] = {day.date() for day in days}
    return result


def demand_histories(
    *,
    organization: Organization,
    products: list[Product],
    as_of: dt.date,
    horizon_days: int = 90,
    days: int | None = None,
) -> dict[int, ProductHistory]:
    """Each product's DemandHistory as of `as_of` (3 queries, then 3 per 200 products)."""
    import pandas as pd

    # Imported here: loading the engine package is for workers, not page views.
    from forecasting.engine.types import DemandHistory

    if not products:
        return {}
    days = days or history_days()
    date_from = as_of - dt.timedelta(days=days - 1)
    ids = [p.pk for p in products]
    index = pd.date_range(date_from, as_of, freq="D")
    future = pd.date_range(date_from, as_of + dt.timedelta(days=horizon_days), freq="D")
    sales = daily_demand(
        organization=organization, product_ids=ids, date_from=date_from, date_to=as_of
    )
    levels = daily_stock_levels(
        organization=organization, product_ids=ids, date_from=date_from, date_to=as_of
    )
    events = event_ranges(
        organization=organization,
        products=products,
        date_from=date_from,
        date_to=future[-1].date(),
    )
    promotions = events[PromotionEvent.Kind.PROMOTION]
    pauses = events[PromotionEvent.Kind.PAUSE]
    demand = {pk: _series(sales.get(pk, {}), index) for pk in ids}
    stock_outs = {pk: _censored(levels[pk], index) for pk in ids}
    # Looked up over the whole organization, not this chunk: a product that
    # did not sell yesterday while others did had a known zero.
    not_in = _sales_not_in(last_sales_day(organization=organization), index)
    censored = {pk: stock_outs[pk] | not_in for pk in ids}
    closed = {pk: _paused(pauses.get(pk, []), future) for pk in ids}
    # Neither a stock-out, a paused day nor a day not in yet tells the demand.
    unknown = {
        pk: censored[pk] if closed[pk] is None
        else censored[pk] | closed[pk].reindex(index)
        for pk in ids
    }  # fmt: skip
    averages = _category_averages(demand, unknown, products)
    result: dict[int, ProductHistory] = {}
    for product in products:
        pk = product.pk
        known_days = _known_days(demand[pk], unknown[pk], levels[pk])
        level, source = _cold_start(
            product,
            known_days,
            averages.get(product.category_id),
            sold=bool((demand[pk] > 0).any()),
        )
        history = DemandHistory(
            demand=demand[pk],
            censored=censored[pk],
            promo=_flag_series(promotions.get(pk, []), future),
            expected_daily_demand=level,
            closed=closed[pk],
        )
        result[pk] = ProductHistory(
            product_id=pk,
            sku=product.sku,
            history=history,
            censored_days=int(stock_outs[pk].sum()),
            cold_start_source=source,
            known_days=known_days,
            stock_outs=stock_outs[pk],
        )
    return result
