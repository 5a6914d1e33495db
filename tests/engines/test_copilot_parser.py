"""The copilot's pure parser: periods, normalisation, catalogue matching, intents."""

import datetime as dt

import pytest

from copilot.engine import Catalogue, CatalogueItem, CatalogueProduct, parse
from copilot.engine.normalize import compact, normalize
from copilot.engine.periods import horizon_days, period_of
from tests.copilot.catalogue import FRIDAY, catalogue_of, parser_on_friday

CATALOGUE = catalogue_of("PASTA-001", "SAUCE-001", "SAUCE-003", "SAUCE-002")
_parse = parser_on_friday(CATALOGUE)


def _period(text):
    normalized = normalize(text)
    found = period_of(normalized, compact(normalized), FRIDAY)
    return (found.start.isoformat(), found.end.isoformat()) if found else None


@pytest.mark.parametrize(("text", "expected"), [
    ("오늘", ("2026-11-27", "2026-11-27")),
    ("어제", ("2026-11-26", "2026-11-26")),
    ("이번 주", ("2026-11-23", "2026-11-27")),
    ("이번주", ("2026-11-23", "2026-11-27")),
    ("금주", ("2026-11-23", "2026-11-27")),
    ("지난주", ("2026-11-16", "2026-11-22")),
    ("저번 주", ("2026-11-16", "2026-11-22")),
    ("저번주", ("2026-11-16", "2026-11-22")),
    ("이번 달", ("2026-11-01", "2026-11-27")),
    ("지난달", ("2026-10-01", "2026-10-31")),
    ("최근 7일", ("2026-11-21", "2026-11-27")),
    ("최근 2주", ("2026-11-14", "2026-11-27")),
    ("this week", ("2026-11-23", "2026-11-27")),
    ("last month", ("2026-10-01", "2026-10-31")),
    ("last 14 days", ("2026-11-14", "2026-11-27")),
    ("2026-11-01~2026-11-15", ("2026-11-01", "2026-11-15")),
    ("from 2026-11-01 to 2026-11-10", ("2026-11-01", "2026-11-10")),
    ("11월 1일부터 15일까지", ("2026-11-01", "2026-11-15")),
    ("10월", ("2026-10-01", "2026-10-31")),
    ("2026-11-15~2026-11-01", None),  # a range that ends before it starts
    ("재고", None),
])
def test_periods_are_resolved_against_the_given_day(text, expected):
    assert _period(text) == expected


def test_forecast_horizons():
    assert horizon_days("next 30 days", "next30days") == 30
    assert horizon_days("앞으로 2주", "앞으로2주") == 14
    assert horizon_days("다음 달", "다음달") == 30
    assert horizon_days("재고", "재고") is None


def test_typos_and_spacing_are_normalised():
    assert normalize("품졀  위험!") == "품절 위험"
    assert normalize("FORCAST") == "forecast"
    assert _parse("이번주발주량").intent == "order_quantity"
    assert _parse("지난주쿠팡판매량").slots.channel.key == "coupang"


def test_sku_matches_in_any_case_and_wins_over_names():
    parsed = _parse("pasta-001 토마토 재고")
    assert [p.sku for p in parsed.slots.products] == ["PASTA-001"]


def test_the_longest_run_of_name_words_decides():
    assert [p.sku for p in _parse("토마토 소스 재고").slots.products] == ["SAUCE-001"]
    assert [p.sku for p in _parse("tomato basil sauce stock").slots.products] == [
        "SAUCE-003"]


def test_an_ambiguous_name_asks_back_with_the_choices():
    parsed = _parse("토마토 재고")
    assert parsed.intent == "clarify"
    assert parsed.slots.products == ()
    assert sorted(p.sku for p in parsed.slots.candidates) == ["SAUCE-001", "SAUCE-003"]


def test_a_misspelt_name_is_found_fuzzily():
    assert [p.sku for p in _parse("스파게트 재고").slots.products] == ["PASTA-001"]
    assert [p.sku for p in _parse("spagetti stock").slots.products] == ["PASTA-001"]


def test_a_category_word_is_not_taken_for_a_product():
    parsed = _parse("소스 카테고리 판매량")
    assert parsed.slots.category.name == "소스"
    assert parsed.slots.products == ()
    assert parsed.intent == "sales"


def test_a_category_inside_a_supplier_name_is_the_supplier():
    parsed = _parse("Pasta Co 발주 수량")
    assert parsed.slots.supplier.name == "Pasta Co"
    assert parsed.slots.category is None


def test_language_follows_the_words_around_the_names():
    assert _parse("Revenue of the 소스 category last month").language == "en"
    assert _parse("PASTA-001 재고").language == "ko"
    assert _parse("stock of PASTA-001").language == "en"


@pytest.mark.parametrize(("question", "intent"), [
    ("수요 예측이 잘 맞아?", "forecast_accuracy"),
    ("스파게티 수요 예측", "forecast"),
    ("유통기한 지난 재고", "expiring_lots"),
    ("재고가 너무 많은 상품", "overstock"),
    ("입고 예정", "open_pos"),
    ("Why is the Spaghetti order so big?", "why_recommendation"),
    ("Top 3 products last week", "top_sellers"),
    ("What is the capital of France?", "unknown"),
])
def test_intents(question, intent):
    assert _parse(question).intent == intent


def test_top_n_and_worst():
    parsed = _parse("지난주 제일 안 팔린 상품 3개")
    assert (parsed.intent, parsed.slots.order, parsed.slots.top_n) == (
        "top_sellers", "worst", 3)


def test_an_out_of_scope_question_carries_no_slots():
    assert _parse("오늘 날씨 어때?").slots.period is None


@pytest.mark.parametrize("question", [
    "", "   ", "?!", "0", "2026-13-45~2026-99-99", "최근 0일 판매", "top 999",
    "'; DROP TABLE inventory_product; --", "<script>alert(1)</script> 재고",
    "🍝🍝🍝", "재고" * 500, "11월 31일부터 12월 40일까지 판매량",
])
def test_odd_input_parses_without_error(question):
    parsed = _parse(question)
    assert parsed.intent in {
        "order_quantity", "stockout_risk", "stock_level", "sales", "top_sellers",
        "forecast", "forecast_accuracy", "overstock", "expiring_lots", "open_pos",
        "open_alerts", "why_recommendation", "clarify", "unknown"}
    assert parsed.slots.top_n is None or 0 < parsed.slots.top_n <= 50


@pytest.mark.parametrize(("text", "expected"), [
    # The period compared *against* is not the subject of the question.
    ("지난달 대비 이번달 매출", ("2026-11-01", "2026-11-27")),
    ("지난주보다 이번주 판매", ("2026-11-23", "2026-11-27")),
    ("이번주 판매 지난주에 비해 어때", ("2026-11-23", "2026-11-27")),
    ("sales this week vs last week", ("2026-11-23", "2026-11-27")),
    ("this month compared to last month", ("2026-11-01", "2026-11-27")),
    # A baseline alone: the period after it is the subject ("지난주 대비" is
    # this week against last week; was last week until session 8).
    ("지난주 대비", ("2026-11-23", "2026-11-27")),
])
def test_comparison_keeps_the_compared_period_only(text, expected):
    assert _period(text) == expected


@pytest.mark.parametrize(("question", "intent"), [
    # Slot cues when the words are few: a channel → sales, a product alone → stock.
    ("쿠팡 어제", "sales"),
    ("how did coupang do yesterday", "sales"),
    ("스파게티?", "stock_level"),
    # A horizon ahead turns "sales" into a forecast.
    ("spaghetti sales for the next 2 weeks", "forecast"),
    # Chat-style endings and slang of every family.
    ("스파게티 발주각?", "order_quantity"),
    ("품절각인거 있음?", "stockout_risk"),
    ("what's running low", "stockout_risk"),
    ("스파게티 몇개 나갔냐 어제", "sales"),
    ("지난달 꼴찌", "top_sellers"),
    ("과재고 얼마", "overstock"),
    ("anything flagged?", "open_alerts"),
    ("발주한거 언제 들어와", "open_pos"),
    ("how come spaghetti is that high", "why_recommendation"),
    ("점심 뭐 먹지", "unknown"),
])
def test_colloquial_phrasings_reach_their_family(question, intent):
    assert _parse(question).intent == intent


@pytest.mark.parametrize("question", ["지난주 제일 안나간 상품", "what flopped last week",
                                      "지난달 판매 꼴찌", "least sold products"])
def test_worst_seller_cues(question):
    parsed = _parse(question)
    assert parsed.intent == "top_sellers" and parsed.slots.order == "worst"


def test_an_english_word_is_not_a_fuzzy_match_for_a_short_name_word():
    """"yesterday" begins with "yest", one letter from "Vest": the prefix rule
    is for Korean particles ("스파게트는"), not for English words."""
    for product, questions in (
            (CatalogueProduct(9, "VEST-01", "Down Vest"),
             ("yesterday's sales", "sales yesterday")),
            (CatalogueProduct(10, "REST-01", "Rest Pillow"), ("restock advice",))):
        catalogue = Catalogue(products=(*CATALOGUE.products, product))
        for question in questions:
            parsed = parse(question, catalogue=catalogue, today=FRIDAY)
            assert parsed.slots.products == (), question
            assert parsed.slots.candidates == (), question
    catalogue = Catalogue(products=(CatalogueProduct(9, "VEST-01", "Down Vest"),))
    parsed = parse("down vests stock", catalogue=catalogue, today=FRIDAY)
    assert [p.sku for p in parsed.slots.products] == ["VEST-01"]


@pytest.mark.parametrize("question", [
    "PASTA-009 재고", "pasta-009 지난주 판매량", "forecast for PASTA-099",
    "SAUCE-1000 stock", "OTHER-1 재고 알려줘"])
def test_an_unknown_sku_is_said_not_answered_with_another_product(question):
    """A SKU the catalogue does not have must not fall back to a product whose
    name holds one of its letters ("pasta"), nor to every product."""
    parsed = _parse(question)
    assert parsed.intent == "clarify", question
    assert parsed.slots.products == ()
    assert parsed.slots.unknown_sku.lower() in question.lower()


def test_an_unknown_sku_offers_the_close_skus():
    parsed = _parse("PASTA-01 재고")
    assert parsed.intent == "clarify"
    assert "PASTA-001" in [p.sku for p in parsed.slots.candidates]


@pytest.mark.parametrize("question", [
    "top-10 sellers last month", "covid-19 이후 판매량", "2026-11-01~2026-11-15 판매량",
    "최근 7일 판매", "PASTA-001 재고", "p10-p90 forecast of 스파게티"])
def test_words_that_only_look_like_skus_are_left_alone(question):
    assert _parse(question).slots.unknown_sku == ""


GIFT_SET = CatalogueProduct(5, "SET-GIFT-3", "파스타 선물세트 3입 (Pasta gift set, 3 packs)")


@pytest.mark.parametrize("question", ["pasta 001", "pasta 001 재고", "PASTA 001 stock",
                                      "sauce 003 지난주 판매량"])
def test_a_sku_typed_with_spaces_for_its_dashes_is_the_sku(question):
    """"pasta b2 28" named a gift set (its name holds "pasta"), not PASTA-B2-28."""
    catalogue = Catalogue(products=(*CATALOGUE.products, GIFT_SET))
    parsed = parse(question, catalogue=catalogue, today=FRIDAY)
    expected = "SAUCE-003" if "sauce" in question else "PASTA-001"
    assert [p.sku for p in parsed.slots.products] == [expected]


@pytest.mark.parametrize(("question", "top_n"), [
    ("top-10 sellers", 10), ("top 10 sellers", 10), ("top10 last month", 10),
    ("베스트 20", 20), ("top 100 sellers", 50)])
def test_the_number_asked_for_is_honoured_within_the_cap(question, top_n):
    parsed = _parse(question)
    assert parsed.intent == "top_sellers"
    assert parsed.slots.top_n == top_n


@pytest.mark.parametrize(("question", "intent", "breakdown"), [
    ("카테고리별 판매", "sales", "category"),
    ("지난달 카테고리별 매출", "sales", "category"),
    ("sales by category last month", "sales", "category"),
    ("공급사별 매출", "sales", "supplier"),
    ("sales by supplier last week", "sales", "supplier"),
    ("공급사별 발주 금액", "order_quantity", "supplier"),
    ("카테고리별 재고", "stock_level", "category"),
    ("지난주 쿠팡 판매량", "sales", None),
])
def test_a_breakdown_by_category_or_supplier_is_read(question, intent, breakdown):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.breakdown) == (intent, breakdown)


@pytest.mark.parametrize(("question", "period"), [
    ("salse last weak", ("2026-11-16", "2026-11-22")),
    ("sales this mnth", ("2026-11-01", "2026-11-27")),
    ("sold yesterdy", ("2026-11-26", "2026-11-26")),
    ("sales past 7 dyas", ("2026-11-21", "2026-11-27")),
])
def test_misspelt_period_words_are_read(question, period):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert (parsed.slots.period.start.isoformat(),
            parsed.slots.period.end.isoformat()) == period


def test_english_words_near_a_period_word_stay_as_they_are():
    assert normalize("last weekend this model") == "last weekend this model"


PLAIN_SKUS = Catalogue(products=(CatalogueProduct(1, "A1001", "Linen Shirt"),
                                 CatalogueProduct(2, "A1002", "Cotton Shirt"),
                                 CatalogueProduct(3, "B2001", "Wool Scarf")))


@pytest.mark.parametrize("question", ["A1099 재고", "a1099 stock", "B2999 지난주 판매량"])
def test_an_unknown_sku_without_dashes_is_said(question):
    parsed = parse(question, catalogue=PLAIN_SKUS, today=FRIDAY)
    assert parsed.intent == "clarify"
    assert parsed.slots.products == ()
    assert parsed.slots.unknown_sku.lower() in question.lower()


@pytest.mark.parametrize("question", ["A1001 재고", "top10 sellers", "p10 of the shirt",
                                      "A10 stock", "shirt stock"])
def test_words_that_do_not_have_the_shape_of_a_sku_are_not_unknown_skus(question):
    parsed = parse(question, catalogue=PLAIN_SKUS, today=FRIDAY)
    assert parsed.slots.unknown_sku == ""


def test_a_product_word_inside_the_named_category_is_the_category():
    """"롱 파스타" is a category; "파스타" in every product's name is not a product."""
    catalogue = Catalogue(
        products=(CatalogueProduct(1, "P-1", "파스타 B1-01 (Spaghetti)"),
                  CatalogueProduct(2, "P-2", "파스타 B1-02 (Linguine)")),
        categories=(CatalogueItem(1, "롱 파스타 (Long pasta)"),))
    parsed = parse("롱 파스타 카테고리 지난달 판매", catalogue=catalogue, today=FRIDAY)
    assert parsed.intent == "sales"
    assert parsed.slots.category.id == 1 and parsed.slots.products == ()


def test_a_short_english_word_is_not_a_fuzzy_match_for_a_longer_name_word():
    catalogue = Catalogue(products=(CatalogueProduct(1, "P-1", "Penne Rigate 500g"),))
    parsed = parse("return rate by product", catalogue=catalogue, today=FRIDAY)
    assert parsed.slots.products == () and parsed.slots.candidates == ()
    assert [p.sku for p in parse("pene stock", catalogue=catalogue,
                                 today=FRIDAY).slots.products] == ["P-1"]


@pytest.mark.parametrize("question", ["스파게티 안전재고 얼마야",
                                      "what is the reorder point of spaghetti",
                                      "spaghetti safety stock"])
def test_safety_stock_and_reorder_point_are_explained_by_the_why_answer(question):
    assert _parse(question).intent == "why_recommendation"


@pytest.mark.parametrize("question", ["products with zero sales in the last 30 days",
                                      "what didn't sell last month"])
def test_zero_sales_asks_for_the_worst_sellers(question):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.order) == ("top_sellers", "worst")


DEMO_DAY = dt.date(2026, 12, 5)  # a Saturday after the demo's last sales day


@pytest.mark.parametrize(("text", "today", "previous"), [
    ("올해", DEMO_DAY, ("2025-01-01", "2025-12-05")),
    ("this year", dt.date(2024, 2, 29), ("2023-01-01", "2023-02-28")),
    ("last month", DEMO_DAY, ("2026-10-01", "2026-10-31")),
    ("지난달", dt.date(2026, 3, 10), ("2026-01-01", "2026-01-31")),
    ("this month", DEMO_DAY, ("2026-11-01", "2026-11-05")),
    ("이번 달", dt.date(2026, 3, 31), ("2026-02-01", "2026-02-28")),
    ("이번 달", dt.date(2026, 3, 30), ("2026-02-01", "2026-02-28")),
    ("지난주", FRIDAY, ("2026-11-09", "2026-11-15")),
    ("this week", FRIDAY, ("2026-11-16", "2026-11-20")),
    ("어제", FRIDAY, ("2026-11-25", "2026-11-25")),
    ("10월", FRIDAY, ("2026-09-01", "2026-09-30")),
    ("11월", FRIDAY, ("2026-10-01", "2026-10-27")),
    ("최근 30일", FRIDAY, ("2026-09-29", "2026-10-28")),
    ("최근 30일", dt.date(2026, 11, 30), ("2026-10-02", "2026-10-31")),
    ("11월 1일부터 15일까지", FRIDAY, ("2026-10-01", "2026-10-15")),
    ("2026-09-01~2026-10-31", FRIDAY, ("2026-07-01", "2026-08-31")),
    ("2026-11-03~2026-11-15", FRIDAY, ("2026-10-21", "2026-11-02")),
])
def test_a_period_is_compared_with_its_calendar_counterpart(text, today, previous):
    normalized = normalize(text)
    found = period_of(normalized, compact(normalized), today).previous()
    assert (found.start.isoformat(), found.end.isoformat()) == previous


@pytest.mark.parametrize(("question", "intent", "most"), [
    ("품절된 상품 몇 개야", "stock_below", 0),
    ("out of stock products", "stock_below", 0),
    ("재고 1개 남은 상품", "stock_below", 1),
    ("products with less than 5 in stock", "stock_below", 4),
    ("품절 위험이 가장 높은 상품은?", "stockout_risk", None),
    ("which products will be out of stock soon", "stockout_risk", None),
    ("what's running low", "stockout_risk", None),
])
def test_out_of_stock_now_and_below_a_level_are_not_the_risk_list(question, intent,
                                                                   most):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.stock_max) == (intent, most)


@pytest.mark.parametrize(("question", "intent", "metric"), [
    ("주문 건수", "sales", "orders"),
    ("지난주 쿠팡 주문 몇 건이야", "sales", "orders"),
    ("how many orders last week", "sales", "orders"),
    ("how many orders should I place", "order_quantity", None),
    ("how many purchase orders are open", "open_pos", None),
    ("주문수량", "order_quantity", "units"),
])
def test_the_number_of_orders_is_not_a_number_of_units(question, intent, metric):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.metric) == (intent, metric)


@pytest.mark.parametrize(("question", "intent", "order"), [
    ("재고 회전율 낮은 상품", "slow_movers", "slow"),
    ("slow movers", "slow_movers", "slow"),
    ("재고 오래 남는 상품", "slow_movers", "slow"),
    ("slow-moving stock in Pasta", "slow_movers", "slow"),
    ("회전율 높은 상품", "slow_movers", "fast"),
    ("fast movers", "slow_movers", "fast"),
    ("worst sellers last week", "top_sellers", "worst"),
])
def test_slow_movers_rank_stock_not_sales(question, intent, order):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.order) == (intent, order)


@pytest.mark.parametrize(("question", "products", "channel"), [
    ("평균 판매가", [], None),
    ("average selling price last month", [], None),
    ("쿠팡 평균 판매가", [], "coupang"),
    ("스파게티 평균 단가", ["PASTA-001"], None),
    ("what's our ASP on Coupang", [], "coupang"),
])
def test_the_average_selling_price_is_a_sales_metric(question, products, channel):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.metric) == ("sales", "avg_price")
    assert parsed.slots.canonical()["products"] == products
    assert parsed.slots.canonical()["channel"] == channel


@pytest.mark.parametrize(("question", "days", "next_month", "metric"), [
    ("다음 달 예상 매출", 30, True, "revenue"),
    ("forecast revenue next month", 30, True, "revenue"),
    ("다음 30일 예상 판매량", 30, False, "units"),
    ("forecast next 60 days", 60, False, None),
])
def test_an_organization_forecast_keeps_the_calendar_month_apart(question, days,
                                                                 next_month, metric):
    parsed = _parse(question)
    assert parsed.intent == "forecast" and not parsed.slots.products
    assert (parsed.slots.days, parsed.slots.next_month, parsed.slots.metric) == (
        days, next_month, metric)


@pytest.mark.parametrize(("question", "intent"), [
    ("which products will run out before their order arrives", "late_stockout"),
    ("발주해도 늦는 상품", "late_stockout"),
    ("입고 전에 품절되는 상품", "late_stockout"),
    ("what runs out before the PO arrives", "late_stockout"),
    ("품절 위험이 가장 높은 상품은?", "stockout_risk"),
    ("when does my order arrive", "open_pos"),
])
def test_a_stockout_before_the_order_arrives_is_its_own_question(question, intent):
    assert _parse(question).intent == intent
