"""A new seller's first channel export: the format names the channel, so
applying it registers that channel (once) instead of recording no channel."""
from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from inventory.models import Channel, Product, StockMovement
from inventory.services.import_apply import upload_apply
from inventory.services.imports import upload_create
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, MembershipFactory, ProductFactory

from .upload_files import DAY, csv_bytes, template_file, template_row

HEADER = ["묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
          "구매수(수량)", "발주서상태"]


def _coupang(*boxes: str) -> bytes:
    return csv_bytes([HEADER, *([box, f"O{box}", f"{DAY} 10:00:00", "옵션", f"V{box}",
                                 "TEE", 2, "ACCEPT"] for box in boxes)])


@pytest.fixture
def seller(organization):
    user = MembershipFactory(organization=organization, role=Role.MANAGER).user
    product = ProductFactory(organization=organization, sku="TEE")
    movement_record(organization=organization, user=None, product=product,
                    kind="inbound", quantity=100, business_date=DAY)
    return user


def test_a_coupang_export_registers_the_coupang_channel_once(
        organization, other_organization, seller, client_for):
    ChannelFactory(organization=other_organization, name="쿠팡", kind="coupang")
    batch = upload_create(organization=organization, user=seller,
                          filename="DeliveryList.csv", content=_coupang("B1", "B2"))
    assert batch.result["ok"] and batch.result["unknown_channels"] == []
    assert batch.result["new_channels"] == ["쿠팡"]
    page = client_for(organization).get(
        reverse("inventory:upload_preview", args=[batch.pk]),
        HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "쿠팡 채널이 새로 등록됩니다" in page and "채널 없이 기록됩니다" not in page
    assert not Channel.objects.filter(organization=organization).exists()

    # A second upload previewed before the first is applied: one channel still.
    second = upload_create(organization=organization, user=seller,
                           filename="DeliveryList2.csv", content=_coupang("B3"))
    upload_apply(organization=organization, batch=batch, user=seller)
    upload_apply(organization=organization, batch=second, user=seller)
    channel = Channel.objects.get(organization=organization)
    assert (channel.name, channel.kind) == ("쿠팡", Channel.Kind.COUPANG)
    sales = StockMovement.objects.filter(organization=organization,
                                         kind=StockMovement.Kind.OUTBOUND)
    assert sales.count() == 3 and {m.channel_id for m in sales} == {channel.pk}
    assert Product.objects.get(organization=organization, sku="TEE").on_hand == 94
    assert Channel.objects.filter(organization=other_organization).count() == 1


def test_a_free_text_channel_in_the_template_is_not_registered(
        organization, seller, client_for):
    content = template_file(template_row("TEE", outbound=1, channel="동네가게"))
    batch = upload_create(organization=organization, user=seller,
                          filename="stock.xlsx", content=content)
    assert batch.result["unknown_channels"] == ["동네가게"]
    assert batch.result["new_channels"] == []
    page = client_for(organization).get(
        reverse("inventory:upload_preview", args=[batch.pk]),
        HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "채널 없이 기록됩니다" in page and "동네가게" in page
    upload_apply(organization=organization, batch=batch, user=seller)
    assert not Channel.objects.filter(organization=organization).exists()
