"""POST /api/v1/copilot/: the same object as copilot_answer, within the key's
organization and role; every role may ask (it writes no business data)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from api.services import api_key_create
from copilot.models import CopilotQuestion
from copilot.services import copilot_answer

pytestmark = pytest.mark.django_db


def _client(organization, role) -> APIClient:
    secret = api_key_create(organization=organization, name="copilot", role=role,
                            created_by=None).secret
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_viewer_key_gets_the_documented_object(world):
    response = _client(world.alpha, Role.VIEWER).post(
        "/api/v1/copilot/", {"question": "지난주 쿠팡 판매량"}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    expected = copilot_answer(organization=world.alpha, user=world.master,
                              question="지난주 쿠팡 판매량").as_json()
    assert list(data) == list(expected)
    assert data["intent"] == "sales" and data["values"] == expected["values"]
    assert data["period"] == {"start": "2026-11-16", "end": "2026-11-22"}
    assert not CopilotQuestion.objects.exists()  # the API keeps no history


def test_each_key_sees_only_its_own_organization(world):
    question = {"question": "품절 위험이 가장 높은 상품은?", "language": "en"}
    alpha = _client(world.alpha, Role.MANAGER).post("/api/v1/copilot/", question,
                                                    format="json").json()
    beta = _client(world.beta, Role.MANAGER).post("/api/v1/copilot/", question,
                                                  format="json").json()
    assert alpha["language"] == "en"
    assert alpha["products"] and set(alpha["products"]) <= set(world.products)
    assert beta["products"] and set(beta["products"]) <= set(world.beta_products)


def test_links_follow_the_keys_role(world):
    manager = _client(world.alpha, Role.MANAGER).post(
        "/api/v1/copilot/", {"question": "이번 주 발주해야 할 상품과 수량은?"},
        format="json").json()
    assert manager["links"], manager


@pytest.mark.parametrize("body", [{}, {"question": ""}, {"question": ["a"]},
                                  {"question": "재고", "language": "fr"}])
def test_a_bad_body_is_a_json_400(world, body):
    response = _client(world.alpha, Role.VIEWER).post("/api/v1/copilot/", body,
                                                      format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}
