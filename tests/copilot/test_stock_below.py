"""Products out of stock now, or at or below a level on hand: the list of those
products, checked against the product rows (not the stock-out risk list)."""

from __future__ import annotations

import datetime as dt

import pytest

from copilot.services import copilot_answer
from inventory.models import Product, StockMovement
from inventory.services.stock import movement_record
from tests.factories import OrganizationFactory, ProductFactory, SetComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store():
    org = OrganizationFactory(name="Delta Store")
    for sku, name, units, active in (
            ("DX-1", "Rice Cake", 0, True), ("DX-2", "Seaweed Snack", 1, True),
            ("DX-3", "Green Tea", 3, True), ("DX-4", "Soy Milk", 10, True),
            ("DX-5", "Old Cookie", 0, False)):
        product = ProductFactory(organization=org, sku=sku, name=name,
                                 is_active=active)
        if units:
            movement_record(organization=org, user=None, product=product,
                            kind=StockMovement.Kind.INBOUND, quantity=units,
                            business_date=dt.date(2026, 11, 20))
    gift = ProductFactory(organization=org, sku="DX-SET", name="Gift Box",
                          kind=Product.Kind.SET)
    SetComponentFactory(set_product=gift, component=Product.objects.get(sku="DX-4"),
                        quantity=1)
    return org


def _expected(org, most):
    rows = Product.objects.filter(organization=org, is_active=True, kind="single",
                                  on_hand__lte=most).order_by("on_hand", "sku")
    return [p.sku for p in rows]


@pytest.mark.parametrize(("question", "most"), [
    ("품절된 상품 몇 개야", 0), ("out of stock products", 0),
    ("Which products are out of stock?", 0), ("재고 없는 상품", 0),
    ("재고 1개 남은 상품", 1), ("products with less than 5 in stock", 4),
    ("재고 3개 이하 상품", 3), ("재고 5개 미만인 상품", 4),
])
def test_products_at_or_below_a_level_are_listed(store, question, most):
    answer = copilot_answer(organization=store, user=None, question=question)
    skus = _expected(store, most)
    assert answer.intent == "stock_below"
    assert answer.products == skus
    assert answer.values[0] == len(skus)
    assert "DX-5" not in answer.answer and "DX-SET" not in answer.answer


def test_the_out_of_stock_answer_says_so_in_korean(store):
    answer = copilot_answer(organization=store, user=None,
                            question="품절된 상품 몇 개야")
    assert answer.answer.startswith("1개 상품이 지금 품절") and "DX-1" in answer.answer
