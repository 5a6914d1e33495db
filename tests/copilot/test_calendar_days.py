"""Session 9: periods named by calendar days — a weekday (지난주 목요일, "last
wednesday"), a weekend (저번 주말, "over the weekend"), two days together (그제
어제, "yesterday and today"), a period from a day to today (화요일부터, 11월 20일
이후, "since tuesday", "from nov 20 to nov 25") — and deadlines ahead as
forecast horizons or order-by windows (월말까지, 크리스마스까지, "until the end
of the year", "by next friday"). Phrasings differ from probe 7 and held-out 8
on purpose; answers are checked against tests/copilot/oracle.py.

The business day is Friday 2026-11-27 (weeks start on Monday)."""

from __future__ import annotations

import pytest

from copilot.services import copilot_answer

from .catalogue import catalogue_of, parser_on_friday
from .oracle import assert_states_the_oracle, expected

CATALOGUE = catalogue_of("PASTA-001", "PASTA-002", "SAUCE-001", "SAUCE-002", "SAUCE-003")
_parse = parser_on_friday(CATALOGUE)


def _span(period):
    return (period.start.isoformat(), period.end.isoformat()) if period else None


@pytest.mark.parametrize(("question", "span"), [
    # A weekday: of the week named, else the latest one (before today with 지난/last).
    ("지난주 목요일 자사몰 판매", ("2026-11-19", "2026-11-19")),
    ("화요일 매출 얼마", ("2026-11-24", "2026-11-24")),
    ("지난 토요일 판매량", ("2026-11-21", "2026-11-21")),
    ("저번주 금욜 쿠팡 매출", ("2026-11-20", "2026-11-20")),
    ("sales on thursday last week", ("2026-11-19", "2026-11-19")),
    ("revenue last wednesday", ("2026-11-25", "2026-11-25")),
    ("units sold this tuesday", ("2026-11-24", "2026-11-24")),
    # A weekend: Saturday and Sunday.
    ("저번 주말 매출", ("2026-11-21", "2026-11-22")),
    ("지지난 주말 판매", ("2026-11-14", "2026-11-15")),
    ("주말 동안 쿠팡 판매", ("2026-11-21", "2026-11-22")),
    ("penne sales over the weekend", ("2026-11-21", "2026-11-22")),
    # Two day words together.
    ("그제 어제 판매량", ("2026-11-25", "2026-11-26")),
    ("어제랑 오늘 쿠팡 매출", ("2026-11-26", "2026-11-27")),
    ("sales yesterday and today", ("2026-11-26", "2026-11-27")),
    # From a day to today, or to the day named as the end.
    ("화요일부터 판매 얼마나 됐어", ("2026-11-24", "2026-11-27")),
    ("11월 20일 이후 스마트스토어 판매", ("2026-11-20", "2026-11-27")),
    ("20일부터 매출", ("2026-11-20", "2026-11-27")),
    ("지난달부터 스파게티 판매", ("2026-10-01", "2026-11-27")),
    ("revenue since tuesday", ("2026-11-24", "2026-11-27")),
    ("sales since the 15th", ("2026-11-15", "2026-11-27")),
    ("units from nov 20 to nov 25", ("2026-11-20", "2026-11-25")),
])
def test_calendar_days_are_periods(question, span):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert _span(parsed.slots.period) == span


def test_since_this_weeks_monday_is_compared_as_this_week():
    """월요일부터 = this week so far: compared with the same days of last week."""
    period = _parse("월요일부터 매출").slots.period
    assert _span(period) == ("2026-11-23", "2026-11-27")
    assert _span(period.previous()) == ("2026-11-16", "2026-11-20")


@pytest.mark.parametrize(("question", "span", "days"), [
    ("앞으로 14일 스파게티 예측", None, 14),
    ("최근 30일 판매", ("2026-10-29", "2026-11-27"), None),
    ("유통기한 3일 안에 끝나는 거", None, 3),
    ("3일 전에 팔린 펜네", ("2026-11-24", "2026-11-24"), None),
])
def test_day_counts_are_not_days_of_the_month(question, span, days):
    parsed = _parse(question)
    assert (_span(parsed.slots.period), parsed.slots.days) == (span, days)


@pytest.mark.parametrize(("question", "intent", "days"), [
    ("월말까지 펜네 몇 개 팔릴까", "forecast", 3),
    ("크리스마스까지 토마토 소스 수요", "forecast", 28),
    ("12월 20일까지 바질 페스토 예상 판매", "forecast", 23),
    ("다음주 화요일까지 스파게티 얼마나 나갈까", "forecast", 4),
    ("how much penne will sell until the end of the year", "forecast", 34),
    ("spaghetti forecast through dec 31", "forecast", 34),
    ("spaghetti demand by next friday", "forecast", 7),
    ("연말까지 유통기한 끝나는 로트", "expiring_lots", 34),
])
def test_a_deadline_ahead_is_a_horizon(question, intent, days):
    parsed = _parse(question)
    assert (parsed.intent, parsed.slots.days) == (intent, days)


@pytest.mark.parametrize(("question", "span"), [
    ("연말 전까지 발주해야 할 거", ("2026-11-28", "2026-12-30")),
    ("what must I reorder before friday", ("2026-11-28", "2026-12-03")),
])
def test_ordering_up_to_a_deadline_keeps_that_window(question, span):
    parsed = _parse(question)
    assert parsed.intent == "order_quantity"
    assert _span(parsed.slots.period) == span


@pytest.mark.parametrize("question", ["11월 1일부터 15일까지 판매량",
                                      "11월 15일까지 판매량"])
def test_a_past_end_is_not_a_deadline(question):
    parsed = _parse(question)
    assert parsed.intent == "sales" and parsed.slots.days is None


# -- answers in the world, against the oracle ----------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("question", "slots"), [
    ("그제랑 어제 자사몰 매출", {"channel": "own_mall",
                          "period": ("2026-11-25", "2026-11-26")}),
    ("화요일부터 쿠팡 판매", {"channel": "coupang",
                       "period": ("2026-11-24", "2026-11-27")}),
    ("지난주 수요일 펜네 판매량", {"products": ["PASTA-002"],
                         "period": ("2026-11-18", "2026-11-18")}),
    ("smartstore sales last weekend", {"channel": "smartstore",
                                       "period": ("2026-11-21", "2026-11-22")}),
])
def test_sales_answers_cover_the_calendar_days(world, question, slots):
    assert_states_the_oracle(world, question, "sales", slots)


@pytest.mark.django_db
def test_a_forecast_up_to_a_deadline_sums_those_days(world):
    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question="크리스마스까지 토마토 소스 얼마나 팔릴까")
    _products, values = expected(world.alpha, "forecast",
                                 {"products": ["SAUCE-001"], "days": 28})
    assert answer.intent == "forecast"
    assert [round(float(v)) for v in answer.values] == values
