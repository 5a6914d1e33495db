"""The copilot's test world: two organizations with known catalogues and ledgers.

Business day: Friday 2026-11-27 (weeks start on Monday). Alpha Store sells six
products over three channels with a deterministic daily pattern for 63 days
(up to yesterday); forecasts are flat with a P10–P90 band; recommendations and
alerts are computed by the real services. Beta Store has a product with the
same SKU as Alpha's (PASTA-001) and one of its own, for tenant isolation.
`build_world()` returns the objects tests and the benchmark need.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Organization, User
from accounts.roles import Role
from alerts.services import alerts_generate
from forecasting.models import ForecastRun, ProductForecast
from inventory.models import Channel, Product, StockMovement
from inventory.services.stock import movement_record
from policy.models import PurchaseOrder, PurchaseOrderLine
from policy.services.recommendations import recommendations_refresh
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    SupplierFactory,
)

TODAY = dt.date(2026, 11, 27)
HISTORY_DAYS = 63
INBOUND, OUTBOUND = StockMovement.Kind.INBOUND, StockMovement.Kind.OUTBOUND

# sku, name, category, supplier, cost, price, daily rate, target on hand, WAPE
ALPHA_PRODUCTS = [
    ("PASTA-001", "스파게티 Spaghetti 500g", "Pasta", "Pasta Co", 1500, 3000, 8, 20,
     0.25),
    ("PASTA-002", "펜네 Penne 500g", "Pasta", "Pasta Co", 1600, 3200, 5, 70, 0.30),
    ("PASTA-003", "푸실리 Fusilli 1kg", "Pasta", "Pasta Co", 2500, 5000, 1, 600, 0.60),
    ("PASTA-004", "링귀네 Linguine 500g", "Pasta", "Pasta Co", 1700, 3400, 0, 40, 0.90),
    ("SAUCE-001", "토마토 소스 Tomato Sauce 400g", "소스", "한국식품", 2000, 4500, 4,
     0, 0.35),
    ("SAUCE-002", "바질 페스토 Basil Pesto 190g", "소스", "한국식품", 3000, 6900, 2, 30,
     0.45),
    ("SAUCE-003", "토마토 바질 소스 Tomato Basil Sauce 400g", "소스", "한국식품", 2200,
     4800, 3, 150, 0.40),
]
CHANNELS = [(Channel.Kind.COUPANG, "쿠팡 (Coupang)"),
            (Channel.Kind.SMARTSTORE, "네이버 스마트스토어 (SmartStore)"),
            (Channel.Kind.OWN_MALL, "자사몰 (Own mall)")]


@dataclass
class World:
    alpha: Organization
    beta: Organization
    master: User
    viewer: User
    beta_master: User
    products: dict[str, Product]
    beta_products: dict[str, Product]


def _channel_of(day_index: int, channels: dict[str, Channel]) -> Channel:
    """5 of 10 days Coupang, 3 SmartStore, 2 own mall."""
    slot = day_index % 10
    kind = ("coupang" if slot < 5 else "smartstore" if slot < 8 else "own_mall")
    return channels[kind]


def daily_sales(rate: int, day_index: int) -> int:
    """A deterministic weekly-ish pattern around the rate (0 stays 0)."""
    if rate == 0:
        return 0
    return rate + (day_index % 3) - 1 + (1 if day_index % 7 == 5 else 0)


def _move(org, product, kind, quantity, day, channel=None, **extra):
    movement_record(organization=org, user=None, product=product, kind=kind,
                    quantity=quantity, business_date=day, channel=channel, **extra)


def forecast_store(org, run, product, *, daily: float, wape: float,
                   as_of: dt.date, days: int = 90) -> ProductForecast:
    """A flat forecast with a P10–P90 band and a stored backtest."""
    spread = max(daily * 0.5, 0.1)
    rows, cumulative = [], {"p10": [], "p50": [], "p90": []}
    for i in range(days):
        n = i + 1
        rows.append({"date": (as_of + dt.timedelta(days=n)).isoformat(),
                     "point": daily, "p10": round(max(0.0, daily - 1.28 * spread), 3),
                     "p50": daily, "p90": round(daily + 1.28 * spread, 3)})
        cumulative["p10"].append(round(max(0.0, daily * n - 1.28 * spread * math.sqrt(n)),
                                       2))
        cumulative["p50"].append(round(daily * n, 2))
        cumulative["p90"].append(round(daily * n + 1.28 * spread * math.sqrt(n), 2))
    total = Decimal(str(round(daily * 30, 2)))
    mae = round(daily * wape, 4) if daily else 0.1
    return ProductForecast.objects.create(
        run=run, organization=org, product=product, as_of=as_of, method="test",
        daily=rows, cumulative_quantiles=cumulative, total_30=total,
        total_60=total * 2, total_90=total * 3, backtest_wape=wape,
        backtest_metrics={"ensemble": {"wape": wape, "mae": mae, "bias": 0.02,
                                       "origins": 3}})


def _catalogue(org, specs):
    categories, suppliers, products = {}, {}, {}
    for sku, name, category, supplier, cost, price, *_rest in specs:
        if category not in categories:
            categories[category] = CategoryFactory(organization=org, name=category)
        if supplier not in suppliers:
            suppliers[supplier] = SupplierFactory(
                organization=org, name=supplier,
                lead_time_days=10 if supplier == "Pasta Co" else 5)
        products[sku] = ProductFactory(
            organization=org, sku=sku, name=name, category=categories[category],
            supplier=suppliers[supplier], unit_cost=Decimal(cost),
            selling_price=Decimal(price), safety_stock_mode="automatic")
    return categories, suppliers, products


def _history(org, specs, products, channels):
    start = TODAY - dt.timedelta(days=HISTORY_DAYS)
    for sku, *_mid, rate, target, _wape in specs:
        product = products[sku]
        sales = [daily_sales(rate, i) for i in range(HISTORY_DAYS)]
        opening = sum(sales) + target
        if opening:
            _move(org, product, INBOUND, opening, start - dt.timedelta(days=1))
        for i, units in enumerate(sales):
            if units:
                _move(org, product, OUTBOUND, units, start + dt.timedelta(days=i),
                      _channel_of(i, channels))


def _build_alpha(master_role_users: bool = True):
    org = OrganizationFactory(name="Alpha Store")
    channels = {kind: ChannelFactory(organization=org, name=name, kind=kind)
                for kind, name in CHANNELS}
    _categories, suppliers, products = _catalogue(org, ALPHA_PRODUCTS)
    _history(org, ALPHA_PRODUCTS, products, channels)
    # Lots received today: two of tomato sauce, one of fusilli.
    _move(org, products["SAUCE-001"], INBOUND, 80, TODAY, lot_code="L-A",
          expiry_date=TODAY + dt.timedelta(days=12))
    _move(org, products["SAUCE-001"], INBOUND, 120, TODAY, lot_code="L-B",
          expiry_date=TODAY + dt.timedelta(days=90))
    _move(org, products["PASTA-003"], INBOUND, 40, TODAY, lot_code="F-1",
          expiry_date=TODAY + dt.timedelta(days=25))
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(days=1),
                                     sequence=0, status=ForecastRun.Status.SUCCEEDED)
    for sku, *_mid, rate, _target, wape in ALPHA_PRODUCTS:
        forecast_store(org, run, products[sku], daily=float(rate or 0.2), wape=wape,
                       as_of=run.as_of)
    _orders(org, suppliers, products)
    recommendations_refresh(organization=org, as_of=TODAY)
    alerts_generate(organization=org, as_of=TODAY)
    for product in products.values():
        product.refresh_from_db()
    return org, products


def _orders(org, suppliers, products):
    sent = PurchaseOrder.objects.create(
        organization=org, supplier=suppliers["한국식품"], status=PurchaseOrder.Status.SENT,
        expected_date=TODAY + dt.timedelta(days=6), ordered_on=TODAY - dt.timedelta(days=4))
    PurchaseOrderLine.objects.create(organization=org, order=sent,
                                     product=products["SAUCE-002"], quantity=100)
    approved = PurchaseOrder.objects.create(
        organization=org, supplier=suppliers["Pasta Co"],
        status=PurchaseOrder.Status.APPROVED, expected_date=TODAY + dt.timedelta(days=3))
    PurchaseOrderLine.objects.create(organization=org, order=approved,
                                     product=products["PASTA-001"], quantity=50)
    draft = PurchaseOrder.objects.create(
        organization=org, supplier=suppliers["Pasta Co"], status=PurchaseOrder.Status.DRAFT)
    PurchaseOrderLine.objects.create(organization=org, order=draft,
                                     product=products["PASTA-002"], quantity=30)


BETA_PRODUCTS = [
    ("PASTA-001", "스파게티 Spaghetti 1kg", "Pasta", "Beta Foods", 3000, 6000, 6, 10,
     0.3),
    ("BETA-900", "베타 전용 스파게티 Beta Only Spaghetti", "Pasta", "Beta Foods", 1000,
     2000, 2, 5, 0.3),
]


def _build_beta():
    org = OrganizationFactory(name="Beta Store")
    channels = {kind: ChannelFactory(organization=org, name=name, kind=kind)
                for kind, name in CHANNELS}
    _categories, _suppliers, products = _catalogue(org, BETA_PRODUCTS)
    _history(org, BETA_PRODUCTS, products, channels)
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(days=1),
                                     sequence=0, status=ForecastRun.Status.SUCCEEDED)
    for sku, *_mid, rate, _target, wape in BETA_PRODUCTS:
        forecast_store(org, run, products[sku], daily=float(rate), wape=wape,
                       as_of=run.as_of)
    recommendations_refresh(organization=org, as_of=TODAY)
    alerts_generate(organization=org, as_of=TODAY)
    return org, products


def build_world() -> World:
    """Create both organizations (call with the clock pinned to TODAY)."""
    alpha, products = _build_alpha()
    beta, beta_products = _build_beta()
    master = MembershipFactory(organization=alpha, role=Role.MASTER).user
    viewer = MembershipFactory(organization=alpha, role=Role.VIEWER).user
    beta_master = MembershipFactory(organization=beta, role=Role.MASTER).user
    return World(alpha, beta, master, viewer, beta_master, products, beta_products)
