"""Session 9: a verdict on forecasts is a question of forecast accuracy (예측
믿어도 돼, "was the forecast right"); advice on whether a price is right, how
to sign up somewhere, and the shop's running costs (택배비, "shipping costs")
are declined; a Korean product name with a slipped vowel (펜내, 바질 패스토) is
still found. Phrasings differ from probe 7 and held-out 8 on purpose."""

from __future__ import annotations

import pytest

from copilot.engine.matching import jamo
from copilot.services import copilot_answer

from .catalogue import catalogue_of, parser_on_friday

CATALOGUE = catalogue_of("PASTA-001", "PASTA-002", "SAUCE-001", "SAUCE-002", "SAUCE-003")
_parse = parser_on_friday(CATALOGUE)


@pytest.mark.parametrize(("question", "products"), [
    ("펜네 예측 잘 맞췄어?", ["PASTA-002"]),
    ("수요예측 믿어도 돼", []),
    ("예측이 엉터리인 상품 있어?", []),
    ("was the spaghetti forecast right", ["PASTA-001"]),
    ("can we rely on the predictions", []),
    ("how far off was the forecast for penne", ["PASTA-002"]),
])
def test_a_verdict_on_forecasts_asks_for_accuracy(question, products):
    parsed = _parse(question)
    assert parsed.intent == "forecast_accuracy"
    assert [p.sku for p in parsed.slots.products] == products


@pytest.mark.parametrize(("question", "intent"), [
    ("예측에 맞춰서 펜네 발주할 수량", "order_quantity"),
    ("스파게티 다음달 예측", "forecast"),
    ("penne forecast right now", "forecast"),
])
def test_forecasts_without_a_verdict_stay_forecasts(question, intent):
    assert _parse(question).intent == intent


@pytest.mark.parametrize(("question", "reason"), [
    ("펜네 판매가격 적절해?", "advice"),
    ("토마토 소스 단가 너무 비싼가", "advice"),
    ("바질 페스토 가격 올려야 할까", "advice"),
    ("자사몰 회원가입 방법 알려줘", "advice"),
    ("스마트스토어 신청하려면 뭐 필요해", "advice"),
    ("how much should we ask for penne", "advice"),
    ("is our price on spaghetti competitive", "advice"),
    ("how can i sign up for coupang rocket growth", "advice"),
    ("이번달 배송비 얼마야", "outside"),
    ("지난달 물류비 총액", "outside"),
    ("what did we pay in shipping costs last month", "outside"),
    ("warehouse rent this month", "outside"),
])
def test_prices_sign_ups_and_running_costs_are_declined(question, reason):
    parsed = _parse(question)
    assert (parsed.intent, parsed.decline) == ("unknown", reason)


@pytest.mark.parametrize(("question", "intent"), [
    ("판매가 늘었어?", "sales"),  # 판매 + 가: sales went up, not a price
    ("스파게티 평균 판매가 얼마야", "sales"),
    ("등록된 상품 재고", "stock_level"),
    ("when is the next delivery", "open_pos"),
])
def test_data_questions_near_those_words_are_answered(question, intent):
    parsed = _parse(question)
    assert parsed.intent == intent and parsed.decline == ""


def test_hangul_is_compared_letter_by_letter():
    assert len(jamo("펜네")) == 5 and jamo("펜네")[:3] == jamo("펜내")[:3]
    assert jamo("pene") == "pene"


@pytest.mark.parametrize(("question", "skus"), [
    ("펜내 재고", ["PASTA-002"]),  # ㅐ for ㅔ in a two-syllable name
    ("스파게리 몇 개 남았어", ["PASTA-001"]),
    ("바질 패스토 재고", ["SAUCE-002"]),  # 바질 is in two names; 패스토 ≈ 페스토
    ("토마토 바질 소스 재고", ["SAUCE-003"]),
])
def test_a_slipped_korean_name_is_found(question, skus):
    parsed = _parse(question)
    assert [p.sku for p in parsed.slots.products] == skus


@pytest.mark.parametrize("question", ["바질 재고", "소스류 지난달 매출", "매출 얼마"])
def test_an_exact_tie_or_a_category_word_names_no_product(question):
    assert _parse(question).slots.products == ()


@pytest.mark.django_db
def test_running_costs_are_declined_with_their_reason(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="이번달 택배비 얼마 나갔어", language="en")
    assert answer.intent == "unknown" and not answer.values
    assert "shipping and other costs" in answer.answer
