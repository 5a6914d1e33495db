"""Throttling per key and per address on the shared cache: 429 with Retry-After."""

from django.core.cache import cache

from accounts.roles import Role


def test_key_over_its_rate_gets_429_with_retry_after(organization, api_for, settings):
    cache.clear()
    settings.API_THROTTLE_RATES = {"api_key": "3/min", "api_ip": "1000/min"}
    api = api_for(organization, Role.VIEWER)
    codes = [api.get("/api/v1/products/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api.get("/api/v1/products/")
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "throttled"
    other_key = api_for(organization, Role.VIEWER)  # its own budget
    assert other_key.get("/api/v1/products/").status_code == 200
    cache.clear()


def test_address_limit_also_stops_key_guessing(organization, settings):
    from rest_framework.test import APIClient

    cache.clear()
    settings.API_THROTTLE_RATES = {"api_key": "1000/min", "api_ip": "2/min"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer ss_00000000_guess")
    codes = [client.get("/api/v1/products/").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    cache.clear()
