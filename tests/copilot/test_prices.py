"""The average selling price: revenue ÷ units of the net-sales rows. Revenue
is the amount paid where the ledger holds it, else units × the list price
(said: "estimated from list prices"); units with neither are left out and
said."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F, Q, Sum

from copilot.services import copilot_answer
from inventory.models import Channel, Product, StockMovement
from inventory.services.stock import movement_record, movement_reverse
from tests.factories import ChannelFactory, OrganizationFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
OUT = StockMovement.Kind.OUTBOUND


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


@pytest.fixture
def store():
    org = OrganizationFactory(name="Price Store")
    coupang = ChannelFactory(organization=org, name="쿠팡", kind=Channel.Kind.COUPANG)
    own = ChannelFactory(organization=org, name="자사몰", kind=Channel.Kind.OWN_MALL)
    cheap = ProductFactory(organization=org, sku="PR-1", name="Cheap Candy",
                           selling_price=Decimal(1000))
    dear = ProductFactory(organization=org, sku="PR-2", name="Dear Honey",
                          selling_price=Decimal(7500))
    free = ProductFactory(organization=org, sku="PR-3", name="Sample Pack",
                          selling_price=Decimal(0))
    day = TODAY - dt.timedelta(days=3)
    for product in (cheap, dear, free):
        movement_record(organization=org, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=100,
                        business_date=day - dt.timedelta(days=5))

    def sell(product, quantity, channel, ref):
        return movement_record(organization=org, user=None, product=product,
                               kind=OUT, quantity=quantity, business_date=day,
                               channel=channel, external_ref=ref)[0]

    sell(cheap, 12, coupang, "A-1")
    sell(dear, 3, coupang, "A-2")
    returned = sell(dear, 2, own, "B-1")
    sell(cheap, 4, own, "B-2")
    sell(free, 5, own, "B-3")
    movement_reverse(organization=org, user=None, movement=returned,
                     note="returned")
    return org


def _sold(org, **filters):
    """(revenue, priced units, unpriced units) of the last 30 days, by hand."""
    rows = StockMovement.objects.filter(
        Q(kind=OUT) | Q(kind="reversal", reversal_of__kind=OUT), organization=org,
        business_date__range=(TODAY - dt.timedelta(days=29), TODAY), **filters)
    priced = rows.filter(product__selling_price__gt=0)
    revenue = -(priced.aggregate(r=Sum(F("quantity") * F("product__selling_price")))[
        "r"] or 0)
    units = -(priced.aggregate(u=Sum("quantity"))["u"] or 0)
    unpriced = -(rows.filter(product__selling_price=0).aggregate(
        u=Sum("quantity"))["u"] or 0)
    return revenue, units, unpriced


@pytest.mark.parametrize("question", ["평균 판매가", "average selling price"])
def test_the_overall_average_is_revenue_over_priced_units(store, question):
    answer = copilot_answer(organization=store, user=None, question=question)
    revenue, units, unpriced = _sold(store)
    assert (revenue, units, unpriced) == (38500, 19, 5)  # 16 × 1,000 + 3 × 7,500
    assert answer.intent == "sales"
    assert answer.values == [round(revenue / units), revenue, units, unpriced]


def test_a_channel_average_keeps_to_the_channel(store):
    answer = copilot_answer(organization=store, user=None,
                            question="쿠팡 평균 판매가")
    revenue, units, _unpriced = _sold(store, channel__kind="coupang")
    assert answer.values == [round(revenue / units), revenue, units]


def test_one_line_per_channel_when_asked_by_channel(store):
    answer = copilot_answer(organization=store, user=None,
                            question="average selling price by channel")
    expected = {}
    for kind in ("coupang", "own_mall"):
        revenue, units, _unpriced = _sold(store, channel__kind=kind)
        expected[kind] = [round(revenue / units), units, revenue]
    rows = {row[0]: row[1:] for row in answer.table.rows}
    assert rows == {"쿠팡": expected["coupang"], "자사몰": expected["own_mall"]}


def test_a_product_average_without_amounts_is_its_list_price_and_says_so(store):
    answer = copilot_answer(organization=store, user=None,
                            question="PR-2 average selling price")
    # The returned pair does not count; every unit is at the list price.
    assert answer.values == [7500, 22500, 3]
    assert "estimated from list prices" in answer.answer


def test_the_average_uses_the_amounts_customers_paid(store):
    coupang = Channel.objects.get(organization=store, kind="coupang")
    dear = Product.objects.get(organization=store, sku="PR-2")
    day = TODAY - dt.timedelta(days=2)
    # 4 units sold on a promotion: 24,000 paid (6,000 each) instead of 30,000.
    movement_record(organization=store, user=None, product=dear, kind=OUT,
                    quantity=4, business_date=day, channel=coupang,
                    external_ref="A-9", amount=24000)
    answer = copilot_answer(organization=store, user=None,
                            question="PR-2 average selling price")
    # 3 units at the list price (no amount recorded) + 4 units paid 24,000.
    assert answer.values == [round(46500 / 7), 46500, 7]
    assert "estimated from list prices: 3 units" in answer.answer


def test_revenue_answers_use_amounts_paid_and_say_what_is_estimated(store):
    coupang = Channel.objects.get(organization=store, kind="coupang")
    dear = Product.objects.get(organization=store, sku="PR-2")
    answer = copilot_answer(organization=store, user=None, question="PR-2 매출")
    assert answer.values[:2] == [3, 22500]
    assert "list prices" in answer.answer or "정가" in answer.answer
    movement_record(organization=store, user=None, product=dear, kind=OUT,
                    quantity=4, business_date=TODAY - dt.timedelta(days=1),
                    channel=coupang, external_ref="A-10", amount=24000)
    answer = copilot_answer(organization=store, user=None, question="PR-2 매출")
    assert answer.values[:2] == [7, 22500 + 24000]
    assert ("3 units (of 7 sold) have no recorded amount paid" in answer.answer
            or "판매 7개 중 3개는 결제 금액 기록이 없어" in answer.answer)
