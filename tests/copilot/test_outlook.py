"""The organization's forecast totals: units and money at list price summed from
each product's daily forecast over the asked days (next month = the calendar
month), products without a price or a forecast said apart — checked against
the stored daily forecasts read with the ORM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from copilot.services import copilot_answer
from forecasting.models import ForecastRun, ProductForecast
from tests.factories import CategoryFactory, OrganizationFactory, ProductFactory

from .world import forecast_store

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


@pytest.fixture
def store():
    org = OrganizationFactory(name="Outlook Store")
    snacks = CategoryFactory(organization=org, name="Snacks")
    drinks = CategoryFactory(organization=org, name="Drinks")
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(
        days=1), status=ForecastRun.Status.SUCCEEDED)
    for sku, category, price, daily in (("OL-1", snacks, 1000, 2.0),
                                        ("OL-2", snacks, 0, 1.5),
                                        ("OL-3", drinks, 2500, 3.25),
                                        ("OL-4", drinks, 800, None)):
        product = ProductFactory(organization=org, sku=sku, name=f"Item {sku}",
                                 category=category, selling_price=Decimal(price))
        if daily is not None:
            forecast_store(org, run, product, daily=daily, wape=0.2,
                           as_of=TODAY - dt.timedelta(days=1))
    return org


def _expected(org, first, last, category=None):
    """(units, money, unpriced units) over the dates, from the stored paths."""
    units = money = unpriced = 0.0
    rows = ProductForecast.objects.filter(organization=org).select_related("product")
    if category:
        rows = rows.filter(product__category__name=category)
    for row in rows:
        total = sum(day["point"] for day in row.daily
                    if first.isoformat() <= day["date"] <= last.isoformat())
        units += total
        money += total * float(row.product.selling_price)
        unpriced += total if not row.product.selling_price else 0
    return round(units), round(money), round(unpriced)


@pytest.mark.parametrize("question", ["다음 달 예상 매출",
                                      "forecast revenue next month"])
def test_next_month_is_the_calendar_month_summed_day_by_day(store, question):
    answer = copilot_answer(organization=store, user=None, question=question)
    units, money, unpriced = _expected(store, dt.date(2026, 12, 1),
                                       dt.date(2026, 12, 31))
    assert answer.intent == "forecast"
    assert (answer.period.start, answer.period.end) == (dt.date(2026, 12, 1),
                                                        dt.date(2026, 12, 31))
    # units, money, 1 product without a price and its units, 1 without forecast
    assert answer.values == [units, money, 1, unpriced, 1]


def test_the_next_30_days_start_tomorrow(store):
    answer = copilot_answer(organization=store, user=None,
                            question="다음 30일 예상 판매량")
    units, money, unpriced = _expected(store, dt.date(2026, 11, 26),
                                       dt.date(2026, 12, 25))
    assert answer.values == [units, money, 1, unpriced, 1]
    assert units == round(30 * (2.0 + 1.5 + 3.25))


def test_a_named_category_and_one_line_per_category(store):
    answer = copilot_answer(organization=store, user=None,
                            question="Drinks forecast next 30 days")
    units, money, _unpriced = _expected(store, dt.date(2026, 11, 26),
                                        dt.date(2026, 12, 25), "Drinks")
    assert answer.values == [units, money, 1]
    split = copilot_answer(organization=store, user=None,
                           question="카테고리별 다음 30일 예상 판매량")
    assert [row[:3] for row in split.table.rows] == [
        ["Drinks", units, money],
        ["Snacks", *_expected(store, dt.date(2026, 11, 26),
                              dt.date(2026, 12, 25), "Snacks")[:2]]]
