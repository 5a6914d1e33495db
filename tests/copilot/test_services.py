"""copilot_answer: the JSON contract, tenant isolation, roles, recent questions,
and the optional language model against a fake endpoint on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from copilot import selectors
from copilot.models import CopilotQuestion
from copilot.services import copilot_answer, copilot_question_record

pytestmark = pytest.mark.django_db


def test_the_json_object_has_exactly_the_documented_keys(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="지난주 쿠팡 판매량")
    data = answer.as_json()
    assert list(data) == ["intent", "answer", "language", "products", "values",
                          "period", "links"]
    assert data["intent"] == "sales" and data["language"] == "ko"
    assert data["period"] == {"start": "2026-11-16", "end": "2026-11-22"}
    assert all(isinstance(v, int | float) for v in data["values"])
    json.dumps(data)  # serialisable as is


def test_the_answer_speaks_the_question_language(world):
    korean = copilot_answer(organization=world.alpha, user=world.master,
                            question="스파게티 재고")
    english = copilot_answer(organization=world.alpha, user=world.master,
                             question="Spaghetti stock")
    assert korean.language == "ko" and "재고" in korean.answer
    assert english.language == "en" and "on hand" in english.answer
    assert korean.values == english.values


def test_the_same_question_in_two_organizations_answers_with_own_products(world):
    question = "품절 위험이 가장 높은 상품은?"
    alpha = copilot_answer(organization=world.alpha, user=world.master,
                           question=question)
    beta = copilot_answer(organization=world.beta, user=world.beta_master,
                          question=question)
    alpha_skus = set(world.products)
    beta_skus = set(world.beta_products)
    assert alpha.products and set(alpha.products) <= alpha_skus
    assert beta.products and set(beta.products) <= beta_skus
    assert "BETA-900" not in alpha.answer


def test_a_shared_sku_resolves_to_the_asking_organizations_product(world):
    alpha = copilot_answer(organization=world.alpha, user=world.master,
                           question="PASTA-001 재고")
    beta = copilot_answer(organization=world.beta, user=world.beta_master,
                          question="PASTA-001 재고")
    assert alpha.values[0] == world.products["PASTA-001"].on_hand
    beta_on_hand = world.beta_products["PASTA-001"]
    beta_on_hand.refresh_from_db()
    assert beta.values[0] == beta_on_hand.on_hand
    assert alpha.values[0] != beta.values[0]
    assert "500g" in alpha.answer and "1kg" in beta.answer
    # Another organization's product name is not known at all.
    other = copilot_answer(organization=world.alpha, user=world.master,
                           question="Beta Only Spaghetti stock")
    assert "BETA-900" not in other.products


def test_a_viewer_gets_answers_but_no_member_data(world):
    for question in ("Who are the members of this organization?", "직원 이메일 알려줘",
                     "user emails"):
        answer = copilot_answer(organization=world.alpha, user=world.viewer,
                                question=question)
        assert answer.intent == "unknown"
        assert world.master.email not in answer.answer
        assert answer.products == [] and answer.values == []
    stock = copilot_answer(organization=world.alpha, user=world.viewer,
                           question="스파게티 재고")
    assert stock.values[0] == world.products["PASTA-001"].on_hand
    assert all("/members/" not in link for link in stock.links)


def test_links_are_only_screens_the_role_may_read(world, monkeypatch):
    from accounts import roles

    allowed = roles.ROLE_PERMISSIONS["viewer"]
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, "viewer", frozenset())
    hidden = copilot_answer(organization=world.alpha, user=world.viewer,
                            question="스파게티 재고")
    assert hidden.links == []
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, "viewer", allowed)
    shown = copilot_answer(organization=world.alpha, user=world.viewer,
                           question="스파게티 재고")
    assert shown.links == [f"/inventory/products/{world.products['PASTA-001'].pk}/"]


def test_an_ambiguous_product_asks_back_with_choices(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="토마토 재고")
    assert answer.intent == "clarify"
    assert sorted(sku for sku, _name in answer.choices) == ["SAUCE-001", "SAUCE-003"]
    assert answer.values == []


def test_out_of_scope_says_what_it_can_answer(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="Tell me a joke")
    assert answer.intent == "unknown"
    assert "stock-out risk" in answer.answer and answer.values == []


def test_recent_questions_are_kept_per_user_and_capped(world):
    for number in range(55):
        answer = copilot_answer(organization=world.alpha, user=world.master,
                                question=f"question {number}")
        copilot_question_record(organization=world.alpha, user=world.master,
                                question=f"question {number}", answer=answer)
    assert CopilotQuestion.objects.filter(user=world.master).count() == 50
    recent = selectors.recent_questions(organization=world.alpha, user=world.master)
    assert recent[0].question == "question 54" and len(recent) == 10
    assert selectors.recent_questions(organization=world.alpha,
                                      user=world.viewer) == []


def test_a_forecast_answer_has_a_chart_and_the_p10_p90_range(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="What will PASTA-001 sell in the next 30 days?")
    assert answer.values[0] == 240  # 8 a day × 30 days
    assert answer.values[1] < answer.values[0] < answer.values[2]
    assert answer.chart["data"][-1]["y"][0] == 8.0
    assert answer.period.as_json() == {"start": "2026-11-28", "end": "2026-12-27"}


# -- the optional language model -----------------------------------------------
class _FakeModel(BaseHTTPRequestHandler):
    replies: list[str] = []
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 -- http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"body": body,
                                    "auth": self.headers.get("Authorization")})
        content = type(self).replies.pop(0) if type(self).replies else "{}"
        payload = json.dumps({"choices": [{"message": {"content": content}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model(settings):
    server = HTTPServer(("127.0.0.1", 0), _FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeModel.replies, _FakeModel.requests = [], []
    settings.COPILOT_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1/chat/completions"
    settings.COPILOT_LLM_API_KEY = "test-key"
    yield _FakeModel
    server.shutdown()
    server.server_close()


def test_the_model_maps_a_question_the_rules_do_not_know(world, fake_model):
    fake_model.replies = [
        json.dumps({"intent": "stock_level", "products": ["PASTA-001"]}),
        "There are 20 Spaghetti left.",  # phrasing: every number is the data's
    ]
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="gimme the situation on the long thin noodles pls")
    assert answer.intent == "stock_level" and answer.source == "llm"
    assert answer.values[0] == world.products["PASTA-001"].on_hand == 20
    assert answer.answer == "There are 20 Spaghetti left."
    assert fake_model.requests[0]["auth"] == "Bearer test-key"


def test_a_model_phrasing_with_an_invented_number_is_refused(world, fake_model):
    fake_model.replies = ["You have 999 units."]
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="스파게티 재고")
    assert "999" not in answer.answer and "20" in answer.answer


def test_a_model_mapping_outside_the_catalogue_is_ignored(world, fake_model):
    fake_model.replies = [json.dumps({"intent": "stock_level",
                                      "products": ["BETA-900"]})]
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="gimme the situation pls")
    assert answer.intent == "unknown" and answer.source == "rules"


def test_an_unreachable_model_falls_back_to_the_rules(world, settings):
    settings.COPILOT_LLM_URL = "http://127.0.0.1:9/v1/chat/completions"
    settings.COPILOT_LLM_API_KEY = "test-key"
    settings.COPILOT_LLM_TIMEOUT = 1
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="스파게티 재고")
    assert answer.intent == "stock_level" and answer.values[0] == 20


def test_stock_of_a_category_sums_its_products(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="소스 카테고리 재고")
    sauces = [p for sku, p in world.products.items() if sku.startswith("SAUCE")]
    assert answer.intent == "stock_level"
    assert answer.values == [sum(p.on_hand for p in sauces), len(sauces)]


def test_risk_and_overstock_lists_keep_to_the_named_supplier(world):
    sauces = copilot_answer(organization=world.alpha, user=world.master,
                            question="한국식품 품절 위험 상품")
    assert sauces.products == [] and sauces.values == []
    pasta = copilot_answer(organization=world.alpha, user=world.master,
                           question="Pasta Co 품절 위험 상품")
    assert pasta.products == ["PASTA-001", "PASTA-002"]
    excess = copilot_answer(organization=world.alpha, user=world.master,
                            question="Pasta Co overstock")
    assert excess.products and all(sku.startswith("PASTA") for sku in excess.products)


@pytest.mark.parametrize("question", [
    "", "'; DROP TABLE inventory_product; --", "<b>재고</b>", "x" * 5000,
    "2026-13-45~2026-99-99 판매량"])
def test_odd_questions_answer_without_error(world, question):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question=question)
    assert answer.as_json()["intent"]
    assert len(answer.parsed.question) <= 300


def test_a_filter_the_family_does_not_apply_is_said_not_silently_dropped(world):
    plain = copilot_answer(organization=world.alpha, user=world.master,
                           question="PASTA-001 forecast next 14 days")
    by_channel = copilot_answer(organization=world.alpha, user=world.master,
                                question="PASTA-001 coupang forecast next 14 days")
    assert by_channel.parsed.slots.channel is not None
    assert by_channel.values == plain.values
    assert "Not filtered by channel" in by_channel.answer
    assert "Not filtered" not in plain.answer
    # Sales apply a supplier (with or without a channel): nothing to declare.
    both = copilot_answer(organization=world.alpha, user=world.master,
                          question="coupang sales of Pasta Co last week")
    alone = copilot_answer(organization=world.alpha, user=world.master,
                           question="Pasta Co sales last week")
    everything = copilot_answer(organization=world.alpha, user=world.master,
                                question="sales last week")
    assert "Not filtered" not in both.answer and "Pasta Co" in both.answer
    assert both.values[0] < alone.values[0] < everything.values[0]


def test_expiring_lots_keep_to_the_named_category_and_supplier(world):
    everything = copilot_answer(organization=world.alpha, user=world.master,
                                question="lots expiring in the next 400 days")
    sauces = copilot_answer(organization=world.alpha, user=world.master,
                            question="소스 카테고리 유통기한 400일 이내 로트")
    pasta_co = copilot_answer(organization=world.alpha, user=world.master,
                              question="Pasta Co lots expiring in the next 400 days")
    assert set(everything.products) == {"SAUCE-001", "PASTA-003"}
    assert set(sauces.products) == {"SAUCE-001"} and "Not filtered" not in sauces.answer
    assert set(pasta_co.products) == {"PASTA-003"}


def test_why_states_the_figures_its_reason_rests_on(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="why order that much PASTA-001")
    assert answer.intent == "why_recommendation" and len(answer.values) == 8
    for value in answer.values:
        shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
        assert shown in answer.answer


def _answer(world, question):
    return copilot_answer(organization=world.alpha, user=world.master,
                          question=question)


@pytest.mark.parametrize("question", [
    "Coupang and SmartStore sales last week", "Compare SmartStore and Coupang sales "
    "last week", "지난주 쿠팡과 스마트스토어 판매 비교", "지난주 쿠팡 스마트스토어 판매량"])
def test_two_channels_named_get_one_line_each_not_one_of_them(world, question):
    """Each channel's figures are exactly what its own question answers."""
    answer = _answer(world, question)
    assert answer.intent == "sales"
    assert sorted(c.key for c in answer.parsed.slots.channels) == [
        "coupang", "smartstore"]
    assert answer.parsed.slots.channel is None
    singles = [_answer(world, f"{name} sales last week")
               for name in ("Coupang", "SmartStore")]
    by_name = {row[0]: row for row in answer.table.rows}
    for single in singles:
        units, revenue, previous = single.values[:3]
        row = by_name[single.parsed.slots.channel.name]
        assert row[1:4] == [units, revenue, previous]
        assert single.parsed.slots.channel.name in answer.answer


def test_sales_by_channel_lists_every_channel(world):
    answer = _answer(world, "sales by channel last week")
    channels = {c.name for c in answer.parsed.slots.channels}
    assert len(channels) >= 3 and {row[0] for row in answer.table.rows} == channels
    korean = _answer(world, "지난주 채널별 판매량")
    assert [row[:4] for row in korean.table.rows] == \
        [row[:4] for row in answer.table.rows]
    # One channel named stays the one-channel answer.
    assert _answer(world, "Coupang sales last week").parsed.slots.channels == ()


@pytest.mark.parametrize(("question", "language"), [
    ("PASTA-009 지난주 판매량", "ko"), ("sales of PASTA-009 last week", "en"),
    ("BETA-900 재고", "ko")])
def test_an_unknown_sku_is_said_with_no_figures(world, question, language):
    """Not another product's figures (its name shares "pasta"), not every
    product's, and not another organization's product with that SKU."""
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question=question)
    assert answer.intent == "clarify" and answer.values == []
    assert answer.language == language
    sku = question.split()[0] if language == "ko" else question.split()[2]
    assert sku in answer.answer
    assert "BETA" not in " ".join(answer.products)


def test_an_sku_typo_offers_the_close_skus(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="PASTA-01 재고 몇 개야?")
    assert answer.intent == "clarify" and answer.values == []
    assert "PASTA-001" in [sku for sku, _name in answer.choices]
    assert "PASTA-01" in answer.answer
