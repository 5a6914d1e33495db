"""A deactivated product still has stock: what physically happens to it (the
last units sold, a return, a count, a write-off, a late delivery) is recorded
on every path alike, and the web form says the product is inactive."""

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from api.services import api_key_create
from inventory.models import Product, StockMovement
from inventory.services.import_apply import upload_apply
from inventory.services.imports import upload_create
from tests.factories import ProductFactory

from .upload_files import template_file, template_row

K = StockMovement.Kind


def _inactive(organization, sku="OLD-1"):
    return ProductFactory(organization=organization, sku=sku, is_active=False)


def _post(kind=K.INBOUND, quantity="2", **extra):
    return {"kind": kind, "quantity": quantity,
            "business_date": timezone.localdate().isoformat(), **extra}


def test_the_movement_page_records_an_inactive_product_and_says_so(organization,
                                                                   client_for):
    product = _inactive(organization)
    client = client_for(organization, Role.STAFF)
    response = client.post(reverse("inventory:movement_create"),
                           _post(sku="old-1"), follow=True)
    assert response.redirect_chain, response.context["form"].errors
    texts = [str(message) for message in response.context["messages"]]
    assert any("OLD-1 is inactive" in text for text in texts), texts
    assert Product.objects.get(pk=product.pk).on_hand == 2


def test_the_product_page_records_an_inactive_product_too(organization, client_for):
    product = _inactive(organization)
    response = client_for(organization, Role.STAFF).post(
        reverse("inventory:product_movement_create", args=[product.pk]),
        _post(quantity="5"))
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).on_hand == 5


def test_the_api_and_the_upload_record_an_inactive_product(organization, member_of):
    product = _inactive(organization)
    api = APIClient()
    key = api_key_create(organization=organization, name="k", role=Role.STAFF,
                         created_by=None).secret
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.post("/api/v1/movements/", {
        "product": product.pk, "kind": "inbound", "quantity": 3,
        "business_date": timezone.localdate().isoformat()}, format="json")
    assert response.status_code == 201, response.content
    user = member_of(organization, Role.STAFF)
    batch = upload_create(organization=organization, user=user, filename="s.xlsx",
                          content=template_file(template_row(
                              "OLD-1", outbound=1, day=timezone.localdate())),
                          options={})
    assert batch.result["ok"], batch.result
    upload_apply(organization=organization, batch=batch, user=user)
    assert Product.objects.get(pk=product.pk).on_hand == 2
