"""The run pipeline: one result per product, idempotent, failures contained."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from forecasting.models import ForecastRun, ProductForecast
from forecasting.services import runs
from forecasting.services.history import demand_histories, forecastable_products
from forecasting.tasks import (
    CHUNK_HARD_LIMIT,
    SHORT_HARD_LIMIT,
    forecast_chunk_task,
    forecast_organization_task,
)
from inventory.models import StockMovement
from inventory.services.stock import movement_record, movement_reverse
from tests.factories import ProductFactory

from .conftest import AS_OF, STOCK_OUT_FIRST

pytestmark = pytest.mark.django_db


def _execute(seller, **kwargs):
    return runs.forecast_run_execute(
        organization=seller.organization, as_of=AS_OF, **kwargs
    )


def test_run_creates_one_result_per_active_single_product(seller):
    run, created = _execute(seller)
    assert created
    assert run.status == ForecastRun.Status.SUCCEEDED
    results = ProductForecast.objects.filter(run=run)
    assert sorted(r.product_id for r in results) == sorted(p.pk for p in seller.singles)
    result = results.get(product=seller.singles[3])
    assert len(result.daily) == 90
    assert result.daily[0]["date"] == (AS_OF + dt.timedelta(days=1)).isoformat()
    assert {"point", "p10", "p50", "p90", "p98"} <= set(result.daily[0])
    assert all(row["p10"] <= row["p90"] for row in result.daily)
    # A rate of 11 units a day: the 30-day total is near 330.
    assert 200 < result.total_30 < 460
    assert result.total_30 <= result.total_60 <= result.total_90
    assert result.backtest_metrics and result.method
    assert run.summary["forecasts"] == 5 and run.summary["failures"] == 0
    assert run.library_versions["numpy"] and run.config["engine"]["models"]
    assert run.finished_at is not None and run.timings["engine"] > 0


def test_second_run_of_the_day_returns_the_same_run_and_writes_nothing(seller):
    first, _ = _execute(seller)
    count = ProductForecast.objects.count()
    again, created = _execute(seller)
    assert not created and again.pk == first.pk
    assert ProductForecast.objects.count() == count
    assert ForecastRun.objects.count() == 1


def test_forced_run_creates_a_new_run_and_keeps_the_old_one(seller):
    first, _ = _execute(seller)
    forced, created = _execute(seller, force=True)
    assert created and forced.pk != first.pk
    assert (first.sequence, forced.sequence) == (0, 1) and forced.forced
    assert ProductForecast.objects.filter(run=first).count() == 5
    assert ProductForecast.objects.filter(run=forced).count() == 5


def test_a_failing_product_is_recorded_and_the_others_succeed(seller, monkeypatch):
    broken = str(seller.singles[2].pk)
    real_engine = runs.forecast_engine

    def engine(histories, **kwargs):
        if broken in histories:
            raise FloatingPointError("model blew up")
        return real_engine(histories, **kwargs)

    monkeypatch.setattr(runs.chunks, "forecast_engine", engine)
    run, _ = _execute(seller)
    assert run.status == ForecastRun.Status.PARTIAL
    assert [f["sku"] for f in run.failures] == ["P-2"]
    assert "model blew up" in run.failures[0]["error"]
    done = set(
        ProductForecast.objects.filter(run=run).values_list("product", flat=True)
    )
    assert done == {p.pk for p in seller.singles} - {seller.singles[2].pk}


def test_run_only_covers_its_own_organization(seller, other_organization):
    stranger = ProductFactory(organization=other_organization, sku="P-0")
    movement_record(
        organization=other_organization,
        user=None,
        product=stranger,
        kind="inbound",
        quantity=5,
        business_date=AS_OF,
    )
    run, _ = _execute(seller)
    assert not ProductForecast.objects.filter(product=stranger).exists()
    assert run.product_count == 5
    other_run, _ = runs.forecast_run_execute(
        organization=other_organization, as_of=AS_OF
    )
    assert list(other_run.results.values_list("product", flat=True)) == [stranger.pk]


def test_stock_out_days_reach_the_engine_as_censored(seller):
    products = forecastable_products(organization=seller.organization)
    items = demand_histories(
        organization=seller.organization, products=products, as_of=AS_OF
    )
    item = items[seller.stock_out.pk]
    censored = item.history.censored
    flagged = [stamp.date() for stamp, flag in censored.items() if flag]
    assert flagged == [STOCK_OUT_FIRST + dt.timedelta(days=n) for n in range(20)]
    assert item.censored_days == 20
    assert items[seller.singles[0].pk].censored_days == 0


def test_reversed_outbound_is_not_demand(seller):
    product = seller.singles[0]
    (sale,) = movement_record(
        organization=seller.organization,
        user=None,
        product=product,
        kind="outbound",
        quantity=40,
        business_date=AS_OF,
    )
    products = forecastable_products(
        organization=seller.organization, product_ids=[product.pk]
    )
    before = demand_histories(
        organization=seller.organization, products=products, as_of=AS_OF
    )[product.pk].history.demand.iloc[-1]
    movement_reverse(organization=seller.organization, user=None, movement=sale)
    after = demand_histories(
        organization=seller.organization, products=products, as_of=AS_OF
    )[product.pk].history.demand.iloc[-1]
    assert before - after == 40


def test_new_product_is_a_cold_start_at_its_category_average(seller):
    newcomer = ProductFactory(
        organization=seller.organization, sku="NEW", category=seller.singles[0].category
    )
    movement_record(
        organization=seller.organization,
        user=None,
        product=newcomer,
        kind="inbound",
        quantity=50,
        business_date=AS_OF,
    )
    run, _ = _execute(seller)
    result = run.results.get(product=newcomer)
    assert result.is_cold_start and result.cold_start_source == "category"
    assert result.method == "cold start: category average"
    # The category's products sell 2, 5, 8, 11 and 14 a day on average.
    assert 6 < float(result.total_30) / 30 < 10


def test_new_product_with_nothing_to_go_on_says_so_not_short_history(
    seller, client_for
):
    # No history, no category, no expected daily demand entered: nothing was
    # averaged, so "mean of the short history" would be untrue.
    newcomer = ProductFactory(organization=seller.organization, sku="BLANK")
    run, _ = _execute(seller)
    result = run.results.get(product=newcomer)
    assert result.is_cold_start and result.cold_start_source == "none"
    assert result.method == (
        "cold start: no sales history, no category average and no expected "
        "daily demand entered"
    )
    assert float(result.total_90) == 0.0
    page = client_for(seller.organization, Role.VIEWER).get(
        reverse("forecasting:forecast_detail", args=[newcomer.pk])
    )
    body = page.content.decode()
    assert "cold start: nothing to go on" in body and "short history" not in body


def test_product_in_stock_for_weeks_that_never_sold_is_forecast_at_zero(
    seller, client_for
):
    # 60 days on the shelf without one sale is evidence of no demand: the
    # category's average (6–10 a day) would order stock nobody buys.
    shelf_warmer = ProductFactory(
        organization=seller.organization, sku="DUST", category=seller.singles[0].category
    )
    movement_record(
        organization=seller.organization,
        user=None,
        product=shelf_warmer,
        kind="inbound",
        quantity=50,
        business_date=AS_OF - dt.timedelta(days=59),
    )
    run, _ = _execute(seller)
    result = run.results.get(product=shelf_warmer)
    assert result.is_cold_start and result.cold_start_source == "no_sales"
    assert result.method == "no sales in 60 days in stock"
    assert float(result.total_90) == 0.0
    assert all(row["p98"] == 0.0 for row in result.daily)
    page = client_for(seller.organization, Role.VIEWER).get(
        reverse("forecasting:forecast_detail", args=[shelf_warmer.pk])
    )
    body = page.content.decode()
    assert "no sales while in stock" in body and "known days" not in body


def test_a_chunk_delivered_twice_writes_its_rows_once(seller):
    start = runs.forecast_run_start(organization=seller.organization, as_of=AS_OF)
    ids = start.chunks[0]
    assert (
        runs.forecast_chunk_run(run_id=start.run.pk, chunk_index=0, product_ids=ids)
        is True
    )
    assert (
        runs.forecast_chunk_run(run_id=start.run.pk, chunk_index=0, product_ids=ids)
        is False
    )
    assert start.run.results.count() == 5


def test_eager_tasks_fan_out_in_chunks_and_join(seller, settings):
    settings.FORECAST_CHUNK_SIZE = 2  # 5 products → 2 chunks (3 + 2)
    run_id = forecast_organization_task(seller.organization.pk, AS_OF.isoformat())
    run = ForecastRun.objects.get(pk=run_id)
    assert (run.chunk_count, sorted(run.chunks_done)) == (2, [0, 1])
    assert run.status == ForecastRun.Status.SUCCEEDED
    assert run.results.count() == 5
    # Delivered again: the same run, nothing new.
    assert (
        forecast_organization_task(seller.organization.pk, AS_OF.isoformat()) == run_id
    )
    assert ForecastRun.objects.count() == 1


def test_a_crashing_chunk_fails_its_products_but_the_run_finishes(
    seller, settings, monkeypatch
):
    settings.FORECAST_CHUNK_SIZE = 2
    real = runs.forecast_chunk_run

    def chunk(*, run_id, chunk_index, product_ids):
        if chunk_index == 1:
            raise MemoryError("worker ran out of memory")
        return real(run_id=run_id, chunk_index=chunk_index, product_ids=product_ids)

    monkeypatch.setattr(runs, "forecast_chunk_run", chunk)
    run = ForecastRun.objects.get(
        pk=forecast_organization_task(seller.organization.pk, AS_OF.isoformat())
    )
    assert run.status == ForecastRun.Status.PARTIAL
    assert len(run.failures) == 2 and run.results.count() == 3
    assert "MemoryError" in run.failures[0]["error"]
    assert forecast_chunk_task.name == "forecasting.tasks.forecast_chunk_task"


def test_task_time_limits_stay_below_the_visibility_timeout(settings):
    assert (
        max(CHUNK_HARD_LIMIT, SHORT_HARD_LIMIT)
        < settings.CELERY_BROKER_VISIBILITY_TIMEOUT
    )


def test_forecast_command_is_idempotent(seller):
    out = io.StringIO()
    args = [
        "--organization",
        str(seller.organization.pk),
        "--as-of",
        AS_OF.isoformat(),
        "--no-progress",
    ]
    call_command("forecast", *args, stdout=out)
    assert "5 of 5 products forecast" in out.getvalue()
    out = io.StringIO()
    call_command("forecast", *args, stdout=out)
    assert "already exists" in out.getvalue()
    assert ForecastRun.objects.count() == 1
    call_command("forecast", *args, "--force", stdout=io.StringIO())
    assert ForecastRun.objects.count() == 2


def test_set_sales_count_through_their_components(seller):
    assert seller.set_product.pk not in {
        p.pk for p in forecastable_products(organization=seller.organization)
    }
    assert StockMovement.objects.filter(product=seller.set_product).count() == 0
