"""DRF writes "JSON parse error - …" and "CSRF Failed: …" in English without
gettext, so no catalogue translates them: api/errors.py says them itself."""

from accounts.roles import Role


def test_a_body_that_is_not_json_is_refused_in_korean(organization, api_for):
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", data="{not json", content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert error["message"].startswith("요청 본문이 올바른 JSON이 아닙니다")
    english = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/", data="{not json", content_type="application/json")
    assert english.json()["error"]["message"].startswith(
        "The request body is not valid JSON (Expecting property name")


def test_a_missing_csrf_token_is_explained_in_korean(organization):
    from rest_framework.test import APIClient

    from tests.factories import MembershipFactory

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(MembershipFactory(organization=organization,
                                         role=Role.MANAGER).user)
    response = client.post("/api/v1/categories/", {"name": "Sauce"}, format="json",
                           HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert message.startswith("CSRF 검사에 실패했습니다") and "X-CSRFToken" in message


def test_drfs_own_field_messages_read_as_korean_sellers_write(organization, api_for):
    """DRF's Korean read "Date의 포멧이 잘못되었습니다"; the project's catalogue
    words its field messages (api/drf_messages.py)."""
    from tests.factories import ProductFactory

    product = ProductFactory(organization=organization)
    response = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/",
        {"product": product.pk, "kind": "inbound", "quantity": 4,
         "business_date": "2026/11/02", "note": None},
        format="json", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["business_date"] == [
        "날짜 형식이 잘못되었습니다. 이 형식으로 쓰세요: YYYY-MM-DD."]
    assert "포멧" not in response.content.decode()
    english = api_for(organization, Role.STAFF).post(
        "/api/v1/movements/",
        {"product": product.pk, "kind": "inbound", "quantity": 4,
         "business_date": "2026/11/02"}, format="json")
    assert english.json()["error"]["fields"]["business_date"] == [
        "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
