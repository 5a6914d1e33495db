"""Slow movers, the average selling price, the organization's forecast and the
late stock-outs read a fixed number of queries, whatever the catalogue size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copilot.services import copilot_answer
from forecasting.models import ForecastRun
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from policy.services.recommendations import recommendations_refresh
from tests.factories import OrganizationFactory, ProductFactory

from .world import forecast_store

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
QUESTIONS = ("slow movers", "평균 판매가", "다음 달 예상 매출",
             "발주해도 늦는 상품")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


def _add(org, run, start, count):
    for i in range(start, start + count):
        product = ProductFactory(organization=org, sku=f"QC-{i}", name=f"Item {i}",
                                 selling_price=Decimal(1000 + i))
        movement_record(organization=org, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=20 + i,
                        business_date=TODAY - dt.timedelta(days=10))
        movement_record(organization=org, user=None, product=product,
                        kind=StockMovement.Kind.OUTBOUND, quantity=1 + i % 3,
                        business_date=TODAY - dt.timedelta(days=2))
        forecast_store(org, run, product, daily=1.0 + i % 4, wape=0.2,
                       as_of=TODAY - dt.timedelta(days=1))
    recommendations_refresh(organization=org, as_of=TODAY)


def _counts(org):
    counts = []
    for question in QUESTIONS:
        with CaptureQueriesContext(connection) as queries:
            copilot_answer(organization=org, user=None, question=question)
        counts.append(len(queries))
    return counts


def test_query_counts_do_not_grow_with_the_catalogue():
    org = OrganizationFactory(name="Query Store")
    run = ForecastRun.objects.create(organization=org, as_of=TODAY - dt.timedelta(
        days=1), status=ForecastRun.Status.SUCCEEDED)
    _add(org, run, 0, 3)
    few = _counts(org)
    _add(org, run, 3, 6)
    assert _counts(org) == few, few
