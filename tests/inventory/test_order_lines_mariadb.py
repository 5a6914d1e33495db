"""Order lines recorded at the same moment on MariaDB: every line counted once."""
from __future__ import annotations

import datetime as dt

from inventory.models import ExternalReference, Product, StockMovement
from inventory.services.integrity import stock_verify
from inventory.services.order_lines import OrderLine, order_lines_record
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, ProductFactory
from tests.mariadb import MARIADB_ONLY, errors_together

pytestmark = MARIADB_ONLY
DAY = dt.date(2026, 11, 20)


def test_overlapping_callers_count_every_line_once(organization):
    channel = ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    products = [ProductFactory(organization=organization, sku=f"P{i}") for i in range(6)]
    for product in products:
        movement_record(organization=organization, user=None, product=product,
                        kind="inbound", quantity=1000, business_date=DAY)

    def lines(keys):
        return [OrderLine(channel=channel, key=f"BOX{k}:V{k}",
                          product=products[k % 6], quantity=1 + k % 3,
                          business_date=DAY) for k in keys]

    first, second = lines(range(0, 300)), lines(range(120, 420))
    # Reverse order in the second caller: locks are still taken in key order.
    errors = errors_together([
        lambda: order_lines_record(organization=organization, user=None,
                                   lines=first, source="channel_sync", source_ref="a"),
        lambda: order_lines_record(organization=organization, user=None,
                                   lines=list(reversed(second)), source="upload",
                                   source_ref="b"),
    ])
    assert errors == []
    expected = {p.pk: 1000 for p in products}
    for k in range(420):
        expected[products[k % 6].pk] -= 1 + k % 3
    for product in Product.objects.filter(organization=organization):
        assert product.on_hand == expected[product.pk]
    assert ExternalReference.objects.filter(organization=organization).count() == 420
    assert StockMovement.objects.filter(external_ref__isnull=False).count() == 420
    assert stock_verify(organization=organization) == []
