"""Forecast accuracy: literal realised errors, value added, backtest pooling, pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from forecasting import accuracy
from forecasting.models import ForecastOverride, PromotionEvent
from forecasting.services import accuracy as accuracy_services
from inventory.models import StockMovement
from inventory.services.stock import movement_reverse
from tests.factories import ProductFactory

from .conftest import NEW_AS_OF, OLD_AS_OF, make_run, sell

pytestmark = pytest.mark.django_db

def test_series_accuracy_and_pooling_on_literal_arrays():
    p = accuracy.series_accuracy([3] * 10 + [1] * 20, [2] * 30)
    assert (p.wape, p.bias, p.mae) == pytest.approx((0.6, 0.2, 1.0))
    q = accuracy.series_accuracy([1] * 30, [1] * 30)
    both = accuracy.pool([p, q])
    assert both.wape == pytest.approx(30 / 80)
    assert both.bias == pytest.approx(10 / 80)
    assert both.rmse == pytest.approx((30 / 60) ** 0.5)


def test_realised_errors_of_a_matured_run_per_product_category_overall(matured):
    organization, p, q = matured
    make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    make_run(organization, NEW_AS_OF, {p: 2.0, q: 1.0})  # not matured: left out
    report = accuracy_services.realised_report(organization=organization)
    assert [run.as_of for run in report.runs] == [OLD_AS_OF]
    overall = report.runs[0].overall
    assert overall.wape == pytest.approx(0.375)
    assert overall.bias == pytest.approx(0.125)
    assert overall.actual_total == 80 and overall.forecast_total == 90
    by_sku = {row.label: row.accuracy for row in report.latest.products}
    assert by_sku["P-1"].wape == pytest.approx(0.6)
    assert by_sku["Q-1"].wape == pytest.approx(0.0)
    categories = {row.label: row.accuracy.wape for row in report.latest.categories}
    assert categories == {"Noodles": pytest.approx(0.6), "": pytest.approx(0.0)}


def test_a_reversed_sale_does_not_count_as_sold(matured):
    organization, p, q = matured
    sale = StockMovement.objects.get(
        product=q, business_date=OLD_AS_OF + dt.timedelta(days=1)
    )
    movement_reverse(organization=organization, user=None, movement=sale)
    make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    report = accuracy_services.realised_report(organization=organization)
    by_sku = {row.label: row.accuracy for row in report.latest.products}
    assert by_sku["Q-1"].actual_total == 29  # the cache saw the ledger change


def test_value_added_compares_the_override_active_at_the_run(matured):
    organization, p, q = matured
    ForecastOverride.objects.create(
        organization=organization, product=p, kind=ForecastOverride.Kind.LEVEL,
        daily_level=Decimal("1.6"), reason_code="other", reason_text="shelf moved",
    )
    run = make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    # Created after the run: it did not shape the issued forecast.
    ForecastOverride.objects.create(
        organization=organization, product=q, kind=ForecastOverride.Kind.LEVEL,
        daily_level=Decimal("5"), reason_code="other", reason_text="too late",
    )
    report = accuracy_services.realised_report(organization=organization)
    value = report.runs[0].value_added
    assert report.runs[0].run_id == run.pk
    assert value.products == 1
    assert value.model.wape == pytest.approx(0.6)
    assert value.effective.wape == pytest.approx(26 / 50)  # 10×1.4 + 20×0.6
    assert value.wape_gain == pytest.approx(0.6 - 0.52)
    assert [row.sku for row in report.value_added_rows] == ["P-1"]


def test_backtest_pools_products_by_volume_per_model(organization):
    p = ProductFactory(organization=organization, sku="P-1")
    q = ProductFactory(organization=organization, sku="Q-1")
    metrics_p = {"wape": 0.5, "mae": 1.0, "rmse": 1.2, "mase": 0.8, "bias": 0.1,
                 "origins": 2.0}
    metrics_q = {"wape": 0.25, "mae": 0.5, "rmse": 0.6, "mase": 0.4, "bias": -0.1,
                 "origins": 2.0}
    make_run(organization, NEW_AS_OF, {p: 2.0, q: 1.0}, backtests={
        p: {"ensemble": metrics_p, "ses": metrics_q},
        q: {"ensemble": metrics_q, "ses": metrics_q},
    })
    report = accuracy_services.backtest_report(organization=organization)
    overall = report.breakdown.overall
    assert overall.wape == pytest.approx(90 / 240)  # Σ|e| / Σa over both products
    assert overall.bias == pytest.approx(0.0)
    assert overall.mae == pytest.approx(0.75)
    assert overall.mase == pytest.approx(0.6)
    models = {row.label: row.accuracy.wape for row in report.models}
    assert models == {"ensemble": pytest.approx(0.375), "ses": pytest.approx(0.25)}
    assert report.models[0].label == "ensemble"


def test_demo_like_data_says_nothing_has_matured(organization, client_for):
    p = ProductFactory(organization=organization)
    make_run(organization, NEW_AS_OF, {p: 1.0})
    page = client_for(organization, Role.VIEWER).get(reverse("forecasting:accuracy"))
    assert page.status_code == 200
    assert 'data-testid="no-matured"' in page.content.decode()


def test_accuracy_page_shows_the_trend_and_value_added(matured, client_for):
    organization, p, q = matured
    ForecastOverride.objects.create(
        organization=organization, product=p, kind=ForecastOverride.Kind.LEVEL,
        daily_level=Decimal("1.6"), reason_code="other", reason_text="x",
    )
    make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    page = client_for(organization, Role.VIEWER).get(reverse("forecasting:accuracy"))
    body = page.content.decode()
    assert 'data-testid="no-matured"' not in body
    assert "data-plotly-figure" in body and "cdn.plot.ly" not in body
    assert 'data-testid="value-added"' in body
    assert "38%" in body  # overall realised WAPE 0.375


def test_other_organizations_runs_never_count(matured, other_organization):
    organization, p, q = matured
    theirs = ProductFactory(organization=other_organization)
    make_run(other_organization, OLD_AS_OF, {theirs: 4.0})
    assert accuracy_services.realised_report(organization=organization).runs == []
    mine = make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    report = accuracy_services.realised_report(organization=organization)
    assert [r.run_id for r in report.runs] == [mine.pk]


def test_stock_out_days_are_unknown_demand_not_zero_in_realised_errors(organization):
    # Sold its forecast 4/day for 20 days, then stood without stock for 10
    # days: those 10 days say nothing about demand, so the forecast was right.
    product = ProductFactory(organization=organization, sku="OUT-1")
    first = OLD_AS_OF + dt.timedelta(days=1)
    sell(organization, product, first, [4] * 20, stock=80)  # then none left
    make_run(organization, OLD_AS_OF, {product: 4.0})
    report = accuracy_services.realised_report(organization=organization)
    (row,) = report.latest.products
    # The day it sold out ended without stock: its 4 are a floor, also unknown.
    assert row.accuracy.days == 19
    assert row.accuracy.wape == pytest.approx(0.0)
    assert row.accuracy.bias == pytest.approx(0.0)


def test_past_sales_pause_days_are_unknown_demand_in_realised_errors(organization):
    product = ProductFactory(organization=organization, sku="PAUSE-1")
    first = OLD_AS_OF + dt.timedelta(days=1)
    sell(organization, product, first, [2] * 20)  # listing down for the last 10
    # Another product sells on: the organization's sales data is complete.
    other = ProductFactory(organization=organization, sku="OTHER-1")
    sell(organization, other, first, [1] * 30)
    PromotionEvent.objects.create(
        organization=organization, product=product, name="listing down",
        kind=PromotionEvent.Kind.PAUSE, start_date=first + dt.timedelta(days=20),
        end_date=first + dt.timedelta(days=29),
    )
    make_run(organization, OLD_AS_OF, {product: 2.0})
    report = accuracy_services.realised_report(organization=organization)
    (row,) = report.latest.products
    assert row.accuracy.days == 20
    assert row.accuracy.wape == pytest.approx(0.0)


def test_days_after_the_organizations_last_sale_are_unknown_in_realised_errors(
    organization,
):
    # The seller stopped uploading 20 days into the 30: the 10 days after are
    # not in yet, not 10 days without a sale (the forecast 2/day was right).
    product = ProductFactory(organization=organization, sku="LATE-1")
    sell(organization, product, OLD_AS_OF + dt.timedelta(days=1), [2] * 20)
    make_run(organization, OLD_AS_OF, {product: 2.0})
    report = accuracy_services.realised_report(organization=organization)
    (row,) = report.latest.products
    assert row.accuracy.days == 20
    assert row.accuracy.wape == pytest.approx(0.0)
