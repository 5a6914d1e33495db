"""Literal data: a small sales ledger, and past forecast runs with known sales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from forecasting.models import ForecastRun, ProductForecast
from inventory.models import Category, Channel, Product, StockMovement
from inventory.services.integrity import movements_bulk_import
from inventory.services.stock import movement_record, movement_reverse
from tests.factories import CategoryFactory, ChannelFactory, ProductFactory

K = StockMovement.Kind
END = dt.date(2026, 11, 27)  # a Friday; its ISO week starts on 2026-11-23


@dataclass
class Shop:
    organization: object
    a: Product
    b: Product
    noodles: Category
    formula_category: Category
    coupang: Channel
    naver: Channel


def record(org, product, kind, quantity, day, channel=None) -> StockMovement:
    (row,) = movement_record(
        organization=org, user=None, product=product, kind=kind,
        quantity=quantity, business_date=day, channel=channel,
    )
    return row


@pytest.fixture
def shop(organization) -> Shop:
    """A sells 3 (wk 11-16), 5 (wk 11-23) and 2 reversed; B sells 6 (wk 10-19,
    no channel) and 4 (wk 11-16)."""
    org = organization
    noodles = CategoryFactory(organization=org, name="Noodles")
    formula = CategoryFactory(organization=org, name="=2+3")
    coupang = ChannelFactory(organization=org, name="Coupang")
    naver = ChannelFactory(organization=org, name="Naver")
    a = ProductFactory(organization=org, sku="A-1", name="Ramen",
                       category=noodles, selling_price=Decimal("1000"))
    b = ProductFactory(organization=org, sku="B-1", name="Udon",
                       category=formula, selling_price=Decimal("2500"))
    for product in (a, b):
        record(org, product, K.INBOUND, 100, dt.date(2026, 10, 1))
    record(org, a, K.OUTBOUND, 3, dt.date(2026, 11, 16), coupang)
    record(org, a, K.OUTBOUND, 5, dt.date(2026, 11, 24), naver)
    returned = record(org, a, K.OUTBOUND, 2, dt.date(2026, 11, 25), coupang)
    movement_reverse(organization=org, user=None, movement=returned)
    record(org, b, K.OUTBOUND, 4, dt.date(2026, 11, 17), coupang)
    record(org, b, K.OUTBOUND, 6, dt.date(2026, 10, 20))
    # Not sales: an adjustment and an inbound inside the window.
    record(org, a, K.ADJUSTMENT, -1, dt.date(2026, 11, 20))
    record(org, b, K.INBOUND, 10, dt.date(2026, 11, 20))
    return Shop(org, a, b, noodles, formula, coupang, naver)


# -- forecast runs with known outcomes ------------------------------------------
TODAY = timezone.localdate()
OLD_AS_OF = TODAY - dt.timedelta(days=40)  # matured: its 30 days have passed
NEW_AS_OF = TODAY - dt.timedelta(days=1)  # the demo's run: nothing matured yet


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_run(org, as_of, forecasts, *, backtests=None) -> ForecastRun:
    """A finished full run with a flat daily forecast per product."""
    run = ForecastRun.objects.create(
        organization=org, as_of=as_of, status=ForecastRun.Status.SUCCEEDED,
        summary={"median_backtest_wape": 0.3},
    )
    for product, level in forecasts.items():
        daily = [
            {"date": (as_of + dt.timedelta(days=i + 1)).isoformat(), "point": level,
             "p10": level / 2, "p50": level, "p90": level * 2}
            for i in range(90)
        ]
        ProductForecast.objects.create(
            run=run, organization=org, product=product, as_of=as_of, method="test",
            daily=daily, total_30=Decimal(level * 30), total_60=Decimal(level * 60),
            total_90=Decimal(level * 90),
            backtest_metrics=(backtests or {}).get(product, {}),
        )
    return run


def sell(org, product, start, units_per_day, *, stock=10_000):
    """`stock` units in, then one outbound a day from `start` (0 units: no
    movement)."""
    rows = [StockMovement(organization=org, product=product, quantity=stock,
                          business_date=start - dt.timedelta(days=60),
                          kind=StockMovement.Kind.INBOUND,
                          source=StockMovement.Source.IMPORT)]
    for offset, units in enumerate(units_per_day):
        if units:
            rows.append(StockMovement(
                organization=org, product=product, quantity=-units,
                business_date=start + dt.timedelta(days=offset),
                kind=StockMovement.Kind.OUTBOUND, source=StockMovement.Source.IMPORT,
            ))
    movements_bulk_import(organization=org, movements=rows)


@pytest.fixture
def matured(organization):
    """P forecast 2/day sold 3/day for 10 days then 1/day; Q forecast 1, sold 1."""
    noodles = CategoryFactory(organization=organization, name="Noodles")
    p = ProductFactory(organization=organization, sku="P-1", category=noodles)
    q = ProductFactory(organization=organization, sku="Q-1")
    first = OLD_AS_OF + dt.timedelta(days=1)
    sell(organization, p, first, [3] * 10 + [1] * 20 + [9] * 5)  # day 31+ ignored
    sell(organization, q, first, [1] * 30)
    return organization, p, q
