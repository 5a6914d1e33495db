"""/api/v1/events/: the promotions calendar with sales pauses."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from forecasting.models import PromotionEvent
from tests.factories import CategoryFactory, ChannelFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"


def test_manager_adds_a_pause_and_a_promotion_and_lists_them_by_kind(
    organization, api_for
):
    api = api_for(organization)
    product = ProductFactory(organization=organization, sku="TEA-01")
    category = CategoryFactory(organization=organization, name="차류")
    pause = api.post(URL, {"kind": "pause", "name": "설 연휴 휴무", "category": category.pk,
                           "start_date": "2027-02-06", "end_date": "2027-02-09"},
                     format="json")
    assert pause.status_code == 201, pause.content
    assert pause.json()["kind"] == "pause" and pause.json()["category"] == category.pk
    promo = api.post(URL, {"name": "로켓세일", "product": product.pk,
                           "start_date": "2027-03-01", "end_date": "2027-03-02"},
                     format="json")
    assert promo.status_code == 201 and promo.json()["kind"] == "promotion"
    event = PromotionEvent.objects.get(pk=pause.json()["id"])
    assert event.organization == organization and event.created_by is not None
    names = [e["name"] for e in api.get(URL, {"kind": "pause"}).json()["results"]]
    assert names == ["설 연휴 휴무"]
    march = api.get(URL, {"date_from": "2027-02-10"}).json()["results"]
    assert [e["name"] for e in march] == ["로켓세일"]
    assert api.get(f"{URL}{promo.json()['id']}/").json()["product"] == product.pk
    assert api.delete(f"{URL}{promo.json()['id']}/").status_code == 204
    assert not PromotionEvent.objects.filter(name="로켓세일").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "holiday"}, "kind"),
        ({"end_date": "2027-02-01"}, "end_date"),
        ({"start_date": "2027-02-31"}, "start_date"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_body_is_a_field_error_and_writes_nothing(organization, api_for, body, field):
    data = {"name": "x", "start_date": "2027-02-06", "end_date": "2027-02-09", **body}
    response = api_for(organization).post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not PromotionEvent.objects.exists()


def test_product_and_category_together_are_refused(organization, api_for):
    product = ProductFactory(organization=organization)
    category = CategoryFactory(organization=organization)
    response = api_for(organization).post(
        URL, {"name": "x", "product": product.pk, "category": category.pk,
              "start_date": "2027-02-06", "end_date": "2027-02-09"}, format="json")
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]
    assert not PromotionEvent.objects.exists()


def test_another_organizations_product_is_not_a_choice(
    organization, other_organization, api_for
):
    stranger = ProductFactory(organization=other_organization)
    response = api_for(organization).post(
        URL, {"name": "x", "product": stranger.pk, "start_date": "2027-02-06",
              "end_date": "2027-02-09"}, format="json")
    assert response.status_code == 400 and "product" in response.json()["error"]["fields"]
    assert not PromotionEvent.objects.exists()


def test_a_bad_filter_is_a_field_error(organization, api_for):
    response = api_for(organization).get(URL, {"date_from": "tomorrow", "kind": "x"})
    assert response.status_code == 400
    assert {"date_from", "kind"} <= set(response.json()["error"]["fields"])


def test_viewer_reads_but_cannot_write(organization, api_for):
    viewer = api_for(organization, Role.VIEWER)
    assert viewer.get(URL).status_code == 200
    response = viewer.post(URL, {"name": "x", "start_date": "2027-02-06",
                                 "end_date": "2027-02-09"}, format="json")
    assert response.status_code == 403 and not PromotionEvent.objects.exists()


def test_a_pause_on_one_channel_is_a_channel_error(organization, api_for):
    channel = ChannelFactory(organization=organization)
    response = api_for(organization).post(
        URL, {"kind": "pause", "name": "x", "channel": channel.pk,
              "start_date": "2027-02-06", "end_date": "2027-02-09"}, format="json")
    assert response.status_code == 400
    assert "channel" in response.json()["error"]["fields"]
    assert not PromotionEvent.objects.exists()
