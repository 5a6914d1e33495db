"""Two overlapping channel exports confirmed at the same moment, on MariaDB."""
from __future__ import annotations

import datetime as dt

from accounts.roles import Role
from bench import channel_exports as ce
from inventory.models import ExternalReference, Product, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from inventory.services.imports import upload_create
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, MembershipFactory, ProductFactory
from tests.mariadb import MARIADB_ONLY, errors_together

pytestmark = MARIADB_ONLY
START = dt.datetime(2026, 11, 1, 9, 0)
CODES = ce.skus(12)


def test_overlapping_exports_confirmed_together_count_every_line_once(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    coupang = ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    for code in CODES:
        product = ProductFactory(organization=organization, sku=code)
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=5000, business_date=START.date())
    first = ce.coupang_rows(300, CODES, start=START)
    second = ce.coupang_rows(300, CODES, start=START, first=120)  # 60 % overlap
    batches = [
        upload_create(organization=organization, user=user, filename=f"d{i}.xlsx",
                      content=ce.coupang_xlsx(rows))
        for i, rows in enumerate((first, second))
    ]
    assert all(b.result["ok"] for b in batches)
    errors = errors_together([
        lambda b=batch: upload_apply(organization=organization, batch=b, user=user)
        for batch in batches
    ])
    assert errors == []
    statuses = set(UploadBatch.objects.values_list("status", flat=True))
    assert statuses == {UploadBatch.Status.APPLIED}
    every = ce.coupang_rows(420, CODES, start=START)
    taken = {code: 0 for code in CODES}
    for row in every:
        taken[row[16]] += row[22]
    for product in Product.objects.filter(organization=organization):
        assert 5000 - product.on_hand == taken[product.sku], product.sku
    assert ExternalReference.objects.filter(scope=str(coupang.pk)).count() == 420
    assert StockMovement.objects.filter(channel=coupang).count() == 420
    assert stock_verify(organization=organization) == []
