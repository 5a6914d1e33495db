"""POST /movements/ with an Idempotency-Key: the first result, nothing new."""

import datetime as dt

from django.utils import timezone

from accounts.roles import Role
from api.models import IdempotentRequest
from inventory.models import StockMovement
from tests.factories import ProductFactory


def _body(product, quantity=4):
    return {"product": product.pk, "kind": "inbound", "quantity": quantity,
            "business_date": "2026-11-02"}


def test_same_key_twice_returns_the_first_result_and_writes_once(organization,
                                                                 api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    first = api.post("/api/v1/movements/", _body(product), format="json",
                     HTTP_IDEMPOTENCY_KEY="order-1")
    second = api.post("/api/v1/movements/", _body(product), format="json",
                      HTTP_IDEMPOTENCY_KEY="order-1")
    assert first.status_code == 201 and second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"
    assert first.json() == second.json()
    assert StockMovement.objects.filter(product=product).count() == 1
    product.refresh_from_db()
    assert product.on_hand == 4


def test_same_key_with_another_body_is_refused(organization, api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    api.post("/api/v1/movements/", _body(product), format="json",
             HTTP_IDEMPOTENCY_KEY="k")
    other = api.post("/api/v1/movements/", _body(product, 9), format="json",
                     HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 400
    assert "Idempotency-Key" in other.json()["error"]["message"]
    assert StockMovement.objects.filter(product=product).count() == 1


def test_keys_are_per_organization_and_expire_after_24_hours(
        organization, other_organization, api_for):
    mine = ProductFactory(organization=organization)
    theirs = ProductFactory(organization=other_organization)
    api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(mine), format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = api_for(other_organization, Role.STAFF).post(
        "/api/v1/movements/", _body(theirs), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 201

    IdempotentRequest.objects.filter(organization=organization).update(
        created_at=timezone.now() - dt.timedelta(hours=25))
    later = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", _body(mine), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert later.status_code == 201
    assert StockMovement.objects.filter(product=mine).count() == 2


def test_a_refused_movement_keeps_nothing_so_the_key_can_be_retried(
        organization, api_for):
    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    body = {**_body(product), "kind": "outbound"}
    refused = api.post("/api/v1/movements/", body, format="json",
                       HTTP_IDEMPOTENCY_KEY="k2")
    assert refused.status_code == 400
    assert not IdempotentRequest.objects.exists()
    assert not StockMovement.objects.exists()


def test_purge_task_forgets_results_older_than_24_hours(organization, api_for):
    from api.tasks import idempotency_purge_task

    product = ProductFactory(organization=organization)
    api = api_for(organization, Role.STAFF)
    for key in ("old", "new"):
        api.post("/api/v1/movements/", _body(product), format="json",
                 HTTP_IDEMPOTENCY_KEY=key)
    IdempotentRequest.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(hours=25))
    assert idempotency_purge_task() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
