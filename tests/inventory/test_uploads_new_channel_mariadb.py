"""Two first channel exports applied at the same moment, on MariaDB (SQLite
serialises writers): the channel their format names is registered once and
both uploads' sales carry it."""
from __future__ import annotations

from accounts.roles import Role
from inventory.models import Channel, StockMovement, UploadBatch
from inventory.services.import_apply import upload_apply
from inventory.services.imports import upload_create
from inventory.services.stock import movement_record
from tests.factories import MembershipFactory, ProductFactory
from tests.mariadb import MARIADB_ONLY, in_threads

from .test_uploads_new_channel import _coupang
from .upload_files import DAY

pytestmark = MARIADB_ONLY


def test_two_coupang_exports_applied_at_once_register_one_channel(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    product = ProductFactory(organization=organization, sku="TEE")
    movement_record(organization=organization, user=None, product=product,
                    kind="inbound", quantity=100, business_date=DAY)
    files = [_coupang("B1", "B2"), _coupang("B3", "B4", "B5")]
    batches = [
        upload_create(organization=organization, user=user,
                      filename=f"DeliveryList{i}.csv", content=content)
        for i, content in enumerate(files)
    ]
    assert all(batch.result["new_channels"] == ["쿠팡"] for batch in batches)

    _, errors = in_threads(2, lambda i: upload_apply(
        organization=organization, batch=batches[i], user=user))

    assert errors == []
    channel = Channel.objects.get(organization=organization)
    assert channel.kind == Channel.Kind.COUPANG
    assert all(UploadBatch.objects.get(pk=b.pk).status == UploadBatch.Status.APPLIED
               for b in batches)
    sales = StockMovement.objects.filter(organization=organization,
                                         kind=StockMovement.Kind.OUTBOUND)
    assert sales.count() == 5
    assert set(sales.values_list("channel_id", flat=True)) == {channel.pk}
    product.refresh_from_db()
    assert product.on_hand == 100 - 5 * 2
