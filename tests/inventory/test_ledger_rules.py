"""Every path to the ledger refuses a day after today and more than 1,000,000
units with the same message, and writes nothing (inventory/services/stock/rules.py).

The web paths are here (movement page, product page); the API, receiving and
channel sync have theirs in tests/api, tests/policy and tests/channel_sync.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.import_preview import message_text
from inventory.services.imports import upload_create
from inventory.services.order_lines import OrderLine, order_lines_record
from inventory.services.stock import (
    MovementEntry,
    StockError,
    movement_record,
    movements_record,
)
from tests.factories import ChannelFactory, ProductFactory, SetComponentFactory

from .upload_files import template_file, template_row

K = StockMovement.Kind
TOO_MANY = (10**20, 2**40, 1_000_001)


def _today():
    return timezone.localdate()


def _tomorrow():
    return _today() + dt.timedelta(days=1)


def _record(organization, product, **changes):
    fields = {"kind": K.INBOUND, "quantity": 4, "business_date": _today(), **changes}
    return movement_record(organization=organization, user=None, product=product,
                           **fields)


def _nothing_written(*products):
    assert not StockMovement.objects.exists()
    for product in products:
        assert Product.objects.get(pk=product.pk).on_hand == 0


# -- the service ---------------------------------------------------------------------
@pytest.mark.parametrize("day", [None, dt.date(2999, 1, 1)])
def test_a_movement_dated_after_today_is_refused_by_the_service(organization, day):
    product = ProductFactory(organization=organization)
    day = day or _tomorrow()
    with pytest.raises(StockError) as refused:
        _record(organization, product, business_date=day)
    assert list(refused.value.message_dict) == ["business_date"]
    assert refused.value.messages == [
        f"{day.isoformat()} is after today ({_today().isoformat()}): nothing can "
        "have moved on that day yet. Check the date."]
    _nothing_written(product)


@pytest.mark.parametrize("quantity", TOO_MANY)
@pytest.mark.parametrize("kind", [K.INBOUND, K.OUTBOUND, K.ADJUSTMENT, K.STOCK_COUNT])
def test_a_quantity_beyond_the_upload_limit_is_refused_for_every_kind(
    organization, kind, quantity
):
    product = ProductFactory(organization=organization)
    for signed in {quantity, -quantity} if kind == K.ADJUSTMENT else {quantity}:
        with pytest.raises(StockError) as refused:
            _record(organization, product, kind=kind, quantity=signed)
        assert list(refused.value.message_dict) == ["quantity"]
        assert refused.value.messages == [
            f"{signed} is larger than the maximum of 1,000,000."]
    _nothing_written(product)


def test_one_refused_entry_refuses_the_whole_call(organization):
    product = ProductFactory(organization=organization)
    good = MovementEntry(product=product, kind=K.INBOUND, quantity=5,
                         business_date=_today())
    late = MovementEntry(product=product, kind=K.INBOUND, quantity=5,
                         business_date=_tomorrow())
    with pytest.raises(StockError):
        movements_record(organization=organization, user=None, entries=[good, late])
    _nothing_written(product)


def test_a_set_is_checked_as_the_quantity_asked_for(organization):
    """1,000,001 sets is refused before it becomes 2,000,002 component units."""
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    part = ProductFactory(organization=organization)
    SetComponentFactory(set_product=kit, component=part, quantity=2)
    with pytest.raises(StockError):
        _record(organization, kit, quantity=1_000_001)
    _nothing_written(part)


def test_today_and_the_limit_itself_still_pass(organization):
    product = ProductFactory(organization=organization)
    _record(organization, product, quantity=1_000_000)
    _record(organization, product, kind=K.ADJUSTMENT, quantity=-1_000_000)
    _record(organization, product, kind=K.STOCK_COUNT, quantity=1_000_000)
    assert Product.objects.get(pk=product.pk).on_hand == 1_000_000
    assert StockMovement.objects.count() == 3


def test_order_lines_meet_the_same_rule(organization):
    """Uploaded channel exports and channel sync write through order lines."""
    product = ProductFactory(organization=organization)
    channel = ChannelFactory(organization=organization)
    _record(organization, product, quantity=100)

    def line(key, **changes):
        fields = {"channel": channel, "key": key, "product": product, "quantity": 1,
                  "business_date": _today(), **changes}
        return OrderLine(**fields)

    for bad in (line("A", business_date=_tomorrow()), line("B", quantity=10**20)):
        with pytest.raises(StockError) as refused:
            order_lines_record(organization=organization, user=None, lines=[bad],
                               source=StockMovement.Source.UPLOAD)
        assert refused.value.line.key == bad.key
    assert StockMovement.objects.count() == 1
    order_lines_record(organization=organization, user=None, lines=[line("C")],
                       source=StockMovement.Source.UPLOAD)
    assert Product.objects.get(pk=product.pk).on_hand == 99


# -- the web forms -------------------------------------------------------------------
def _post(client, url, headers=None, **changes):
    data = {"kind": K.INBOUND, "quantity": "5",
            "business_date": _today().isoformat(), **changes}
    return client.post(url, data, **(headers or {}))


@pytest.mark.parametrize("page", ["movement_create", "product_movement_create"])
def test_the_web_forms_refuse_a_future_date_and_a_huge_quantity(
    organization, client_for, page
):
    product = ProductFactory(organization=organization, sku="WEB-1")
    client = client_for(organization, Role.STAFF)
    url = reverse(f"inventory:{page}",
                  args=[product.pk] if page == "product_movement_create" else [])
    form_name = "form" if page == "movement_create" else "movement_form"
    for changes, field in (
        ({"business_date": _tomorrow().isoformat()}, "business_date"),
        ({"business_date": "2999-01-01"}, "business_date"),
        ({"quantity": str(10**20)}, "quantity"),
        ({"quantity": "1000001"}, "quantity"),
        ({"kind": K.ADJUSTMENT, "quantity": str(-(10**20))}, "quantity"),
    ):
        response = _post(client, url, sku="WEB-1", **changes)
        assert response.status_code == 200, changes
        assert field in response.context[form_name].errors, changes
    _nothing_written(product)
    assert _post(client, url, sku="WEB-1", quantity="1000000").status_code == 302
    assert Product.objects.get(pk=product.pk).on_hand == 1_000_000


def test_the_form_and_the_upload_say_it_in_the_same_korean(organization, client_for,
                                                            member_of):
    product = ProductFactory(organization=organization, sku="KO-1")
    client = client_for(organization, Role.STAFF)
    url = reverse("inventory:product_movement_create", args=[product.pk])
    day = _tomorrow()  # (the upload refuses 2999 as outside its years first)
    korean = {"HTTP_ACCEPT_LANGUAGE": "ko"}
    form = _post(client, url, korean,
                 business_date=day.isoformat()).context["movement_form"]
    too_many = _post(client, url, korean, quantity="1000001").context["movement_form"]

    batch = upload_create(
        organization=organization, user=member_of(organization, Role.STAFF),
        filename="stock.xlsx", content=template_file(
            template_row("KO-1", inbound=1, day=day),
            template_row("KO-1", inbound=1_000_001, day=_today())),
        options={})
    assert batch.status == UploadBatch.Status.READY and not batch.result["ok"]
    with translation.override("ko"):
        upload_texts = {message_text(problem) for problem in batch.result["problems"]}
    assert form.errors["business_date"][0] in upload_texts
    assert too_many.errors["quantity"][0] in upload_texts
    assert "최대값" in too_many.errors["quantity"][0]
    _nothing_written(product)


def test_a_day_before_2000_is_refused_by_the_service_and_the_form(organization,
                                                                  client_for):
    """The upload reads no year before 2000; the service and the web form refuse
    such a day too (the API: tests/api/test_movement_validation.py)."""
    product = ProductFactory(organization=organization, sku="OLD-1")
    with pytest.raises(StockError) as refused:
        _record(organization, product, business_date=dt.date(1999, 12, 31))
    assert list(refused.value.message_dict) == ["business_date"]
    with translation.override("ko"):
        assert "2000-01-01" in refused.value.messages[0]
    client = client_for(organization, Role.STAFF)
    url = reverse("inventory:product_movement_create", args=[product.pk])
    form = _post(client, url, {"HTTP_ACCEPT_LANGUAGE": "ko"},
                 business_date="1900-01-01").context["movement_form"]
    assert "1900-01-01" in form.errors["business_date"][0]
    _nothing_written(product)
    _record(organization, product, business_date=dt.date(2000, 1, 1))
    assert Product.objects.get(pk=product.pk).on_hand == 4
