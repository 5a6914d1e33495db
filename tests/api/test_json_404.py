"""Every API answer has the JSON error shape: a path no endpoint matches (a
non-numeric id, a typo) is the API's JSON 404, not Django's HTML page."""

import pytest

from accounts.roles import Role


@pytest.mark.parametrize("path", [
    "/api/v1/products/abc/", "/api/v1/products/1.5/", "/api/v1/products/abc/on-hand/",
    "/api/v1/movements/x/", "/api/v1/purchase-orders/abc/", "/api/v1/no-such-thing/",
])
def test_a_path_that_matches_nothing_is_a_json_404(organization, api_for, path):
    response = api_for(organization, Role.VIEWER).get(path,
                                                      HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found",
                                         "message": "찾을 수 없습니다.", "fields": {}}}


def test_the_json_404_is_a_missing_ids_and_the_slash_redirect_stays(
    organization, api_for
):
    api = api_for(organization, Role.MANAGER)
    missing = api.get("/api/v1/products/999999/")
    assert api.get("/api/v1/products/abc/").json() == missing.json()
    assert api.delete("/api/v1/products/abc/").status_code == 404
    assert api.get("/api/v1/products").status_code == 301  # Django's slash redirect
