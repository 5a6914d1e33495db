import datetime as dt

from accounts.roles import Role
from inventory.models import StockMovement
from tests.factories import ProductFactory


def test_manager_key_creates_product_and_records_movement(organization, api_for):
    api = api_for(organization, Role.MANAGER)
    created = api.post("/api/v1/products/", {"sku": "A-1", "name": "Pasta"},
                       format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    moved = api.post("/api/v1/movements/", {
        "product": pk, "kind": "inbound", "quantity": 5,
        "business_date": dt.date(2026, 11, 1).isoformat()}, format="json")
    assert moved.status_code == 201, moved.content
    assert api.get(f"/api/v1/products/{pk}/on-hand/").json()["on_hand"] == 5
    assert StockMovement.objects.filter(product_id=pk).count() == 1


def test_every_get_of_a_product_answers(organization, api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.MANAGER)
    for url in ["/api/v1/products/", f"/api/v1/products/{product.pk}/",
                "/api/v1/movements/", "/api/v1/stock/on-hand/",
                f"/api/v1/stock/levels/?product={product.pk}&date_from=2026-11-01&date_to=2026-11-03",
                "/api/v1/uploads/", "/api/v1/forecasts/", "/api/v1/forecast-runs/",
                "/api/v1/recommendations/", "/api/v1/purchase-orders/",
                "/api/v1/alerts/", "/api/v1/dashboard/", "/api/v1/dashboard/stock-status/",
                "/api/v1/policy/settings/", "/api/v1/suppliers/", "/api/v1/categories/",
                "/api/v1/channels/", "/api/v1/listings/",
                f"/api/v1/recommendations/{product.pk}/what-if/?service_level=0.98"]:
        response = api.get(url)
        assert response.status_code in (200, 404), (url, response.status_code, response.content[:500])


def test_api_product_without_a_safety_stock_is_automatic(organization, api_for):
    api = api_for(organization, Role.MANAGER)
    created = api.post("/api/v1/products/", {"sku": "A-1", "name": "Pasta"},
                       format="json").json()
    assert created["safety_stock_mode"] == "automatic"
    entered = api.post("/api/v1/products/", {"sku": "A-2", "name": "Pasta",
                                             "safety_stock": 9}, format="json").json()
    assert (entered["safety_stock_mode"], entered["safety_stock"]) == ("manual", 9)
    cleared = api.patch(f"/api/v1/products/{entered['id']}/",
                        {"safety_stock": None}, format="json").json()
    assert (cleared["safety_stock_mode"], cleared["safety_stock"]) == ("automatic", 9)
