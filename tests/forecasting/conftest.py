"""A small seller with 200 days of sales, and a fast engine configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pytest

from inventory.models import Product, StockMovement
from inventory.services.integrity import movements_bulk_import
from tests.factories import CategoryFactory, ProductFactory, SetComponentFactory

AS_OF = dt.date(2026, 11, 26)
DAYS = 200
# Out of stock for the 20 days ending 10 days before AS_OF.
STOCK_OUT_LAST = AS_OF - dt.timedelta(days=10)
STOCK_OUT_FIRST = STOCK_OUT_LAST - dt.timedelta(days=19)
FAST_ENGINE = {
    "models": ("moving_average", "ses", "weekday_profile", "croston_sba"),
    "backtest_origins": 2,
}


@pytest.fixture(autouse=True)
def fast_engine(settings):
    """Few cheap models: the pipeline is under test here, not the engine's accuracy."""
    settings.FORECAST_ENGINE = FAST_ENGINE
    settings.FORECAST_HISTORY_DAYS = 365


@dataclass
class Seller:
    organization: object
    singles: list[Product]
    stock_out: Product
    set_product: Product
    inactive: Product


def _movement(org, product, day, quantity, kind) -> StockMovement:
    return StockMovement(
        organization=org,
        product=product,
        business_date=day,
        quantity=quantity,
        kind=kind,
        source=StockMovement.Source.IMPORT,
    )


def _sales_rows(org, product, rng, rate, *, stock_out: bool = False):
    """Poisson daily sales from 10,000 units; with `stock_out`, a write-off empties
    the shelf on STOCK_OUT_FIRST and stock returns the day after STOCK_OUT_LAST."""
    first = AS_OF - dt.timedelta(days=DAYS - 1)
    rows = [_movement(org, product, first, 10_000, StockMovement.Kind.INBOUND)]
    level = 10_000
    for offset in range(DAYS):
        day = first + dt.timedelta(days=offset)
        if stock_out and day == STOCK_OUT_FIRST:
            rows.append(
                _movement(org, product, day, -level, StockMovement.Kind.ADJUSTMENT)
            )
            level = 0
        if stock_out and STOCK_OUT_FIRST <= day <= STOCK_OUT_LAST:
            continue
        if stock_out and day == STOCK_OUT_LAST + dt.timedelta(days=1):
            rows.append(_movement(org, product, day, 5_000, StockMovement.Kind.INBOUND))
            level = 5_000
        units = int(rng.poisson(rate))
        if units:
            rows.append(
                _movement(org, product, day, -units, StockMovement.Kind.OUTBOUND)
            )
            level -= units
    return rows


@pytest.fixture
def seller(organization) -> Seller:
    """5 single products with 200 days of Poisson sales, a set and an inactive one."""
    rng = np.random.default_rng(7)
    category = CategoryFactory(organization=organization, name="Pasta")
    singles = [
        ProductFactory(organization=organization, sku=f"P-{index}", category=category)
        for index in range(5)
    ]
    set_product = SetComponentFactory(
        set_product__organization=organization, component=singles[0]
    ).set_product
    inactive = ProductFactory(organization=organization, sku="OLD", is_active=False)
    rows = []
    for index, product in enumerate(singles):
        rows += _sales_rows(
            organization, product, rng, rate=2 + 3 * index, stock_out=index == 4
        )
    movements_bulk_import(organization=organization, movements=rows)
    assert set_product.kind == Product.Kind.SET
    return Seller(organization, singles, singles[4], set_product, inactive)
