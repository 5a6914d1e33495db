"""Session 8's generalisation of the parser, one behaviour per test: quarters and
"same time last year", a comparison naming only its baseline, change words,
category names in the other language, sorting words, turnover adverbs,
ordering for a week ahead, expiry windows in weeks, "slow sellers", "out of
stock right now", and questions declined because they ask to change data or
about data the copilot does not have. Phrasings differ from held-out set 4's
on purpose (a rule must not fire on one question only). Answers are checked
against tests/copilot/oracle.py (ledger rows and stored plans read with the
ORM)."""

from __future__ import annotations

import datetime as dt

import pytest

from copilot.services import copilot_answer

from .catalogue import catalogue_of, parser_on_friday
from .oracle import assert_states_the_oracle

CATALOGUE = catalogue_of("PASTA-001", "PASTA-002", "SAUCE-001", "SAUCE-003")
_parse = parser_on_friday(CATALOGUE)


def _span(parsed):
    period = parsed.slots.period
    return (period.start.isoformat(), period.end.isoformat()) if period else None


@pytest.mark.parametrize(("question", "span"), [
    ("이번분기 쿠팡 판매량", ("2026-10-01", "2026-11-27")),
    ("금분기 매출", ("2026-10-01", "2026-11-27")),
    ("revenue for the current quarter", ("2026-10-01", "2026-11-27")),
    ("전분기 자사몰 매출", ("2026-07-01", "2026-09-30")),
    ("저번 분기 스파게티 판매", ("2026-07-01", "2026-09-30")),
    ("2분기 매출", ("2026-04-01", "2026-06-30")),
    ("Q3 revenue", ("2026-07-01", "2026-09-30")),
    ("previous quarter sales", ("2026-07-01", "2026-09-30")),
])
def test_quarters_are_periods(question, span):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert _span(parsed) == span


def test_a_quarter_to_date_is_compared_with_the_same_days_of_the_quarter_before():
    previous = _parse("이번분기 매출").slots.period.previous()
    assert (previous.start, previous.end) == (dt.date(2026, 7, 1), dt.date(2026, 8, 27))


@pytest.mark.parametrize("question", [
    "작년 이때 쿠팡 매출", "작년 같은 달 판매량", "지난해 요맘때 매출",
    "sales this time last year", "revenue, same month last year",
])
def test_same_time_last_year_is_that_month_a_year_ago(question):
    assert _span(_parse(question)) == ("2025-11-01", "2025-11-30")


def test_last_year_alone_is_the_whole_of_last_year():
    assert _span(_parse("작년 스파게티 판매량")) == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize(("question", "span"), [
    ("자사몰 지난달보다 좀 늘었음?", ("2026-11-01", "2026-11-27")),
    ("펜네 어제보다 더 팔렸나", ("2026-11-27", "2026-11-27")),
    ("스마트스토어 매출 지난주 대비 어때", ("2026-11-23", "2026-11-27")),
    ("is smartstore down from last month", ("2026-11-01", "2026-11-27")),
    ("has penne grown since last week", ("2026-11-23", "2026-11-27")),
    # Both named: the baseline is dropped, the other one stays.
    ("지난달 대비 이번달 펜네 판매", ("2026-11-01", "2026-11-27")),
])
def test_a_baseline_alone_means_the_period_after_it(question, span):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert _span(parsed) == span


@pytest.mark.parametrize("question", ["펜네 요즘 줄었어?", "스파게티 전보다 증가했나",
                                      "did spaghetti go down"])
def test_a_change_word_about_a_product_is_about_its_sales(question):
    assert _parse(question).intent == "sales"


@pytest.mark.parametrize(("question", "category"), [
    ("파스타 카테고리 지난주 매출", "Pasta"),
    ("파스타 상품 중 꼴찌", "Pasta"),
    ("sauce category sales last week", "소스"),
])
def test_a_category_is_named_in_either_language(question, category):
    parsed = _parse(question)
    assert parsed.slots.category is not None
    assert parsed.slots.category.name == category


@pytest.mark.parametrize(("question", "order", "metric"), [
    ("판매량 많은 순으로 3개", "best", "units"),
    ("매출 낮은 순 상품", "worst", "revenue"),
    ("지난주 판매 꼴지", "worst", None),
    ("slow sellers this week", "worst", None),
    ("weak-selling products last month", "worst", None),
    ("products ranked by revenue", "best", "revenue"),
])
def test_sorting_and_ranking_words_rank_products(question, order, metric):
    parsed = _parse(question)
    assert parsed.intent == "top_sellers"
    assert parsed.slots.order == order
    assert metric is None or parsed.slots.metric == metric


@pytest.mark.parametrize(("question", "order"), [
    ("회전율 가장 높은 상품", "fast"), ("회전 젤 빠른 거", "fast"),
    ("재고 잘 도는 상품", "fast"), ("묵은재고 뭐 있어", "slow"),
    ("오래 묵혀둔 재고", "slow"), ("회전 안되는 상품", "slow"),
])
def test_turnover_with_an_adverb_or_stale_stock(question, order):
    parsed = _parse(question)
    assert parsed.intent == "slow_movers"
    assert parsed.slots.order == order


@pytest.mark.parametrize(("question", "span"), [
    ("다음 주 발주 넣을 상품", ("2026-11-30", "2026-12-06")),
    ("what should we reorder next week", ("2026-11-30", "2026-12-06")),
    ("앞으로 10일 안에 발주할 거", ("2026-11-28", "2026-12-07")),
])
def test_ordering_for_a_period_ahead_keeps_its_dates(question, span):
    parsed = _parse(question)
    assert parsed.intent == "order_quantity"
    assert _span(parsed) == span and parsed.slots.days is None


@pytest.mark.parametrize(("question", "days"), [
    ("유통기한 3주 이내 로트", 21), ("유통기한 1개월 남은 상품", 30),
    ("lots expiring within three weeks", 21), ("유통기한 두 달 안 남은 거", 60),
])
def test_an_expiry_window_in_weeks_or_words(question, days):
    parsed = _parse(question)
    assert parsed.intent == "expiring_lots"
    assert parsed.slots.days == days


@pytest.mark.parametrize("question", ["which items are out of stock rn",
                                      "what's out of stock"])
def test_out_of_stock_now_in_chat_english(question):
    parsed = _parse(question)
    assert parsed.intent == "stock_below" and parsed.slots.stock_max == 0


@pytest.mark.parametrize(("question", "reason"), [
    ("펜네 가격 내려줘", "change"), ("스파게티 상품 삭제해줘", "change"),
    ("재고 100개로 바꿔주세요", "change"), ("please change the penne price", "change"),
    ("cancel the pasta co order", "change"),
    ("네이버 정산금 언제 입금돼", "outside"), ("쿠팡 수수료 얼마나 나갔어", "outside"),
    ("광고비 지난달 얼마 썼지", "outside"), ("how many reviews did penne get", "outside"),
])
def test_requests_to_change_data_and_outside_subjects_are_declined(question, reason):
    parsed = _parse(question)
    assert parsed.intent == "unknown" and parsed.decline == reason


@pytest.mark.parametrize(("question", "intent"), [
    ("스파게티 재고 알려줘", "stock_level"), ("펜네 발주 몇 개 넣어야 돼", "order_quantity"),
    ("이번주 쿠팡 매출 보여줘", "sales"), ("show me penne sales last week", "sales"),
])
def test_ordinary_requests_are_not_declined(question, intent):
    parsed = _parse(question)
    assert parsed.intent == intent and parsed.decline == ""


# -- answers in the world, against the oracle ----------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("question", "intent", "slots"), [
    ("이번분기 쿠팡 판매량", "sales", {"channel": "coupang",
                               "period": ("2026-10-01", "2026-11-27")}),
    ("작년 이때 매출", "sales", {"period": ("2025-11-01", "2025-11-30")}),
    ("자사몰 지난달보다 좀 늘었음?", "sales", {"channel": "own_mall",
                                     "period": ("2026-11-01", "2026-11-27")}),
    ("파스타 상품 중 꼴찌", "top_sellers", {"order": "worst", "category": "Pasta"}),
    ("다음 주 발주 넣을 상품", "order_quantity",
     {"period": ("2026-11-30", "2026-12-06")}),
    ("유통기한 3주 이내 로트", "expiring_lots", {"days": 21}),
    ("회전율 가장 높은 상품", "slow_movers", {"order": "fast"}),
    ("쿠팡 오늘 주문 건수", "sales", {"channel": "coupang", "metric": "orders",
                                 "period": ("2026-11-27", "2026-11-27")}),
])
def test_the_answers_state_the_oracles_figures(world, question, intent, slots):
    answer, products = assert_states_the_oracle(world, question, intent, slots)
    assert products is None or list(answer.products) == list(products)


@pytest.mark.django_db
def test_a_declined_change_says_the_copilot_only_reads(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="펜네 가격 내려줘", language="en")
    assert answer.intent == "unknown" and not answer.values
    assert answer.answer.startswith("I only read your data and cannot change")
