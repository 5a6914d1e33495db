"""Answers split by category or supplier, checked against the ledger and the
stored recommendations read directly with the ORM."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db.models import F, Sum

from copilot.services import copilot_answer
from inventory.models import Product, StockMovement
from policy.models import PurchaseOrderLine, Recommendation

pytestmark = pytest.mark.django_db

LAST_WEEK = ("2026-11-16", "2026-11-22")
WEEK_BEFORE = ("2026-11-09", "2026-11-15")


def _sold_by(world, field: str, period: tuple[str, str]) -> dict[str, tuple[int, int]]:
    rows = (StockMovement.objects
            .filter(organization=world.alpha, kind=StockMovement.Kind.OUTBOUND,
                    business_date__range=period)
            .values(f"product__{field}__name")
            .annotate(units=Sum("quantity"),
                      revenue=Sum(F("quantity") * F("product__selling_price"))))
    return {row[f"product__{field}__name"]: (-row["units"], -int(row["revenue"]))
            for row in rows}


@pytest.mark.parametrize(("question", "field"), [
    ("지난주 카테고리별 판매", "category"), ("sales by category last week", "category"),
    ("지난주 공급사별 매출", "supplier"), ("sales by supplier last week", "supplier")])
def test_sales_by_category_or_supplier_match_the_ledger(world, question, field):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question=question)
    now, before = _sold_by(world, field, LAST_WEEK), _sold_by(world, field, WEEK_BEFORE)
    assert answer.intent == "sales"
    rows = {row[0]: row[1:4] for row in answer.table.rows}
    assert rows == {name: [units, revenue, before.get(name, (0, 0))[0]]
                    for name, (units, revenue) in now.items()}
    assert sum(answer.values[0::4]) == sum(u for u, _r in now.values())
    for name in now:
        assert name in answer.answer


def test_the_korean_breakdown_answer_is_in_korean(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="카테고리별 판매")
    assert answer.language == "ko" and "카테고리별 판매" in answer.answer


def test_a_channel_narrows_the_breakdown(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="지난주 쿠팡 카테고리별 판매량")
    coupang = (StockMovement.objects
               .filter(organization=world.alpha, kind=StockMovement.Kind.OUTBOUND,
                       business_date__range=LAST_WEEK, channel__kind="coupang")
               .values("product__category__name").annotate(units=Sum("quantity")))
    assert {row[0]: row[1] for row in answer.table.rows} == {
        row["product__category__name"]: -row["units"] for row in coupang}


def test_order_amounts_by_supplier_match_the_recommendations(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="공급사별 발주 금액")
    expected: dict[str, list] = defaultdict(lambda: [0, 0, 0])
    # The order screen's quantities: a draft's units replace the advice
    # (approved orders are on order, inside the recommendation).
    unsent: dict[int, int] = defaultdict(int)
    for line in PurchaseOrderLine.objects.filter(
            organization=world.alpha, order__status="draft"):
        unsent[line.product_id] += line.quantity
    for rec in Recommendation.objects.filter(
            organization=world.alpha, recommended_quantity__gt=0).select_related(
            "product__supplier"):
        units = unsent.get(rec.product_id, rec.recommended_quantity)
        row = expected[rec.product.supplier.name]
        row[0] += 1
        row[1] += units
        row[2] += int(units * rec.product.unit_cost)
    assert expected, "the world has products to order"
    assert answer.intent == "order_quantity"
    assert {row[0]: row[1:] for row in answer.table.rows} == dict(expected)
    assert answer.values[-1] == sum(row[2] for row in expected.values())


def test_stock_by_category_matches_the_products(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="stock by category")
    expected: dict[str, list] = defaultdict(lambda: [0, 0, 0])
    for product in Product.objects.filter(organization=world.alpha,
                                          kind=Product.Kind.SINGLE, is_active=True):
        row = expected[product.category.name]
        row[0] += 1
        row[1] += product.on_hand
        row[2] += int(product.on_hand * product.unit_cost)
    assert {row[0]: row[1:] for row in answer.table.rows} == dict(expected)


def test_a_split_the_family_cannot_give_is_said(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="open alerts by supplier")
    assert answer.intent == "open_alerts"
    assert "Not broken down by supplier" in answer.answer


def test_best_sellers_of_a_period_without_sales_say_so(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="best sellers today")
    assert answer.intent == "top_sellers"
    assert answer.answer.startswith("No sales recorded")
    assert answer.products == [] and answer.values == []


def test_a_sku_typed_with_spaces_answers_for_that_sku(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="pasta 002 stock")
    assert answer.products == ["PASTA-002"]
    assert answer.values[0] == world.products["PASTA-002"].on_hand
