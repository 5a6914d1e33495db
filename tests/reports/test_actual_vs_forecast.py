"""Actual vs forecast: the chosen run beside what sold; organization boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from forecasting.services import accuracy as accuracy_services
from tests.factories import ProductFactory

from .conftest import OLD_AS_OF, make_run, sell

pytestmark = pytest.mark.django_db
URL = "forecasting:actual_vs_forecast"


def test_one_product_has_band_daily_actuals_and_errors(matured, client_for):
    organization, p, q = matured
    run = make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    page = client_for(organization, Role.VIEWER).get(
        reverse(URL), {"run": run.pk, "product": p.pk}
    )
    assert page.status_code == 200
    data = page.context["data"]
    assert data.products == 1 and data.p10 is not None
    assert data.dates[0] == OLD_AS_OF + dt.timedelta(days=1)
    assert data.actual[:3] == [3, 3, 3] and data.actual[10] == 1
    assert data.actual[-1] is None  # day 90 has not passed yet
    assert page.context["errors"].actual_total == 30 + 20 + 45  # 39 days passed
    body = page.content.decode()
    assert "data-plotly-figure" in body and 'data-testid="avf-table"' in body


def test_all_products_are_summed_without_a_band_and_by_week(matured, client_for):
    organization, p, q = matured
    run = make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    page = client_for(organization).get(reverse(URL), {"run": run.pk, "grain": "week"})
    data = page.context["data"]
    assert data.products == 2 and data.p10 is None
    assert data.point[0] == 3.0 and data.actual[0] == 4
    rows = page.context["rows"]
    assert all(row["start"].weekday() == 0 for row in rows[1:])
    assert sum(row["days"] for row in rows) == 90


def test_the_default_run_is_one_with_known_sales(matured, client_for):
    organization, p, q = matured
    old = make_run(organization, OLD_AS_OF, {p: 2.0})
    make_run(organization, dt.date.today() - dt.timedelta(days=1), {p: 2.0})
    page = client_for(organization).get(reverse(URL))
    assert page.context["run"].pk == old.pk


def test_no_run_yet_renders_a_message(organization, client_for):
    page = client_for(organization, Role.VIEWER).get(reverse(URL))
    assert page.status_code == 200 and page.context["run"] is None


def test_other_organizations_run_or_product_is_404(
    matured, other_organization, client_for
):
    organization, p, q = matured
    mine = make_run(organization, OLD_AS_OF, {p: 2.0})
    stranger = ProductFactory(organization=other_organization)
    theirs = make_run(other_organization, OLD_AS_OF, {stranger: 5.0})
    client = client_for(organization)
    assert client.get(reverse(URL), {"run": theirs.pk}).status_code == 404
    response = client.get(reverse(URL), {"run": mine.pk, "product": stranger.pk})
    assert response.status_code == 404
    assert client.get(reverse(URL), {"run": "x"}).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_report_pages_render_for_every_role_in_few_queries(
    matured, client_for, role, django_assert_max_num_queries
):
    organization, p, q = matured
    run = make_run(organization, OLD_AS_OF, {p: 2.0, q: 1.0})
    client = client_for(organization, role)
    for name, params in (
        ("forecasting:accuracy", {}),
        (URL, {"run": run.pk}),
        (URL, {"run": run.pk, "product": p.pk, "grain": "week"}),
    ):
        with django_assert_max_num_queries(15):
            response = client.get(reverse(name), params)
        assert response.status_code == 200


def test_stock_out_days_are_unknown_demand_in_the_error_figures(
    organization, client_for
):
    # Sold its forecast 4/day for 20 days, then stood without stock: the days
    # without stock say nothing about demand, as on the accuracy report.
    product = ProductFactory(organization=organization, sku="OUT-1")
    other = ProductFactory(organization=organization, sku="ON-1")
    first = OLD_AS_OF + dt.timedelta(days=1)
    sell(organization, product, first, [4] * 20, stock=80)  # then none left
    sell(organization, other, first, [1] * 39)  # the seller's data is complete
    run = make_run(organization, OLD_AS_OF, {product: 4.0})
    page = client_for(organization, Role.VIEWER).get(
        reverse(URL), {"run": run.pk, "product": product.pk}
    )
    errors = page.context["errors"]
    # The day it sold out ended without stock: a floor, unknown too.
    assert page.context["known_days"] == 19
    assert errors.wape == pytest.approx(0.0) and errors.bias == pytest.approx(0.0)
    assert errors.actual_total == errors.forecast_total == 76
    # Sold is still shown on every passed day; the error only where it is known.
    rows = page.context["rows"]
    assert rows[25]["actual"] == 0 and rows[25]["error"] is None
    assert rows[5]["error"] == pytest.approx(0.0)
    # The accuracy report agrees (one rule for both pages).
    (item,) = accuracy_services.realised_report(organization=organization).latest.products
    assert item.accuracy.days == 19 and item.accuracy.wape == pytest.approx(0.0)
