"""Session 8b: a comparison with the baseline the question names, relative days
(지지난주, N일 전, 열흘, 보름, "N days ago"), ranks (N등), a count in boxes
followed by an ordering word, forecast errors, and declined advice (prices,
refunds, selling on a channel). Phrasings differ from held-out set 6 and
probe set 5 on purpose. Answers are checked against tests/copilot/oracle.py."""

from __future__ import annotations

import pytest

from copilot.services import copilot_answer

from .catalogue import catalogue_of, parser_on_friday
from .oracle import assert_states_the_oracle

CATALOGUE = catalogue_of("PASTA-001", "PASTA-002", "SAUCE-002")
_parse = parser_on_friday(CATALOGUE)


def _span(period):
    return (period.start.isoformat(), period.end.isoformat()) if period else None


# -- a named baseline ----------------------------------------------------------

@pytest.mark.parametrize(("question", "period", "compare"), [
    # A year back: the asked period a year earlier.
    ("작년보다 이번주 매출 늘었어", ("2026-11-23", "2026-11-27"),
     ("2025-11-23", "2025-11-27")),
    ("전년 같은 기간 대비 지난달 판매", ("2026-10-01", "2026-10-31"),
     ("2025-10-01", "2025-10-31")),
    ("sales last week compared to the same week last year",
     ("2026-11-16", "2026-11-22"), ("2025-11-16", "2025-11-22")),
    # A named month or week, aligned day for day to a period under way.
    ("8월 대비 이번달 쿠팡 판매량", ("2026-11-01", "2026-11-27"),
     ("2026-08-01", "2026-08-27")),
    ("이번주 판매 저저번주랑 비교", ("2026-11-23", "2026-11-27"),
     ("2026-11-09", "2026-11-13")),
    ("units this month versus the month before last", ("2026-11-01", "2026-11-27"),
     ("2026-09-01", "2026-09-27")),
    # The calendar's previous period named: the same dates as before.
    ("지난주랑 비교해서 이번주 판매", ("2026-11-23", "2026-11-27"),
     ("2026-11-16", "2026-11-20")),
])
def test_a_named_baseline_is_the_compared_period(question, period, compare):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert _span(parsed.slots.period) == period
    assert _span(parsed.slots.compare) == compare


@pytest.mark.parametrize("question", ["이번달 매출", "sales this week",
                                      "펜네 지난달 판매량"])
def test_without_a_named_baseline_there_is_no_compare_slot(question):
    assert _parse(question).slots.compare is None


def test_only_a_baseline_named_means_the_period_after_it():
    parsed = _parse("작년 같은 달보다 매출 늘었나")
    assert _span(parsed.slots.period) == ("2026-11-01", "2026-11-27")
    assert _span(parsed.slots.compare) == ("2025-11-01", "2025-11-27")


# -- relative days and weeks -----------------------------------------------------

@pytest.mark.parametrize(("question", "span"), [
    ("지지난 주 펜네 판매", ("2026-11-09", "2026-11-15")),
    ("저저번주 매출", ("2026-11-09", "2026-11-15")),
    ("지지난달 매출", ("2026-09-01", "2026-09-30")),
    ("요번 달 판매량", ("2026-11-01", "2026-11-27")),
    ("사흘 전 자사몰 매출", ("2026-11-24", "2026-11-24")),
    ("5일 전 판매량", ("2026-11-22", "2026-11-22")),
    ("2주 전 쿠팡 매출", ("2026-11-09", "2026-11-15")),
    ("revenue 4 days ago", ("2026-11-23", "2026-11-23")),
    ("sales two weeks ago", ("2026-11-09", "2026-11-15")),
    ("penne sold week before last", ("2026-11-09", "2026-11-15")),
    ("최근 열흘 매출", ("2026-11-18", "2026-11-27")),
    ("지난 보름 스파게티 판매", ("2026-11-13", "2026-11-27")),
    ("최근 한달 쿠팡 판매량", ("2026-10-29", "2026-11-27")),
    ("최근 일주일 판매", ("2026-11-21", "2026-11-27")),
])
def test_relative_days_and_weeks_are_periods(question, span):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert _span(parsed.slots.period) == span


@pytest.mark.parametrize(("question", "intent", "days"), [
    ("유통기한 열흘 남은 로트", "expiring_lots", 10),
    ("바질 페스토 보름치 수요 예측", "forecast", 15),
    ("스파게티 앞으로 열흘 예상 판매", "forecast", 10),
])
def test_day_words_are_day_counts(question, intent, days):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.days) == (intent, days)


# -- ranks, boxes, forecast errors ---------------------------------------------

@pytest.mark.parametrize(("question", "top_n"), [
    ("지난달 쿠팡 판매 1등", 1),
    ("매출 3등까지 보여줘", 3),
    ("이번주 판매 1위 뭐야", 1),
])
def test_a_rank_is_a_top_n(question, top_n):
    parsed = _parse(question)
    assert parsed.intent == "top_sellers"
    assert (parsed.slots.order, parsed.slots.top_n) == ("best", top_n)


@pytest.mark.parametrize("question", ["1등급 스파게티 재고", "등록된 상품 재고"])
def test_grade_and_registered_are_not_ranks(question):
    assert _parse(question).intent != "top_sellers"


@pytest.mark.parametrize(("question", "intent"), [
    ("스파게티 몇 박스 더 시킬까", "order_quantity"),
    ("바질 페스토 몇 팩 발주해", "order_quantity"),
    ("펜네 몇 상자 남았지", "stock_level"),
])
def test_a_count_then_an_ordering_word_asks_what_to_order(question, intent):
    assert _parse(question).intent == intent


@pytest.mark.parametrize("question", ["수요 예측 많이 틀려?", "판매 예측이 어긋난 정도",
                                      "예측 틀린 상품"])
def test_forecast_errors_ask_for_accuracy(question):
    assert _parse(question).intent == "forecast_accuracy"


# -- declined advice ---------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "바질 페스토 판매가 어떻게 정해야 해", "스파게티 얼마로 팔까", "주문 취소 환불 처리",
    "네이버 입점 조건", "how should I price penne", "issue a refund for yesterday's order",
    "how do I sell on coupang",
])
def test_advice_and_refunds_are_declined(question):
    parsed = _parse(question)
    assert (parsed.intent, parsed.decline) == ("unknown", "advice")


@pytest.mark.parametrize(("question", "intent"), [
    ("스파게티 평균 판매가 얼마야", "sales"), ("쿠팡 광고 ROAS", "unknown"),
    ("지난주 스파게티 얼마에 팔렸어", "sales"),
])
def test_prices_sold_at_are_not_advice(question, intent):
    parsed = _parse(question)
    assert parsed.intent == intent and parsed.decline != "advice"


# -- answers in the world, against the oracle ----------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("question", "slots"), [
    ("작년 대비 올해 매출", {"period": ("2026-01-01", "2026-11-27"),
                        "compare": ("2025-01-01", "2025-11-27")}),
    ("스파게티 이번달 판매 8월이랑 비교", {
        "products": ["PASTA-001"], "period": ("2026-11-01", "2026-11-27"),
        "compare": ("2026-08-01", "2026-08-27")}),
    ("coupang units this week vs the week before last", {
        "channel": "coupang", "period": ("2026-11-23", "2026-11-27"),
        "compare": ("2026-11-09", "2026-11-13")}),
    ("사흘 전 스마트스토어 판매", {"channel": "smartstore",
                           "period": ("2026-11-24", "2026-11-24")}),
])
def test_sales_answers_use_the_named_baseline(world, question, slots):
    assert_states_the_oracle(world, question, "sales", slots)


@pytest.mark.django_db
def test_a_named_baseline_is_stated_in_the_answer(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="이번달 매출 작년 같은 달이랑 비교", language="en")
    assert "The period you compared with (2025-11-01 to 2025-11-27)" in answer.answer


@pytest.mark.django_db
def test_declined_advice_says_why(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="펜네 가격 얼마로 잡아야 돼", language="en")
    assert answer.intent == "unknown" and not answer.values
    assert answer.answer.startswith("Prices to set, refunds and selling on a new")
