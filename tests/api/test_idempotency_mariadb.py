"""Idempotency-Key under real concurrency: only MariaDB/MySQL locks for real."""


from rest_framework.test import APIClient

from accounts.roles import Role
from api.models import IdempotentRequest
from api.services import api_key_create
from inventory.models import StockMovement
from tests.factories import ProductFactory
from tests.mariadb import MARIADB_ONLY, run_in_threads

pytestmark = MARIADB_ONLY

THREADS = 8


def test_concurrent_requests_with_one_key_write_one_movement(organization):
    product = ProductFactory(organization=organization)
    secret = api_key_create(organization=organization, name="t", role=Role.STAFF,
                            created_by=None).secret
    body = {"product": product.pk, "kind": "inbound", "quantity": 7,
            "business_date": "2026-11-02"}

    def post(_index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        response = client.post("/api/v1/movements/", body, format="json",
                               HTTP_IDEMPOTENCY_KEY="same-order")
        return response.status_code, response.json()

    results = run_in_threads(THREADS, post)
    codes = sorted(code for code, _body in results)
    assert codes == [200] * (THREADS - 1) + [201]
    bodies = {str(body) for _code, body in results}
    assert len(bodies) == 1  # everyone got the first result
    assert StockMovement.objects.filter(product=product).count() == 1
    assert IdempotentRequest.objects.count() == 1
    product.refresh_from_db()
    assert product.on_hand == 7


def test_concurrent_requests_with_different_keys_all_write(organization):
    product = ProductFactory(organization=organization)
    secret = api_key_create(organization=organization, name="t", role=Role.STAFF,
                            created_by=None).secret

    def post(index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client.post("/api/v1/movements/", {
            "product": product.pk, "kind": "inbound", "quantity": 1,
            "business_date": "2026-11-02"}, format="json",
            HTTP_IDEMPOTENCY_KEY=f"order-{index}").status_code

    assert run_in_threads(THREADS, post) == [201] * THREADS
    product.refresh_from_db()
    assert product.on_hand == THREADS
