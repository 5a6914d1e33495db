"""Fake channels on 127.0.0.1 and accounts pointed at them."""

import datetime as dt

import pytest

from channel_sync.connectors import http
from channel_sync.fakes.cafe24 import FakeCafe24
from channel_sync.fakes.coupang import FakeCoupang
from channel_sync.fakes.naver import FakeNaver
from channel_sync.models import ChannelAccount
from channel_sync.services.accounts import account_connect
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests.factories import ProductFactory, SetComponentFactory

NAVER_SECRET = "$2a$04$abcdefghijklmnopqrstuu"


@pytest.fixture(autouse=True)
def _no_real_sleep(monkeypatch):
    """Retries back off without waiting; the waits asked for are recorded."""
    waits = []
    monkeypatch.setattr(http, "_sleep", waits.append)
    return waits


@pytest.fixture
def waits(_no_real_sleep):
    return _no_real_sleep


@pytest.fixture
def fake_coupang():
    fake = FakeCoupang(vendor_id="A00012345", access_key="ak-test", secret_key="sk-test")
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_naver():
    fake = FakeNaver(client_id="cid-test", client_secret=NAVER_SECRET)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_cafe24():
    fake = FakeCafe24(mall_id="mymall", client_id="c24-client", client_secret="c24-secret")
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def coupang_account(organization, member_of, fake_coupang):
    return account_connect(
        organization=organization, user=member_of(organization), kind="coupang",
        name="Coupang main", base_url=fake_coupang.base_url,
        credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                     "secret_key": "sk-test"})


@pytest.fixture
def naver_account(organization, member_of, fake_naver):
    return account_connect(
        organization=organization, user=member_of(organization), kind="naver",
        name="SmartStore", base_url=fake_naver.base_url,
        credentials={"client_id": "cid-test", "client_secret": NAVER_SECRET})


@pytest.fixture
def cafe24_account(organization, member_of, fake_cafe24):
    """A Cafe24 account already through the OAuth code flow (tokens stored)."""
    from channel_sync.connectors.cafe24 import Cafe24Tokens
    from channel_sync.services.accounts import _store_tokens

    account = account_connect(
        organization=organization, user=member_of(organization), kind="cafe24",
        name="Own mall", base_url=fake_cafe24.base_url,
        credentials={"mall_id": "mymall", "client_id": "c24-client",
                     "client_secret": "c24-secret"})
    issued = fake_cafe24.issue()
    _store_tokens(account.pk, Cafe24Tokens(
        access_token=issued["access_token"], refresh_token=issued["refresh_token"],
        expires_at=issued["expires_at"]))
    ChannelAccount.objects.filter(pk=account.pk).update(status="active")
    account.refresh_from_db()
    return account


@pytest.fixture
def stocked(organization):
    """stocked(sku, qty=100) -> a product with that much stock."""

    def make(sku, quantity=100, **fields):
        product = ProductFactory(organization=organization, sku=sku, **fields)
        if quantity:
            movement_record(organization=organization, user=None, product=product,
                            kind=StockMovement.Kind.INBOUND, quantity=quantity,
                            business_date=dt.date.today() - dt.timedelta(days=30))
        return product

    return make


@pytest.fixture
def gift_set(organization, stocked):
    """SET-GIFT-A = 1 × SS-TEE-BK-M + 2 × SS-SOCK-3P."""
    tee, sock = stocked("SS-TEE-BK-M"), stocked("SS-SOCK-3P")
    gift = ProductFactory(organization=organization, sku="SET-GIFT-A", kind="set")
    SetComponentFactory(organization=organization, set_product=gift, component=tee,
                        quantity=1)
    SetComponentFactory(organization=organization, set_product=gift, component=sock,
                        quantity=2)
    return gift, tee, sock
