"""A set's component quantity is a whole number 1…1,000 on every path, and a
set movement whose component units pass the ledger's cap is refused, not a 500."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from inventory.models import Product, SetComponent, StockMovement
from inventory.services.catalog import set_component_add
from inventory.services.stock import MovementEntry, StockError, movements_record
from inventory.services.stock.bulk import BulkLedger
from tests.factories import ProductFactory, SetComponentFactory

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def kit(organization):
    return ProductFactory(organization=organization, sku="KIT-1",
                          kind=Product.Kind.SET)


@pytest.fixture
def part(organization):
    return ProductFactory(organization=organization, sku="PART-1")


@pytest.mark.parametrize("quantity", [0, 1001, 2**31])
def test_the_service_refuses_a_quantity_outside_1_to_1000(organization, kit, part,
                                                          quantity):
    with pytest.raises(ValidationError) as caught:
        set_component_add(organization=organization, set_product=kit,
                          component=part, quantity=quantity)
    assert "1,000" in caught.value.message_dict["quantity"][0]
    assert not SetComponent.objects.exists()


def test_the_service_accepts_1000(organization, kit, part):
    set_component_add(organization=organization, set_product=kit, component=part,
                      quantity=1000)
    assert SetComponent.objects.get().quantity == 1000


def test_the_form_names_the_quantity_field(organization, client_for, kit, part):
    client = client_for(organization, Role.MANAGER)
    response = client.post(reverse("inventory:set_component_add", args=[kit.pk]),
                           {"sku": "PART-1", "quantity": "5000"},
                           HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    [message] = response.context["component_form"].errors["quantity"]
    assert "1,000" in message and "세트" in message
    assert not SetComponent.objects.exists()


def _big_kit(organization):
    # A line stored before the limit existed: the ledger still refuses cleanly.
    return SetComponentFactory(set_product__organization=organization,
                               set_product__sku="BIG-KIT", quantity=5000)


def test_a_set_movement_past_the_ledger_cap_is_refused_naming_it(organization):
    line = _big_kit(organization)
    entry = MovementEntry(product=line.set_product, kind=StockMovement.Kind.INBOUND,
                          quantity=201, business_date=DAY)
    with pytest.raises(StockError) as caught:
        movements_record(organization=organization, user=None, entries=[entry])
    assert "BIG-KIT" in caught.value.messages[0]
    assert "1,005,000" in caught.value.messages[0]
    assert not StockMovement.objects.exists()
    ledger = BulkLedger(organization, None, StockMovement.Source.UPLOAD, "1")
    ledger.load([line.set_product.pk])
    with pytest.raises(StockError):
        ledger.apply(entry)
