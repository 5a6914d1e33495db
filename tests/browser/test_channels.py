"""Channel connections in a real browser: connect a (fake) Coupang account with
the form, test it, sync its shipped orders into the ledger, see the run and the
pick list; the pages hold at phone width. Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from channel_sync.fakes.coupang import FakeCoupang
from channel_sync.fakes.scenario import coupang_sheet
from channel_sync.models import ChannelAccount
from inventory.models import Product, StockMovement
from inventory.services.stock import movement_record
from tests.factories import MembershipFactory, OrganizationFactory, ProductFactory

from .pages import DESKTOP, PHONE, assert_fits_phone, click, log_in, shots

TODAY = timezone.localdate()


@pytest.fixture
def fake_coupang():
    fake = FakeCoupang(vendor_id="A00012345", access_key="ak-test",
                       secret_key="sk-test")
    fake.start()
    yield fake
    fake.stop()


def test_connect_sync_and_pick_list(browser_page, fake_coupang):
    page = browser_page
    organization = OrganizationFactory(name="채널 상점")
    manager = MembershipFactory(organization=organization, role=Role.MANAGER).user
    tee = ProductFactory(organization=organization, sku="SS-TEE-BK-M",
                         name="검정 티셔츠 M")
    movement_record(organization=organization, user=None, product=tee,
                    kind=StockMovement.Kind.INBOUND, quantity=100,
                    business_date=TODAY - dt.timedelta(days=30))
    log_in(page, manager.email)

    # Connect with the form (the fake's address in the optional API field).
    page.goto(reverse("channel_sync:account_list"))
    form = page.locator("form:has(button:has-text('연결'))").last
    form.locator("select[name=kind]").select_option("coupang")
    form.locator("input[name=name]").fill("쿠팡 본점")
    form.locator("input[name=account_id]").fill("A00012345")
    form.locator("input[name=key]").fill("ak-test")
    form.locator("input[name=secret]").fill("sk-test")
    form.locator("input[name=base_url]").fill(fake_coupang.base_url)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    account = ChannelAccount.objects.get(organization=organization)
    row = page.locator(f"[data-testid=account-{account.pk}]")
    assert "쿠팡 본점" in row.inner_text()
    assert "sk-test" not in page.content() and "ak-test" not in page.content()

    # Test the connection: the fake checks the signature like the real API.
    click(page, f"[data-testid=account-{account.pk}] button:has-text('연결 테스트')")
    assert "연결이 정상입니다." in page.locator("[role=alert]").first.inner_text()

    # At Coupang: a shipped line (leaves stock) and a paid one (to pack).
    fake_coupang.sheets += [
        coupang_sheet(box=1, order_id=11, status="FINAL_DELIVERY", day=TODAY,
                      items=[(101, "SS-TEE-BK-M", 2, 0)]),
        coupang_sheet(box=2, order_id=12, status="ACCEPT", day=TODAY,
                      items=[(101, "SS-TEE-BK-M", 5, 0)]),
    ]
    sync_now = f"[data-testid=account-{account.pk}] button:has-text('지금 동기화')"
    click(page, sync_now)  # the sync's run list, with what it did
    assert "2개 라인 읽음" in page.locator("[role=alert]").first.inner_text()
    tee.refresh_from_db()
    assert tee.on_hand == 98
    page.goto(reverse("channel_sync:account_list"))
    shots(page, "channel-accounts")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    click(page, sync_now)
    assert "동기화 완료" in page.locator("[role=alert]").first.inner_text()
    # The line read again is not counted again.
    assert Product.objects.get(pk=tee.pk).on_hand == 98
    assert StockMovement.objects.filter(
        product=tee, source=StockMovement.Source.CHANNEL_SYNC).count() == 1
    assert page.locator("table tbody tr").count() == 2

    # The pick list (what to pack).
    page.goto(reverse("channel_sync:pick_list") + f"?date={TODAY.isoformat()}")
    row = page.locator("tr:has-text('SS-TEE-BK-M')")
    assert row.count() == 1 and "5" in row.inner_text()
    shots(page, "pick-list")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
