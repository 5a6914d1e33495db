"""The demo story on the pages: connect Coupang and SmartStore, sync, see the
movements, a return reverse; Cafe24 through its OAuth code flow."""

import http.client
import urllib.parse

import pytest
from django.urls import reverse

from accounts.roles import Role
from channel_sync import demo
from channel_sync.models import ChannelAccount, ChannelOrderLine
from inventory.models import StockMovement


@pytest.fixture
def demo_channels(organization, stocked):
    products = [stocked(f"DEMO-{i}", 500, selling_price=1900 + 1000 * i)
                for i in range(6)]
    channels = demo.DemoChannels({p.sku: int(p.selling_price) for p in products},
                                 seed=5)
    urls = channels.start(base_port=0)
    channels.seed_orders(30)
    yield channels, urls
    channels.stop()


def _connect(client, kind, name, account_id, key, secret, url):
    return client.post(reverse("channel_sync:account_list"), {
        "kind": kind, "name": name, "account_id": account_id, "key": key,
        "secret": secret, "base_url": url})


def test_seller_connects_syncs_and_sees_a_return_reverse(organization, client_for,
                                                         demo_channels):
    channels, urls = demo_channels
    client = client_for(organization, Role.MANAGER)
    _connect(client, "coupang", "Coupang", demo.COUPANG["vendor_id"],
             demo.COUPANG["access_key"], demo.COUPANG["secret_key"], urls["coupang"])
    _connect(client, "naver", "SmartStore", demo.NAVER["client_id"], "",
             demo.NAVER["client_secret"], urls["naver"])
    for account in ChannelAccount.objects.filter(organization=organization):
        response = client.post(reverse("channel_sync:account_sync", args=[account.pk]),
                               follow=True)
        assert "Sync finished" in response.content.decode()
    outbound = StockMovement.objects.filter(organization=organization,
                                            source="channel_sync", kind="outbound")
    assert outbound.exists()
    # The demo's orders are priced by the app (list price × units): what was
    # paid is recorded, so synced revenue is no estimate.
    assert all(row.amount == -row.quantity * row.product.selling_price
               for row in outbound.select_related("product"))
    naver = ChannelAccount.objects.get(kind="naver")
    shipped = ChannelOrderLine.objects.filter(account=naver, state="shipped").first()
    channels.naver.set_status(shipped.key, "RETURNED")
    client.post(reverse("channel_sync:account_sync", args=[naver.pk]))
    assert StockMovement.objects.filter(organization=organization, kind="reversal",
                                        source="channel_sync").exists()
    log = client.get(reverse("channel_sync:run_list", args=[naver.pk]))
    assert log.status_code == 200 and log.context["page"].object_list


def test_demo_orders_carry_the_price_they_were_made_with(demo_channels):
    channels, _urls = demo_channels
    items = [item for sheet in channels.coupang.sheets for item in sheet["orderItems"]]
    assert items and all(item["orderPrice"] == item["shippingCount"] * (
        1900 + 1000 * int(item["externalVendorSkuCode"][-1])) for item in items)
    lines = [order["productOrder"] for order in channels.naver.orders.values()]
    assert lines and all(line["totalPaymentAmount"] for line in lines)
    paid = [item["payment_amount"] for order in channels.cafe24.orders
            for item in order["items"]]
    assert paid and all(amount.endswith(".00") for amount in paid)


def test_cafe24_authorization_code_flow(organization, client_for, demo_channels):
    channels, urls = demo_channels
    client = client_for(organization, Role.MASTER)
    _connect(client, "cafe24", "Mall", demo.CAFE24["mall_id"], demo.CAFE24["client_id"],
             demo.CAFE24["client_secret"], urls["cafe24"])
    account = ChannelAccount.objects.get(kind="cafe24")
    assert account.status == "authorizing"
    start = client.post(reverse("channel_sync:cafe24_authorize", args=[account.pk]))
    assert start.status_code == 302 and start["Location"].startswith(urls["cafe24"])
    # The browser at Cafe24: the (fake) owner consents, Cafe24 redirects back.
    target = urllib.parse.urlsplit(start["Location"])
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
    connection.request("GET", f"{target.path}?{target.query}")
    back = connection.getresponse().getheader("Location")
    callback = urllib.parse.urlsplit(back)
    done = client.get(f"{callback.path}?{callback.query}", follow=True)
    assert "Cafe24 authorized" in done.content.decode()
    account.refresh_from_db()
    assert account.status == "active"
    # A forged callback (wrong state) is refused.
    forged = client.get(f"{callback.path}?code=x&state=forged", follow=True)
    assert "could not be verified" in forged.content.decode()
    response = client.post(reverse("channel_sync:account_sync", args=[account.pk]),
                           follow=True)
    assert "Sync finished" in response.content.decode()
