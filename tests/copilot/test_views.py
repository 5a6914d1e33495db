"""The copilot page, the panel's JSON answer and the ask command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from copilot.models import CopilotQuestion

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_empty_page_suggests_questions(world):
    response = _client(world.viewer).get("/copilot/")
    assert response.status_code == 200
    assert b'data-testid="copilot-suggestions"' in response.content
    assert b'data-testid="copilot-answer"' not in response.content


def test_asking_shows_the_answer_table_links_and_keeps_the_question(world):
    client = _client(world.viewer)
    response = client.get("/copilot/", {"q": "Which products are overstocked?"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "PASTA-003" in body and "<table" in body
    assert "/inventory/stock-status/?show=overstock" in body
    assert "<script>" not in body.split("<main")[1]  # no inline script: CSP-ready
    # Showing an answer writes nothing; asking (the answer call) keeps it.
    assert CopilotQuestion.objects.filter(user=world.viewer).count() == 0
    client.get("/copilot/answer/", {"q": "Which products are overstocked?"})
    assert CopilotQuestion.objects.filter(user=world.viewer).count() == 1
    again = client.get("/copilot/").content.decode()
    assert "Which products are overstocked?" in again  # recent questions


def test_a_trend_answer_carries_its_chart_as_json_data(world):
    body = _client(world.master).get(
        "/copilot/", {"q": "Spaghetti forecast next 14 days"}).content.decode()
    assert 'data-copilot-chart="copilot-chart-data"' in body
    assert 'id="copilot-chart-data" type="application/json"' in body


def test_the_panel_gets_json_with_the_rendered_answer(world):
    response = _client(world.master).get("/copilot/answer/", {"q": "스파게티 재고"})
    data = response.json()
    assert data["intent"] == "stock_level" and data["values"][0] == 20
    assert "PASTA-001" in data["html"]
    assert _client(world.master).get("/copilot/answer/").json() == {"html": ""}


def test_every_page_has_the_panel(world):
    body = _client(world.viewer).get("/").content.decode()
    assert 'data-testid="copilot-launcher"' in body
    assert "js/copilot.js" in body


def test_a_member_of_another_organization_sees_only_its_own_data(world):
    data = _client(world.beta_master).get(
        "/copilot/answer/", {"q": "품절 위험이 가장 높은 상품은?"}).json()
    assert set(data["products"]) <= set(world.beta_products)


def test_the_command_prints_exactly_one_json_object(world):
    out = StringIO()
    call_command("ask", "지난주 쿠팡 판매량", organization=world.alpha.pk, json=True,
                 stdout=out)
    data = json.loads(out.getvalue())
    assert data["intent"] == "sales" and data["language"] == "ko"
    assert data["period"] == {"start": "2026-11-16", "end": "2026-11-22"}


def test_the_command_answers_in_the_asked_language(world):
    out = StringIO()
    call_command("ask", "스파게티 재고", organization=world.alpha.pk, language="en",
                 stdout=out)
    assert "units on hand" in out.getvalue()


def test_the_command_refuses_an_unknown_organization(world):
    with pytest.raises(CommandError):
        call_command("ask", "재고", organization=999999)


def test_an_ambiguous_question_offers_each_product_as_a_link(world):
    body = _client(world.master).get("/copilot/", {"q": "토마토 재고"}).content.decode()
    assert "어느 상품인가요?" in body
    assert "?q=SAUCE-001%20" in body and "?q=SAUCE-003%20" in body
    resolved = _client(world.master).get(
        "/copilot/answer/", {"q": "SAUCE-001 토마토 재고"}).json()
    assert resolved["intent"] == "stock_level" and resolved["products"] == ["SAUCE-001"]


def test_the_answer_follows_the_question_not_the_interface_language(world):
    client = _client(world.master)
    data = client.get("/copilot/answer/", {"q": "Spaghetti stock"},
                      HTTP_ACCEPT_LANGUAGE="ko").json()
    assert data["language"] == "en" and "units on hand" in data["answer"]


def test_table_numbers_have_separators_and_the_panel_shows_few_rows(world):
    client = _client(world.master)
    page = client.get("/copilot/", {"q": "지난주 쿠팡 판매량"}).content.decode()
    assert "301,000" in page  # revenue cell, formatted
    assert "2026-11-16 – 2026-11-22" in page  # dates untouched
    data = client.get("/copilot/answer/", {"q": "Best sellers in the last 30 days"}).json()
    assert data["html"].count("<tr>") <= 9  # header + at most 8 rows in the panel
