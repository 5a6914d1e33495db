"""Every sales answer counts the same rows: outbound net of cancellations and
returns (reversals), whatever the filter — checked on a small store of its own
with cancelled and returned order lines, against the ledger read with the ORM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F, Q, Sum

from copilot import selectors
from copilot.services import copilot_answer
from inventory.models import Channel, StockMovement
from inventory.services.stock import movement_record, movement_reverse
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    OrganizationFactory,
    ProductFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

LAST_WEEK = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
OUT = StockMovement.Kind.OUTBOUND


@pytest.fixture
def store():
    """Two products on two channels; some order lines cancelled or returned."""
    org = OrganizationFactory(name="Gamma Store")
    coupang = ChannelFactory(organization=org, name="쿠팡", kind=Channel.Kind.COUPANG)
    smart = ChannelFactory(organization=org, name="스마트스토어",
                           kind=Channel.Kind.SMARTSTORE)
    noodle = ProductFactory(
        organization=org, sku="GA-001", name="Wheat Noodle",
        category=CategoryFactory(organization=org, name="Noodles"),
        supplier=SupplierFactory(organization=org, name="North Foods"),
        selling_price=Decimal(1000), unit_cost=Decimal(400))
    sauce = ProductFactory(
        organization=org, sku="GB-001", name="Chili Sauce",
        category=CategoryFactory(organization=org, name="Sauces"),
        supplier=SupplierFactory(organization=org, name="South Foods"),
        selling_price=Decimal(2000), unit_cost=Decimal(900))
    day = dt.date(2026, 11, 18)
    for product in (noodle, sauce):
        movement_record(organization=org, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=100,
                        business_date=day - dt.timedelta(days=10))

    def sell(product, quantity, channel, ref):
        return movement_record(organization=org, user=None, product=product,
                               kind=OUT, quantity=quantity, business_date=day,
                               channel=channel, external_ref=ref)[0]

    sell(noodle, 10, coupang, "C-1:1")
    cancelled = sell(noodle, 5, coupang, "C-2:1")
    sell(noodle, 4, smart, "S-1")
    sell(sauce, 6, coupang, "C-3:1")
    returned = sell(sauce, 3, coupang, "C-4:1")
    # A sale typed in by hand, without an order number, the week before.
    movement_record(organization=org, user=None, product=noodle, kind=OUT,
                    quantity=2, business_date=dt.date(2026, 11, 10), channel=smart)
    for movement in (cancelled, returned):
        movement_reverse(organization=org, user=None, movement=movement,
                         note="cancelled")
    return org


def _ledger(org, **filters) -> tuple[int, int]:
    """Net units and revenue straight from the ledger."""
    rows = StockMovement.objects.filter(
        organization=org, business_date__range=LAST_WEEK, **filters).filter(
        Q(kind=OUT) | Q(kind="reversal", reversal_of__kind=OUT)).aggregate(
        units=Sum("quantity"), revenue=Sum(F("quantity") * F("product__selling_price")))
    return -(rows["units"] or 0), -int(rows["revenue"] or 0)


def _ask(org, question):
    return copilot_answer(organization=org, user=None, question=question,
                          language="en")


@pytest.mark.parametrize(("question", "filters", "units"), [
    ("GA-001 sales on Coupang last week",
     {"product__sku": "GA-001", "channel__name": "쿠팡"}, 10),
    ("Noodles sales on Coupang last week",
     {"product__category__name": "Noodles", "channel__name": "쿠팡"}, 10),
    ("North Foods sales on Coupang last week",
     {"product__supplier__name": "North Foods", "channel__name": "쿠팡"}, 10),
    ("Sauces sales on Coupang last week",
     {"product__category__name": "Sauces", "channel__name": "쿠팡"}, 6),
    ("Coupang sales last week", {"channel__name": "쿠팡"}, 16),
    ("GA-001 sales last week", {"product__sku": "GA-001"}, 14),
    ("South Foods sales last week", {"product__supplier__name": "South Foods"}, 6),
])
def test_every_sales_filter_nets_out_cancellations_and_returns(store, question,
                                                               filters, units):
    answer = _ask(store, question)
    assert answer.intent == "sales"
    assert answer.values[:2] == list(_ledger(store, **filters))
    assert answer.values[0] == units


def test_sales_by_channel_and_best_sellers_on_a_channel_are_net(store):
    by_channel = _ask(store, "sales by channel last week")
    assert {row[0]: row[1] for row in by_channel.table.rows} == {
        "쿠팡": 16, "스마트스토어": 4}
    best = _ask(store, "best sellers on Coupang last week")
    assert best.products == ["GA-001", "GB-001"] and best.values == [10, 6]
    split = _ask(store, "sales by category on Coupang last week")
    assert {row[0]: row[1:3] for row in split.table.rows} == {
        "Noodles": [10, 10_000], "Sauces": [6, 12_000]}


def test_net_sales_counts_order_lines_still_sold(store):
    total = selectors.net_sales_total(
        organization=store, date_from=LAST_WEEK[0], date_to=LAST_WEEK[1],
        with_orders=True)
    assert (total.units, total.order_lines, total.unreferenced_units) == (20, 3, 0)
    assert total.revenue == Decimal(26_000)


@pytest.mark.parametrize(("question", "words", "previous"), [
    ("Sales last month", "The month before (2026-09-01 to 2026-09-30)",
     (dt.date(2026, 9, 1), dt.date(2026, 9, 30))),
    ("Sales this month", "The same days of the month before (2026-10-01 to "
     "2026-10-27)", (dt.date(2026, 10, 1), dt.date(2026, 10, 27))),
    ("Sales this year", "The same days of last year (2025-01-01 to 2025-11-27)",
     (dt.date(2025, 1, 1), dt.date(2025, 11, 27))),
    ("Sales this week", "The same days of the week before (2026-11-16 to "
     "2026-11-20)", (dt.date(2026, 11, 16), dt.date(2026, 11, 20))),
    ("Sales in the last 7 days", "The 7 days before (2026-11-14 to 2026-11-20)",
     (dt.date(2026, 11, 14), dt.date(2026, 11, 20))),
])
def test_the_previous_period_is_calendar_aligned_and_said(store, question, words,
                                                          previous):
    answer = _ask(store, question)
    assert words in answer.answer
    assert answer.table.rows[1][0] == f"{previous[0]} – {previous[1]}"
    assert "same days" in " ".join(answer.definitions)


def test_the_korean_comparison_is_in_korean(store):
    answer = copilot_answer(organization=store, user=None, question="올해 매출")
    assert "전년 같은 기간(2025-01-01 ~ 2025-11-27)" in answer.answer


@pytest.mark.parametrize(("question", "values"), [
    ("how many orders last week", [3, 20]),
    ("지난주 쿠팡 주문 건수", [2, 16]),
    ("number of orders for GA-001 last week", [2, 14]),
    ("how many orders from 2026-11-09 to 2026-11-22", [3, 22, 2]),
])
def test_orders_count_order_lines_not_units(store, question, values):
    answer = _ask(store, question)
    assert answer.intent == "sales" and answer.parsed.slots.metric == "orders"
    assert answer.values == values


def test_orders_without_order_numbers_are_said_to_be_units(store):
    answer = _ask(store, "how many orders from 2026-11-09 to 2026-11-15")
    assert answer.values == [2]
    assert "counts units, not orders" in answer.answer
