"""Dashboard aggregates: stock-out rate, fill rate, series and top movers."""

from __future__ import annotations

import datetime as dt

import pytest

from policy.models import DashboardSnapshot
from policy.selectors import Risk, risk_figures, stock_status_list
from policy.services.dashboard import (
    ProductInfo,
    dashboard_data,
    dashboard_refresh,
    top_movers,
    window_rates,
)

from .conftest import TODAY, YESTERDAY

D1, D2, D3 = dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)


def test_window_rates_count_stockout_days_and_estimate_lost_sales():
    products = [ProductInfo(1, "A", "a", 100.0, D1, 4.0),
                ProductInfo(2, "B", "b", 10.0, D2, 1.0),
                ProductInfo(3, "NEVER", "n", 10.0, None, 9.0)]
    levels = {1: [(D1, 5), (D2, 0), (D3, 0)], 2: [(D1, 0), (D2, 3), (D3, 3)],
              3: [(D1, 0), (D2, 0), (D3, 0)]}
    sold = {1: {D1: 3.0, D2: 5.0}, 2: {D3: 1.0}}

    rates = window_rates(products, levels, sold, D1, D3)

    # A: 3 product-days, 2 out; B: 2 (from its first movement), none out;
    # NEVER has no ledger row and is left out.
    assert rates["product_days"] == 5
    assert rates["stockout_days"] == 2
    assert rates["stockout_rate"] == pytest.approx(2 / 5)
    # served 9; lost = 2 stock-out days × 4/day = 8
    assert rates["served"] == 9.0 and rates["lost"] == 8.0
    assert rates["fill_rate"] == pytest.approx(9 / 17)


def test_window_rates_without_history_are_none():
    rates = window_rates([], {}, {}, D1, D3)
    assert rates["fill_rate"] is None and rates["stockout_rate"] is None


def test_top_movers_rank_last_30_days_and_keep_the_30_before():
    last = dt.date(2026, 3, 31)
    products = [ProductInfo(1, "A", "a", 1, D1, 0), ProductInfo(2, "B", "b", 1, D1, 0),
                ProductInfo(3, "C", "c", 1, D1, 0)]
    sold = {1: {last: 5.0, last - dt.timedelta(days=40): 50.0},
            2: {last - dt.timedelta(days=29): 8.0}, 3: {}}
    movers = top_movers(products, sold, last)
    assert [(m["sku"], m["units"], m["units_before"]) for m in movers] == [
        ("B", 8.0, 0.0), ("A", 5.0, 50.0)]


def test_dashboard_refresh_measures_the_ledger(organization, shop):
    snapshot = dashboard_refresh(organization=organization)
    data = snapshot.data
    assert data["last_day"] == YESTERDAY.isoformat()
    month = data["rates"]["30"]
    # Days −30…−1 for three products = 90 product-days; EMPTY-1 is out on days
    # −20…−1 (20 days), LOW-1 at the end of day −1 (1 day).
    assert month["product_days"] == 90
    assert month["stockout_days"] == 21
    assert month["stockout_rate"] == pytest.approx(21 / 90)
    # Sold: 10 + 20 + 30 = 60; lost: 20 × 1/day (EMPTY-1) + 1 × 5/day (LOW-1).
    assert month["served"] == 60.0 and month["lost"] == 25.0
    assert month["fill_rate"] == pytest.approx(60 / 85)
    series = data["series"]
    assert len(series["dates"]) == 90 and series["dates"][-1] == YESTERDAY.isoformat()
    assert series["stockouts"][-1] == 2
    # End of yesterday: FULL-1 holds 970 units at 500.
    assert series["inventory_value"][-1] == 970 * 500.0
    assert [m["sku"] for m in data["top_movers"]] == ["FULL-1", "LOW-1", "EMPTY-1"]
    assert data["accuracy"] is None  # no run has matured 30 days yet


def test_dashboard_refresh_is_idempotent_and_per_organization(
        organization, other_organization, shop):
    dashboard_refresh(organization=organization)
    dashboard_refresh(organization=organization)
    dashboard_refresh(organization=other_organization)
    assert DashboardSnapshot.objects.filter(organization=organization).count() == 1
    other = DashboardSnapshot.objects.get(organization=other_organization)
    assert other.data["rates"]["30"]["product_days"] == 0


def test_dashboard_data_computes_once_before_the_first_refresh(organization, shop,
                                                               django_assert_num_queries):
    first = dashboard_data(organization=organization)
    assert first["rates"]["30"]["stockout_days"] == 21
    with django_assert_num_queries(2):  # snapshot lookup + ledger version
        assert dashboard_data(organization=organization)["rates"] == first["rates"]


def test_risk_levels_and_figures(organization, shop):
    rows = {rec.product.sku: rec.risk_rank
            for rec in stock_status_list(organization=organization)}
    assert rows["EMPTY-1"] == 0  # out of stock
    assert rows["LOW-1"] == 0  # 0 left at the end of yesterday
    assert rows["FULL-1"] == 3
    figures = risk_figures(organization=organization)
    assert figures.as_of == TODAY
    assert figures.by_risk == {Risk.CRITICAL: 2, Risk.HIGH: 0, Risk.MEDIUM: 0,
                               Risk.LOW: 1}
    assert figures.at_risk == 2 and figures.to_order_week == 2
