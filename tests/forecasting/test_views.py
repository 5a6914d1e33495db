"""Forecast pages: content, organization boundaries, rerun and events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.roles import Role
from forecasting.method_text import method_text
from forecasting.models import ForecastRun, PromotionEvent
from forecasting.services import runs
from forecasting.services.history import demand_histories
from tests.factories import ProductFactory

from .conftest import AS_OF, STOCK_OUT_FIRST

pytestmark = pytest.mark.django_db


@pytest.fixture
def forecast_run(seller):
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    return run


def test_list_shows_every_product_with_totals_in_few_queries(
    seller, forecast_run, client_for
):
    client = client_for(seller.organization, Role.VIEWER)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("forecasting:forecast_list"))
    assert page.status_code == 200
    body = page.content.decode()
    for product in seller.singles:
        assert reverse("forecasting:forecast_detail", args=[product.pk]) in body
    assert seller.set_product.sku not in body
    assert len(queries) <= 12


def test_detail_page_has_chart_totals_method_and_stock_outs(
    seller, forecast_run, client_for
):
    client = client_for(seller.organization, Role.VIEWER)
    response = client.get(
        reverse("forecasting:forecast_detail", args=[seller.stock_out.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "vendor/plotly/plotly-basic.min.js" in body and "cdn.plot.ly" not in body
    assert "data-plotly-figure" in body
    assert STOCK_OUT_FIRST.isoformat() in body  # stock-out markers in the figure
    result = forecast_run.results.get(product=seller.stock_out)
    with translation.override("en"):  # the page's language here
        assert escape(method_text(result.method)) in body
    # A viewer sees no override form and no rerun button.
    assert reverse("forecasting:forecast_rerun", args=[seller.stock_out.pk]) not in body


def test_other_organizations_product_is_not_found(
    seller, forecast_run, other_organization, client_for
):
    outsider = client_for(other_organization, Role.MASTER)
    product = seller.singles[0]
    for name in ("forecast_detail", "forecast_rerun", "override_create"):
        assert (
            outsider.get(reverse(f"forecasting:{name}", args=[product.pk])).status_code
            == 404
        )
    assert (
        outsider.post(
            reverse("forecasting:forecast_rerun", args=[product.pk])
        ).status_code
        == 404
    )
    assert (
        product.sku
        not in outsider.get(reverse("forecasting:forecast_list")).content.decode()
    )


def test_manager_reforecasts_one_product_in_the_background(
        seller, forecast_run, client_for, django_capture_on_commit_callbacks,
        monkeypatch):
    """The request only queues the task; the worker (here: the eager task run
    after commit) forecasts; the page shows progress, then the result."""
    from django.core.cache import cache

    cache.clear()
    client = client_for(seller.organization, Role.MANAGER)
    product = seller.singles[2]
    url = reverse("forecasting:forecast_rerun", args=[product.pk])
    status_url = reverse("forecasting:forecast_rerun_status", args=[product.pk])
    queued = []
    monkeypatch.setattr("forecasting.tasks.product_forecast_task.delay",
                        lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert queued == [(seller.organization.pk, product.pk, response.wsgi_request
                       .user.pk)]
    assert not ForecastRun.objects.exclude(pk=forecast_run.pk).exists()  # not here
    page = client.get(reverse("forecasting:forecast_detail", args=[product.pk]))
    body = page.content.decode()
    assert 'data-testid="rerun-progress"' in body
    assert 'data-testid="forecast-rerun"' in body and " disabled>" in body
    assert client.get(status_url).json()["finished"] is False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # a second click while queued queues nothing
    assert len(queued) == 1

    from forecasting import tasks

    assert tasks.product_forecast_task(*queued[0]) == "done"  # the worker's part
    rerun = ForecastRun.objects.exclude(pk=forecast_run.pk).get()
    assert rerun.scope == ForecastRun.Scope.PRODUCT and rerun.status == "succeeded"
    assert list(rerun.results.values_list("product", flat=True)) == [product.pk]
    assert client.get(status_url).json()["finished"] is True
    assert (
        client_for(seller.organization, Role.STAFF).post(url).status_code == 403
    )
    cache.clear()


def test_run_list_shows_status_and_failures(seller, client_for):
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    run.failures = [{"product_id": 1, "sku": "BROKEN-SKU", "error": "boom"}]
    run.save()
    body = (
        client_for(seller.organization, Role.VIEWER)
        .get(reverse("forecasting:run_list"))
        .content.decode()
    )
    assert "BROKEN-SKU" in body and "boom" in body


def test_manager_adds_an_event_that_flags_the_category_history_and_future(
    seller, client_for
):
    client = client_for(seller.organization, Role.MANAGER)
    start, end = AS_OF + dt.timedelta(days=5), AS_OF + dt.timedelta(days=7)
    response = client.post(
        reverse("forecasting:event_create"),
        {
            "name": "11.11",
            "category": seller.singles[0].category_id,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        },
    )
    assert response.status_code == 302
    event = PromotionEvent.objects.get()
    items = demand_histories(
        organization=seller.organization, products=seller.singles, as_of=AS_OF
    )
    promo = items[seller.singles[0].pk].history.promo
    assert promo is not None and promo.sum() == 3
    assert promo[start.isoformat()] == 1 and promo[AS_OF.isoformat()] == 0
    viewer = client_for(seller.organization, Role.VIEWER)
    assert (
        viewer.post(reverse("forecasting:event_delete", args=[event.pk])).status_code
        == 403
    )
    client.post(reverse("forecasting:event_delete", args=[event.pk]))
    assert not PromotionEvent.objects.exists()


def test_event_for_another_organizations_product_is_refused(
    seller, other_organization, client_for
):
    stranger = ProductFactory(organization=other_organization)
    response = client_for(seller.organization, Role.MANAGER).post(
        reverse("forecasting:event_create"),
        {
            "name": "x",
            "product": stranger.pk,
            "start_date": "2026-12-01",
            "end_date": "2026-12-02",
        },
    )
    assert response.status_code == 200 and not PromotionEvent.objects.exists()
