"""Periods named in a question, resolved against the business day passed in.

Weeks start on Monday. "This week/month" ends today; "last N days" is the N
days ending today. Forecast horizons ("next 14 days", "앞으로 14일") are read
separately by `horizon_days`.
"""

from __future__ import annotations

import datetime as dt
import re

from .types import Period

_ISO = r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})"
_RANGE_ISO = re.compile(_ISO + r"\s*(?:~|-|–|to|부터|에서|until|and)\s*(?:" + _ISO +
                        r"|(\d{1,2})[-./](\d{1,2}))")
_RANGE_KO = re.compile(r"(\d{1,2})월\s*(\d{1,2})일\s*(?:부터|~|-|에서)\s*"
                       r"(?:(\d{1,2})월\s*)?(\d{1,2})일")
_RANGE_MD = re.compile(r"(?<![\d-])(\d{1,2})/(\d{1,2})\s*(?:~|-|to|부터)\s*"
                       r"(\d{1,2})/(\d{1,2})(?![\d/])")
_LAST_N_KO = re.compile(r"(?:최근|지난|과거|직전)\s*(\d{1,3})\s*(일|주|개월|달)")
_LAST_N_EN = re.compile(r"(?:last|past|previous|recent)\s+(\d{1,3})\s+"
                        r"(day|week|month)s?")
_AHEAD_KO = re.compile(r"(?:앞으로|다음|향후|이후|향후에|앞으로의)\s*(\d{1,3})\s*(일|주|개월|달)")
_AHEAD_EN = re.compile(r"(?:next|coming|following|in)\s+(\d{1,3})\s+(day|week|month)s?")
_BARE_DAYS = re.compile(r"(\d{1,3})\s*(?:일간|일 동안|일동안|일치|days?)\b|(\d{1,3})일(?!\s*부터)")
_MONTH_KO = re.compile(r"(?<!\d)(\d{1,2})월(?!\s*\d{1,2}일)")
_UNIT_DAYS = {"일": 1, "day": 1, "주": 7, "week": 7, "개월": 30, "달": 30, "month": 30}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _named(text: str, flat: str, today: dt.date) -> Period | None:
    """오늘/어제/이번 주/지난주/이번 달/지난달 and their English names."""
    week = _week_start(today)
    month = _month_start(today)
    last_month_end = month - dt.timedelta(days=1)
    named = [
        (("그저께", "그제", "day before yesterday"),
         Period(today - dt.timedelta(days=2), today - dt.timedelta(days=2), "day")),
        (("어제", "yesterday"), Period(today - dt.timedelta(days=1),
                                      today - dt.timedelta(days=1), "day")),
        (("오늘", "today"), Period(today, today, "day")),
        (("지난주", "last week", "previous week", "past week"),
         Period(week - dt.timedelta(days=7), week - dt.timedelta(days=1), "week")),
        (("이번주", "this week"), Period(week, today, "week_to_date")),
        (("지난달", "last month", "previous month", "past month"),
         Period(_month_start(last_month_end), last_month_end, "month")),
        (("이번달", "this month"), Period(month, today, "month_to_date")),
        (("올해", "this year"), Period(today.replace(month=1, day=1), today,
                                       "year_to_date")),
    ]
    for words, period in named:
        if any((w in flat) if not w.isascii() else re.search(rf"\b{w}\b", text)
               for w in words):
            return period
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _explicit_range(text: str, today: dt.date) -> Period | None:
    match = _RANGE_ISO.search(text)
    if match:
        g = match.groups()
        start = _date(int(g[0]), int(g[1]), int(g[2]))
        end = (_date(int(g[3]), int(g[4]), int(g[5])) if g[3]
               else _date(int(g[0]), int(g[6]), int(g[7])))
        return Period(start, end) if start and end and start <= end else None
    for pattern in (_RANGE_KO, _RANGE_MD):
        match = pattern.search(text)
        if match:
            m1, d1, m2, d2 = match.groups()
            m2 = m2 or m1
            start = _date(today.year, int(m1), int(d1))
            end = _date(today.year, int(m2), int(d2))
            if start and start > today:  # "11/1~11/15" in January: last year
                start = _date(today.year - 1, int(m1), int(d1))
                end = _date(today.year - 1, int(m2), int(d2))
            return Period(start, end) if start and end and start <= end else None
    return None


def _month_name(text: str, today: dt.date) -> Period | None:
    """"10월" alone: that month of this year (last year when still to come)."""
    match = _MONTH_KO.search(text)
    if not match or not 1 <= int(match.group(1)) <= 12:
        return None
    month = int(match.group(1))
    year = today.year if month <= today.month else today.year - 1
    start = dt.date(year, month, 1)
    end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
    if end > today:  # the month under way: up to today
        return Period(start, today, "month_to_date")
    return Period(start, end, "month")


_NAMED_KO = r"(그저께|그제|어제|오늘|지난주|이번주|지난달|이번달|작년|전년|올해)"
_NAMED_EN = (r"(the day before yesterday|yesterday|today|last week|this week|"
             r"last month|this month|last year|this year|the previous (?:week|month)|"
             r"the week before|the month before)")
_BASELINE = (
    # "지난주 대비 이번주", "지난달보다 이번달", "지난주에 비해", "지난주랑 비교"
    re.compile(_NAMED_KO + r"\s*(?:대비|보다|에\s*비해|에\s*비하면|비해|"
               r"(?:와|과|랑|이랑|하고)\s*비교)"),
    # "this week vs last week", "compared to last month", "than yesterday"
    re.compile(r"\b(?:vs\.?|versus|compared (?:to|with)|than|against|over)\s+"
               + _NAMED_EN + r"\b"),
)


def without_baseline(text: str) -> tuple[str, bool]:
    """The question without the period it is compared *against*, and whether
    it compares at all: "지난달 대비 이번달 매출" is this month's sales (the
    answer already states the previous period beside it)."""
    compared = False
    for pattern in _BASELINE:
        found = pattern.search(text)
        if found:
            rest = text[:found.start()] + " " + text[found.end():]
            # Only drop it when another period remains to be the subject.
            if _named(rest, rest.replace(" ", ""), dt.date(2000, 1, 5)):
                text, compared = rest, True
    return text, compared


def period_of(text: str, flat: str, today: dt.date) -> Period | None:
    """The period the question names, or None (a compared-against one aside)."""
    text, compared = without_baseline(text)
    if compared:
        flat = text.replace(" ", "")
    explicit = _explicit_range(text, today)
    if explicit:
        return explicit
    for pattern in (_LAST_N_KO, _LAST_N_EN):
        match = pattern.search(text)
        if match:
            days = int(match.group(1)) * _UNIT_DAYS[match.group(2)]
            if days > 0:
                return Period(today - dt.timedelta(days=days - 1), today, "days")
    named = _named(text, flat, today)
    if named:
        return named
    return _month_name(text, today)


def horizon_days(text: str, flat: str) -> int | None:
    """A forecast horizon: "앞으로 14일", "next 2 weeks", "다음 달" (30)."""
    for pattern in (_AHEAD_KO, _AHEAD_EN):
        match = pattern.search(text)
        if match:
            return int(match.group(1)) * _UNIT_DAYS[match.group(2)]
    if any(w in flat for w in ("다음달", "다음 달", "향후한달", "앞으로한달")) or re.search(
            r"\bnext month\b", text):
        return 30
    if any(w in flat for w in ("다음주", "앞으로일주일")) or re.search(r"\bnext week\b", text):
        return 7
    return None


def next_month_said(text: str, flat: str) -> bool:
    """"다음 달"/"next month" with no count of days, weeks or months ahead."""
    if any(pattern.search(text) for pattern in (_AHEAD_KO, _AHEAD_EN)):
        return False
    return "다음달" in flat or bool(re.search(r"\bnext month\b", text))


def bare_days(text: str) -> int | None:
    """A number of days without a direction ("30일", "30 days")."""
    match = _BARE_DAYS.search(text)
    if not match:
        # A span in words ("한 달 수요", "a month of demand").
        flat = text.replace(" ", "")
        if any(w in flat for w in ("한달", "1달")) or re.search(r"\b(a|one) month\b",
                                                               text):
            return 30
        if any(w in flat for w in ("한주", "일주일")) or re.search(r"\b(a|one) week\b",
                                                                text):
            return 7
        return None
    return int(match.group(1) or match.group(2))
