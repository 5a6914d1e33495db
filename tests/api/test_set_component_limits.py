"""The API keeps a set's component quantity to 1…1,000 and refuses a set
movement past the ledger's cap with a 400, never a 500."""

import datetime as dt

from accounts.roles import Role
from inventory.models import Product, SetComponent, StockMovement
from tests.factories import ProductFactory, SetComponentFactory

DAY = dt.date(2026, 11, 2)


def _big_kit(organization):
    return SetComponentFactory(set_product__organization=organization,
                               set_product__sku="BIG-KIT", quantity=5000)


def test_the_api_names_the_quantity_field(organization, api_for):
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    part = ProductFactory(organization=organization)
    response = api_for(organization, Role.MANAGER).post(
        f"/api/v1/products/{kit.pk}/components/",
        {"component": part.pk, "quantity": 1001}, format="json")
    assert response.status_code == 400, response.content
    assert "1,000" in response.json()["error"]["fields"]["quantity"][0]
    assert not SetComponent.objects.exists()


def test_a_set_movement_past_the_cap_is_a_400_in_the_api(organization, api_for):
    line = _big_kit(organization)
    response = api_for(organization, Role.STAFF).post("/api/v1/movements/", {
        "product": line.set_product.pk, "kind": "inbound", "quantity": 1_000_000,
        "business_date": DAY.isoformat()}, format="json")
    assert response.status_code == 400, response.content
    assert not StockMovement.objects.exists()
