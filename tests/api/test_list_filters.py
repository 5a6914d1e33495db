"""A list filter that cannot be read is a 400 with the field named, on
/products/ and /purchase-orders/ as on /movements/ (it was silently ignored)."""

import pytest

from accounts.roles import Role
from tests.factories import CategoryFactory, ProductFactory


@pytest.mark.parametrize(("query", "field"), [
    ("category=abc", "category"), ("supplier=x1", "supplier"),
    ("ordering=price_desc", "ordering"), ("kind=bundle", "kind"),
    ("active=maybe", "active"),
])
def test_an_unreadable_product_filter_is_a_400(organization, api_for, query, field):
    ProductFactory(organization=organization)
    response = api_for(organization, Role.VIEWER).get(f"/api/v1/products/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_readable_product_filters_still_work(organization, api_for):
    category = CategoryFactory(organization=organization)
    ProductFactory(organization=organization, sku="A-1", category=category)
    ProductFactory(organization=organization, sku="B-1", is_active=False)
    api = api_for(organization, Role.VIEWER)

    def skus(query):
        response = api.get(f"/api/v1/products/?{query}")
        assert response.status_code == 200, response.content
        return [row["sku"] for row in response.json()["results"]]

    assert skus(f"category={category.pk}") == ["A-1"]
    assert skus("category=999999") == []  # an unknown id is nothing, as on /movements/
    assert skus("active=all&ordering=-sku") == ["B-1", "A-1"]
    assert skus("active=False") == ["B-1"]
    assert skus("category=&supplier=&kind=&search=") == ["A-1"]


def test_an_unreadable_purchase_order_status_is_a_400(organization, api_for):
    response = api_for(organization, Role.VIEWER).get(
        "/api/v1/purchase-orders/?status=shipped-ish")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_the_filter_refusals_speak_korean(organization, api_for):
    fields = api_for(organization, Role.VIEWER).get(
        "/api/v1/products/?active=maybe&category=abc",
        HTTP_ACCEPT_LANGUAGE="ko").json()["error"]["fields"]
    assert fields["active"] == ["true, false, all 중 하나를 쓰세요."]
    assert fields["category"] == ["유효한 정수를 입력하세요."]


@pytest.mark.parametrize(("query", "field"), [
    ("supplier=x1", "supplier"), ("category=abc", "category"),
    ("product=twelve", "product"), ("only_to_order=perhaps", "only_to_order"),
])
def test_an_unreadable_recommendation_filter_is_a_400(organization, api_for, query,
                                                      field):
    response = api_for(organization, Role.VIEWER).get(
        f"/api/v1/recommendations/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_recommendations_filter_by_sku_product_and_category(organization, api_for):
    from policy.services.recommendations import recommendations_refresh

    category = CategoryFactory(organization=organization)
    one = ProductFactory(organization=organization, sku="Pasta-1", category=category)
    ProductFactory(organization=organization, sku="PASTA-2")
    recommendations_refresh(organization=organization)
    api = api_for(organization, Role.VIEWER)

    def skus(query):
        response = api.get(f"/api/v1/recommendations/?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["sku"] for row in response.json()["results"])

    assert skus("") == ["PASTA-2", "Pasta-1"]
    assert skus("sku=pasta-1") == ["Pasta-1"]  # exact, any case; not a search
    assert skus(f"product={one.pk}") == ["Pasta-1"]
    assert skus(f"category={category.pk}") == ["Pasta-1"]
    assert skus("sku=NOPE") == [] and skus("product=999999") == []
