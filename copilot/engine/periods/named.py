"""Periods a question names: ranges, the last N days, named days, weeks,
months, quarters and years, N units ago, month names."""

from __future__ import annotations

import datetime as dt
import re

from ..types import Period, _months_back
from .calendar import (
    UNIT_DAYS,
    month_of,
    month_start,
    quarter_start,
    safe_date,
    week_start,
)
from .days import MONTH_NAME_EN, MONTHS_EN, calendar_period

_ISO = r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})"
_RANGE_ISO = re.compile(_ISO + r"\s*(?:~|-|–|to|부터|에서|until|and)\s*(?:" + _ISO +
                        r"|(\d{1,2})[-./](\d{1,2}))")
_RANGE_KO = re.compile(r"(\d{1,2})월\s*(\d{1,2})일\s*(?:부터|~|-|에서)\s*"
                       r"(?:(\d{1,2})월\s*)?(\d{1,2})일")
_RANGE_MD = re.compile(r"(?<![\d-])(\d{1,2})/(\d{1,2})\s*(?:~|-|to|부터)\s*"
                       r"(\d{1,2})/(\d{1,2})(?![\d/])")
_LAST_N_KO = re.compile(r"(?:최근|지난|과거|직전)\s*(\d{1,3}|한)\s*(일|주|개월|달)")
_LAST_WEEK_SPAN_KO = re.compile(r"(?:최근|지난|과거|직전)\s*일주일")
_LAST_N_EN = re.compile(r"(?:last|past|previous|recent)\s+(\d{1,3})\s+"
                        r"(day|week|month)s?")
_MONTH_KO = re.compile(r"(?<!\d)(\d{1,2})월(?!\s*\d{1,2}일)")


# "작년 이맘때", "작년 이 맘때", "작년 이때", "작년 같은 달", "same time last year",
# "this time last year": the same calendar month a year ago.
_SAME_TIME_LAST_YEAR_KO = re.compile(r"(?:작년|전년|지난해)\s*(?:이\s*맘\s*때|이맘때|이때|"
                                     r"요맘때|이\s*시기|같은\s*(?:달|기간|시기|때)|동월|"
                                     r"동기)")
_SAME_TIME_LAST_YEAR_EN = re.compile(r"\b(?:(?:the )?same (?:time|month|period)|this "
                                     r"time|around now) (?:of |from )?last year\b"
                                     r"|\blast year (?:at )?(?:this|the same) time\b")
# "3분기", "Q3", "2분기": that quarter of this year (last year's if still to come).
_QUARTER_NUMBER = re.compile(r"(?<!\d)([1-4])\s*분기|\bq([1-4])\b")


def _quarter(number: int, today: dt.date) -> Period:
    year = today.year if number <= (today.month - 1) // 3 + 1 else today.year - 1
    start = dt.date(year, number * 3 - 2, 1)
    end = month_of(year, number * 3, today).end
    return Period(start, end, "quarter_to_date" if end == today else "quarter")


def _named(text: str, flat: str, today: dt.date) -> Period | None:
    """오늘/어제/이번 주/지난주/이번 달/지난달/분기/작년 and their English names."""
    week = week_start(today)
    month = month_start(today)
    last_month_end = month - dt.timedelta(days=1)
    quarter = quarter_start(today)
    last_quarter_end = quarter - dt.timedelta(days=1)
    if _SAME_TIME_LAST_YEAR_KO.search(text) or _SAME_TIME_LAST_YEAR_EN.search(text):
        same = month_of(today.year - 1, today.month, today)
        return Period(same.start, same.end, "month")
    ago = _ago(text, today)
    if ago:
        return ago
    month_before_last_end = month_start(last_month_end) - dt.timedelta(days=1)
    named = [
        # First: "지지난주" holds "지난주", "the week before last" holds "last".
        (("지지난주", "the week before last", "week before last"),
         Period(week - dt.timedelta(days=14), week - dt.timedelta(days=8), "week")),
        (("지지난달", "the month before last", "month before last"),
         Period(month_start(month_before_last_end), month_before_last_end, "month")),
        (("그저께", "그제", "day before yesterday"),
         Period(today - dt.timedelta(days=2), today - dt.timedelta(days=2), "day")),
        (("어제", "yesterday"), Period(today - dt.timedelta(days=1),
                                      today - dt.timedelta(days=1), "day")),
        (("오늘", "today"), Period(today, today, "day")),
        (("지난주", "last week", "previous week", "past week"),
         Period(week - dt.timedelta(days=7), week - dt.timedelta(days=1), "week")),
        (("이번주", "this week"), Period(week, today, "week_to_date")),
        (("지난달", "last month", "previous month", "past month"),
         Period(month_start(last_month_end), last_month_end, "month")),
        (("이번달", "this month"), Period(month, today, "month_to_date")),
        (("지난분기", "전분기", "직전분기", "last quarter", "previous quarter",
          "past quarter"),
         Period(quarter_start(last_quarter_end), last_quarter_end, "quarter")),
        (("이번분기", "금분기", "this quarter", "current quarter"),
         Period(quarter, today, "quarter_to_date")),
        (("올해", "금년", "this year"), Period(today.replace(month=1, day=1), today,
                                              "year_to_date")),
        (("작년", "지난해", "전년", "last year", "previous year"),
         Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31),
                "range")),
    ]
    for words, period in named:
        if any((w in flat) if not w.isascii() else re.search(rf"\b{w}\b", text)
               for w in words):
            return period
    match = _QUARTER_NUMBER.search(text)
    if match:
        return _quarter(int(match.group(1) or match.group(2)), today)
    return None


# "2일 전", "3 days ago": that day; "2주 전", "2 weeks ago": that calendar
# week; "2달 전", "2 months ago": that calendar month.
_AGO = re.compile(r"(?<![\d.])(\d{1,3})\s*(일|주|개월|달|days?|weeks?|months?)\s*"
                  r"(?:전(?!\s*까지|\s*에\s*(?:발주|주문|알려))|ago\b)")


def _ago(text: str, today: dt.date) -> Period | None:
    match = _AGO.search(text)
    if not match or int(match.group(1)) == 0:
        return None
    count, unit = int(match.group(1)), match.group(2).rstrip("s")
    if unit in ("일", "day"):
        day = today - dt.timedelta(days=count)
        return Period(day, day, "day")
    if unit in ("주", "week"):
        monday = week_start(today) - dt.timedelta(days=7 * count)
        return Period(monday, monday + dt.timedelta(days=6), "week")
    first = _months_back(today.replace(day=1), count)
    return month_of(first.year, first.month, today)



def _explicit_range(text: str, today: dt.date) -> Period | None:
    match = _RANGE_ISO.search(text)
    if match:
        g = match.groups()
        start = safe_date(int(g[0]), int(g[1]), int(g[2]))
        end = (safe_date(int(g[3]), int(g[4]), int(g[5])) if g[3]
               else safe_date(int(g[0]), int(g[6]), int(g[7])))
        return Period(start, end) if start and end and start <= end else None
    for pattern in (_RANGE_KO, _RANGE_MD):
        match = pattern.search(text)
        if match:
            m1, d1, m2, d2 = match.groups()
            m2 = m2 or m1
            start = safe_date(today.year, int(m1), int(d1))
            end = safe_date(today.year, int(m2), int(d2))
            if start and start > today:  # "11/1~11/15" in January: last year
                start = safe_date(today.year - 1, int(m1), int(d1))
                end = safe_date(today.year - 1, int(m2), int(d2))
            return Period(start, end) if start and end and start <= end else None
    return None


# "october", "in sept", "vs oct": a month named in English (not "may" the
# verb: that one only after a preposition), not followed by a day.
_MONTH_EN = re.compile(r"\b(?:(in|during|for|of|since|vs\.?|versus|than|to|with|"
                       r"against|over|last)\s+)?(" + MONTH_NAME_EN + r")\b(?!\.?\s*\d)")


def _month_number(text: str) -> int | None:
    match = _MONTH_KO.search(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return int(match.group(1))
    for match in _MONTH_EN.finditer(text):
        if match.group(2) != "may" or match.group(1):
            return MONTHS_EN.index(match.group(2)[:3]) + 1
    return None


def _month_name(text: str, today: dt.date) -> Period | None:
    """"10월", "october" alone: that month of this year (last year when still
    to come)."""
    month = _month_number(text)
    if month is None:
        return None
    year = today.year if month <= today.month else today.year - 1
    start = dt.date(year, month, 1)
    end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
    if end > today:  # the month under way: up to today
        return Period(start, today, "month_to_date")
    return Period(start, end, "month")


def plain_period(text: str, flat: str, today: dt.date) -> Period | None:
    """The period the text names, read as it stands (no baseline taken out)."""
    explicit = _explicit_range(text, today) or calendar_period(text, today)
    if explicit:
        return explicit
    for pattern in (_LAST_N_KO, _LAST_N_EN):
        match = pattern.search(text)
        if match:
            count = 1 if match.group(1) == "한" else int(match.group(1))
            days = count * UNIT_DAYS[match.group(2)]
            if days > 0:
                return Period(today - dt.timedelta(days=days - 1), today, "days")
    if _LAST_WEEK_SPAN_KO.search(text):  # "최근 일주일"
        return Period(today - dt.timedelta(days=6), today, "days")
    named = _named(text, flat, today)
    if named:
        return named
    return _month_name(text, today)
