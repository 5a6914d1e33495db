"""Session 9: comparisons whose baseline is not a calendar name — N units ago
(3주 전이랑 비교, "vs 2 weeks ago"), the period just before the asked one (그
전 주, 전일, "the week prior"), a month in English ("vs september"), the same
day a week back (지난주 같은 날, "the same day last week") — and two periods
side by side, where the later one is asked (지난달하고 이번달 비교, 9월 vs 10월,
"compare september and october"). Phrasings differ from probe 7 and held-out
8 on purpose; answers are checked against tests/copilot/oracle.py."""

from __future__ import annotations

import pytest

from .catalogue import catalogue_of, parser_on_friday
from .oracle import assert_states_the_oracle

CATALOGUE = catalogue_of("PASTA-001", "PASTA-002", "SAUCE-002")
_parse = parser_on_friday(CATALOGUE)
THIS_WEEK, LAST_WEEK = ("2026-11-23", "2026-11-27"), ("2026-11-16", "2026-11-22")
THIS_MONTH, YESTERDAY = ("2026-11-01", "2026-11-27"), ("2026-11-26", "2026-11-26")


def _span(period):
    return (period.start.isoformat(), period.end.isoformat()) if period else None


@pytest.mark.parametrize(("question", "period", "compare"), [
    # N units ago, cut day for day to a period under way.
    ("이번주 자사몰 판매 3주 전이랑 비교", THIS_WEEK, ("2026-11-02", "2026-11-06")),
    ("coupang units this week vs 2 weeks ago", THIS_WEEK,
     ("2026-11-09", "2026-11-13")),
    # The period just before the asked one.
    ("지난주 판매 그 전 주랑 비교", LAST_WEEK, ("2026-11-09", "2026-11-15")),
    ("어제 판매량 전일 대비", YESTERDAY, ("2026-11-25", "2026-11-25")),
    ("sales last week compared to the week prior", LAST_WEEK,
     ("2026-11-09", "2026-11-15")),
    ("지난달 매출 전월 대비", ("2026-10-01", "2026-10-31"),
     ("2026-09-01", "2026-09-30")),
    # A month named in English.
    ("revenue this month vs september", THIS_MONTH, ("2026-09-01", "2026-09-27")),
    ("october sales compared with august", ("2026-10-01", "2026-10-31"),
     ("2026-08-01", "2026-08-31")),
    # The same day a week back.
    ("어제 판매 지난주 같은 날이랑 비교", YESTERDAY, ("2026-11-19", "2026-11-19")),
    ("sales yesterday compared with the same day last week", YESTERDAY,
     ("2026-11-19", "2026-11-19")),
    # Two periods side by side: the later one is asked.
    ("지난달하고 이번달 판매량 비교해줘", THIS_MONTH, ("2026-10-01", "2026-10-27")),
    ("9월 vs 10월 매출", ("2026-10-01", "2026-10-31"), ("2026-09-01", "2026-09-30")),
    ("compare september and october revenue", ("2026-10-01", "2026-10-31"),
     ("2026-09-01", "2026-09-30")),
    ("이번주랑 지난주 펜네 판매 차이", THIS_WEEK, ("2026-11-16", "2026-11-20")),
])
def test_the_baseline_is_resolved(question, period, compare):
    parsed = _parse(question)
    assert parsed.intent == "sales"
    assert (_span(parsed.slots.period), _span(parsed.slots.compare)) == (period, compare)


@pytest.mark.parametrize(("question", "period", "compare"), [
    ("2주 전보다 매출 늘었어?", THIS_WEEK, ("2026-11-09", "2026-11-13")),
    ("전날보다 판매 늘었나", ("2026-11-27", "2026-11-27"), YESTERDAY),
])
def test_only_a_relative_baseline_named_means_the_period_after_it(
        question, period, compare):
    parsed = _parse(question)
    assert (_span(parsed.slots.period), _span(parsed.slots.compare)) == (period, compare)


@pytest.mark.parametrize(("question", "period"), [
    ("sales over the past 3 weeks", ("2026-11-07", "2026-11-27")),
    ("펜네보다 스파게티가 더 팔렸어?", None),
    ("지난주 판매량", LAST_WEEK),
])
def test_no_baseline_without_a_period_compared(question, period):
    parsed = _parse(question)
    assert _span(parsed.slots.period) == period and parsed.slots.compare is None


@pytest.mark.django_db
@pytest.mark.parametrize(("question", "slots"), [
    ("이번주 쿠팡 판매 3주 전이랑 비교", {
        "channel": "coupang", "period": THIS_WEEK,
        "compare": ("2026-11-02", "2026-11-06")}),
    ("스파게티 지난달 판매 전월 대비", {
        "products": ["PASTA-001"], "period": ("2026-10-01", "2026-10-31"),
        "compare": ("2026-09-01", "2026-09-30")}),
    ("penne sales yesterday vs the same day last week", {
        "products": ["PASTA-002"], "period": YESTERDAY,
        "compare": ("2026-11-19", "2026-11-19")}),
])
def test_sales_answers_use_the_resolved_baseline(world, question, slots):
    assert_states_the_oracle(world, question, "sales", slots)
