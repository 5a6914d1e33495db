"""After any sequence of operations, every cache equals its ledger sum."""
import datetime as dt
import random

import pytest

from inventory.models import Lot, Product, StockMovement
from inventory.selectors import daily_stock_levels
from inventory.services.integrity import stock_verify
from inventory.services.stock import StockError, movement_record, movement_reverse
from tests.factories import ProductFactory, SetComponentFactory

K = StockMovement.Kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_operations_keep_caches_equal_to_ledger(organization, seed):
    rng = random.Random(seed)
    singles = [ProductFactory(organization=organization) for _ in range(4)]
    kit = SetComponentFactory(
        set_product__organization=organization, component=singles[0], quantity=2
    ).set_product
    products = [*singles, kit]
    refused = applied = 0
    for step in range(300):
        product = rng.choice(products)
        kind = rng.choice([K.INBOUND, K.INBOUND, K.OUTBOUND, K.OUTBOUND, K.ADJUSTMENT,
                           K.STOCK_COUNT])
        quantity = rng.randint(1, 9)
        if kind == K.ADJUSTMENT:
            quantity *= rng.choice([-1, 1])
        lot_code = rng.choice(["", "", f"L{rng.randint(1, 3)}"])
        expiry = dt.date(2099, 1, 1) + dt.timedelta(days=int(lot_code[1:]) * 30) if lot_code else None
        try:
            movement_record(
                organization=organization, user=None, product=product, kind=kind,
                quantity=quantity, business_date=dt.date(2026, 1, 1) + dt.timedelta(days=step // 10),
                lot_code=lot_code if kind == K.INBOUND else "", expiry_date=expiry,
            )
            applied += 1
        except StockError:
            refused += 1
        if step % 25 == 24:
            last = StockMovement.objects.filter(
                organization=organization, reversed_by__isnull=True
            ).exclude(kind=K.REVERSAL).order_by("?").first()
            try:
                movement_reverse(organization=organization, user=None, movement=last)
            except StockError:
                refused += 1
    assert applied > 100 and refused > 0
    assert stock_verify(organization=organization) == []
    assert not Product.objects.filter(on_hand__lt=0).exists()
    assert not Lot.objects.filter(on_hand__lt=0).exists()


def test_daily_stock_levels_reads_every_day_in_one_query(
    organization, django_assert_num_queries
):
    a = ProductFactory(organization=organization)
    b = ProductFactory(organization=organization)
    day = dt.date(2026, 3, 1)
    for offset, product, kind, qty in [
        (0, a, K.INBOUND, 10), (2, a, K.OUTBOUND, 4), (2, a, K.OUTBOUND, 6),
        (5, a, K.INBOUND, 3), (1, b, K.INBOUND, 7),
    ]:
        movement_record(organization=organization, user=None, product=product, kind=kind,
                        quantity=qty, business_date=day + dt.timedelta(days=offset))
    with django_assert_num_queries(1):
        levels = daily_stock_levels(
            organization=organization, product_ids=[a.pk, b.pk],
            date_from=day + dt.timedelta(days=1), date_to=day + dt.timedelta(days=6),
        )
    assert [level for _, level in levels[a.pk]] == [10, 0, 0, 0, 3, 3]
    assert [level for _, level in levels[b.pk]] == [7, 7, 7, 7, 7, 7]
    assert levels[a.pk][0][0] == day + dt.timedelta(days=1)
