"""The stock ledger under real concurrency, and MariaDB column behaviour.

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so these tests
only mean something on MariaDB/MySQL: they run in `make test-mariadb`.
"""
from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import DataError, IntegrityError, transaction

from inventory.models import ExternalReference, Lot, Product, StockMovement
from inventory.services.integrity import stock_verify
from inventory.services.stock import (
    InsufficientStock,
    MovementEntry,
    StockError,
    movement_record,
    movements_record,
)
from tests.factories import ProductFactory, SetComponentFactory
from tests.mariadb import MARIADB_ONLY, run_in_threads

pytestmark = MARIADB_ONLY

DAY = dt.date(2026, 11, 27)
K = StockMovement.Kind
THREADS = 8
CALLS_PER_THREAD = 250
START_STOCK = 40


@dataclass
class Tally:
    """What one worker thread did; merged by the test afterwards."""

    succeeded: int = 0
    refused: int = 0
    rows: int = 0
    delta: Counter = field(default_factory=Counter)
    errors: list[BaseException] = field(default_factory=list)


def _random_call(rng: random.Random, organization, products, kit) -> list[StockMovement]:
    """One random service call, outbound-heavy so refusals really happen."""
    roll = rng.random()
    product = rng.choice(products)
    quantity = rng.randint(1, 8)
    record = {"organization": organization, "user": None, "business_date": DAY}
    if roll < 0.30:
        return movement_record(**record, product=product, kind=K.INBOUND, quantity=quantity)
    if roll < 0.70:
        return movement_record(**record, product=product, kind=K.OUTBOUND, quantity=quantity)
    if roll < 0.82:
        change = rng.choice([-1, 1]) * rng.randint(1, 4)
        return movement_record(**record, product=product, kind=K.ADJUSTMENT, quantity=change)
    if roll < 0.92:
        # A kit takes from two components: two rows locked in one transaction.
        return movement_record(**record, product=kit, kind=K.OUTBOUND, quantity=1)
    # A batch touching two products given in random order (lock order matters).
    first, second = rng.sample(products, 2)
    return movements_record(
        organization=organization, user=None,
        entries=[
            MovementEntry(product=first, kind=K.OUTBOUND, quantity=quantity,
                          business_date=DAY),
            MovementEntry(product=second, kind=K.INBOUND, quantity=quantity,
                          business_date=DAY),
        ],
    )


def test_parallel_movements_lose_and_duplicate_nothing(organization) -> None:
    products = [ProductFactory(organization=organization) for _ in range(5)]
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    SetComponentFactory(set_product=kit, component=products[0], quantity=1)
    SetComponentFactory(set_product=kit, component=products[1], quantity=2)
    for product in products:
        movement_record(
            organization=organization, user=None, product=product,
            kind=K.INBOUND, quantity=START_STOCK, business_date=DAY,
        )
    tallies = [Tally() for _ in range(THREADS)]

    def work(index: int) -> None:
        rng = random.Random(1000 + index)
        tally = tallies[index]
        for _ in range(CALLS_PER_THREAD):
            try:
                rows = _random_call(rng, organization, products, kit)
            except InsufficientStock:
                tally.refused += 1
                continue
            tally.succeeded += 1
            tally.rows += len(rows)
            for row in rows:
                tally.delta[row.product_id] += row.quantity

    run_in_threads(THREADS, work)

    succeeded = sum(t.succeeded for t in tallies)
    refused = sum(t.refused for t in tallies)
    assert succeeded + refused == THREADS * CALLS_PER_THREAD
    assert refused > 0, "the outbound guard was never exercised"
    assert stock_verify(organization=organization) == []
    assert StockMovement.objects.filter(organization=organization).count() == (
        len(products) + sum(t.rows for t in tallies)
    )
    expected = Counter({p.pk: START_STOCK for p in products})
    for tally in tallies:
        expected.update(tally.delta)
    on_hand = dict(Product.objects.filter(pk__in=expected).values_list("pk", "on_hand"))
    assert on_hand == dict(expected)
    assert min(on_hand.values()) >= 0
    assert not Lot.objects.filter(organization=organization, on_hand__lt=0).exists()


@pytest.mark.parametrize("kind", [K.INBOUND, K.OUTBOUND])
def test_same_external_ref_from_four_threads_is_applied_once(organization, kind) -> None:
    product = ProductFactory(organization=organization)
    movement_record(
        organization=organization, user=None, product=product,
        kind=K.INBOUND, quantity=100, business_date=DAY,
    )
    rounds = 5
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        for round_number in range(rounds):
            try:
                movement_record(
                    organization=organization, user=None, product=product, kind=kind,
                    quantity=3, business_date=DAY, external_ref=f"ORDER-{round_number}",
                )
                outcome = f"applied {round_number}"
            except (StockError, IntegrityError):
                outcome = f"refused {round_number}"
            with lock:
                outcomes.append(outcome)

    run_in_threads(4, work)

    counts = Counter(outcomes)
    for round_number in range(rounds):
        assert counts[f"applied {round_number}"] == 1
        assert counts[f"refused {round_number}"] == 3
    assert ExternalReference.objects.filter(organization=organization).count() == rounds
    assert product.movements.exclude(external_ref=None).count() == rounds
    sign = 1 if kind == K.INBOUND else -1
    assert Product.objects.get(pk=product.pk).on_hand == 100 + sign * 3 * rounds
    assert stock_verify(organization=organization) == []


def test_sku_differing_only_in_case_is_refused(organization) -> None:
    lower = ProductFactory(organization=organization, sku="ab-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(organization=organization, sku="AB-1")
    found = Product.objects.filter(organization=organization, sku="AB-1")
    assert list(found.values_list("pk", flat=True)) == [lower.pk]


def test_same_sku_twice_is_still_refused(organization) -> None:
    ProductFactory(organization=organization, sku="ab-1")
    with pytest.raises(IntegrityError):
        ProductFactory(organization=organization, sku="ab-1")


def test_long_korean_name_with_emoji_round_trips_unchanged(organization) -> None:
    # 4-byte characters (the emoji) need utf8mb4, not MySQL's 3-byte "utf8".
    name = ("🍝" + "국산 유기농 듀럼밀 파스타 500g 세트" * 10)[:200]
    assert len(name) == 200
    product = ProductFactory(organization=organization, name=name)
    assert Product.objects.get(pk=product.pk).name == name


def test_too_long_name_is_refused_not_truncated(organization) -> None:
    # Strict mode: without it MariaDB would keep the first 200 characters.
    with pytest.raises(DataError):
        Product.objects.create(organization=organization, sku="LONG-1", name="가" * 201)
    assert not Product.objects.filter(organization=organization, sku="LONG-1").exists()
