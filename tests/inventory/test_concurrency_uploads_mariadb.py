"""Uploads applied at the same time, on MariaDB (SQLite serialises writers).

Four 500-row uploads on overlapping products, one refused by the ledger near
its end: that one writes nothing, the other three commit fully, and every
cache equals its ledger sum. The same file posted twice at once is applied once.
"""
from __future__ import annotations

import random
from collections import Counter

import pytest

from accounts.roles import Role
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from inventory.services.imports import UploadError, upload_create
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import MembershipFactory, ProductFactory
from tests.mariadb import MARIADB_ONLY, in_threads

from .upload_files import DAY, template_file, template_row

pytestmark = MARIADB_ONLY

S = UploadBatch.Status
START_STOCK = 10_000
ROWS = 500


@pytest.fixture
def setup(organization):
    user = MembershipFactory(organization=organization, role=Role.STAFF).user
    products = [ProductFactory(organization=organization, sku=f"P-{i:02d}")
                for i in range(12)]
    for product in products:
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=START_STOCK, business_date=DAY)
    return user, products


def _file(seed: int, skus: list[str], bad_row_at: int | None = None):
    """500 template rows; returns the file and each SKU's expected change."""
    rng = random.Random(seed)
    rows, delta = [], Counter()
    for index in range(ROWS):
        sku = rng.choice(skus)
        if bad_row_at is not None and index == bad_row_at:
            rows.append(template_row(sku, outbound=10 * START_STOCK))
            continue
        if rng.random() < 0.5:
            quantity = rng.randint(1, 9)
            rows.append(template_row(sku, inbound=quantity, note=f"{seed}-{index}"))
            delta[sku] += quantity
        else:
            quantity = rng.randint(1, 5)
            rows.append(template_row(sku, outbound=quantity, note=f"{seed}-{index}"))
            delta[sku] -= quantity
    return template_file(*rows), delta


def test_four_concurrent_uploads_one_bad_writes_nothing(organization, setup):
    user, products = setup
    skus = [p.sku for p in products]
    files = [_file(seed, skus[seed * 2: seed * 2 + 6],
                   bad_row_at=ROWS - 10 if seed == 2 else None)
             for seed in range(4)]
    batches = [
        upload_create(organization=organization, user=user, filename=f"f{i}.xlsx",
                      content=content)
        for i, (content, _delta) in enumerate(files)
    ]
    assert all(batch.result["ok"] for batch in batches)

    _, errors = in_threads(4, lambda i: upload_apply(
        organization=organization, batch=batches[i], user=user
    ))
    assert errors == []

    for batch in batches:
        batch.refresh_from_db()
    bad = batches[2]
    assert bad.status == S.FAILED
    assert bad.error_message.startswith(f"Row {ROWS - 10 + 2}:")  # header is row 1
    assert not StockMovement.objects.filter(source_ref=str(bad.pk)).exists()
    expected = Counter()
    for index, batch in enumerate(batches):
        if index == 2:
            continue
        assert batch.status == S.APPLIED
        assert StockMovement.objects.filter(source_ref=str(batch.pk)).count() == ROWS
        expected.update(files[index][1])
    for product in Product.objects.filter(organization=organization):
        assert product.on_hand == START_STOCK + expected[product.sku], product.sku
    assert stock_verify(organization=organization) == []


def test_same_file_posted_twice_at_once_is_applied_once(organization, setup):
    user, products = setup
    content, delta = _file(9, [p.sku for p in products])
    batches = [
        upload_create(organization=organization, user=user, filename="same.xlsx",
                      content=content)
        for _ in range(2)
    ]
    _, errors = in_threads(2, lambda i: upload_apply(
        organization=organization, batch=batches[i], user=user
    ))
    # A thread may be refused up front (the other already applied) or fail later.
    assert all(isinstance(error, UploadError) for error in errors)
    statuses = sorted(UploadBatch.objects.filter(
        pk__in=[b.pk for b in batches]).values_list("status", flat=True))
    assert statuses.count(S.APPLIED) == 1
    assert StockMovement.objects.filter(
        source=StockMovement.Source.UPLOAD).count() == ROWS
    for product in Product.objects.filter(organization=organization):
        assert product.on_hand == START_STOCK + delta[product.sku]
    assert stock_verify(organization=organization) == []


def test_same_batch_confirmed_twice_at_once_is_applied_once(organization, setup):
    user, products = setup
    content, delta = _file(11, [p.sku for p in products])
    batch = upload_create(organization=organization, user=user, filename="one.xlsx",
                          content=content)
    _, errors = in_threads(2, lambda _i: upload_apply(
        organization=organization, batch=batch, user=user
    ))
    assert len(errors) == 1 and isinstance(errors[0], UploadError)
    assert StockMovement.objects.filter(source_ref=str(batch.pk)).count() == ROWS
    for product in Product.objects.filter(organization=organization):
        assert product.on_hand == START_STOCK + delta[product.sku]
