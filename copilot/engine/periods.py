"""Periods named in a question, resolved against the business day passed in.

Weeks start on Monday. "This week/month" ends today; "last N days" is the N
days ending today. Forecast horizons ("next 14 days", "앞으로 14일") are read
separately by `horizon_days`.
"""

from __future__ import annotations

import datetime as dt
import re

from .types import Period, _months_back

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
_AHEAD_KO = re.compile(r"(?:앞으로|다음|향후|이후|향후에|앞으로의)\s*(\d{1,3})\s*(일|주|개월|달)")
_AHEAD_EN = re.compile(r"(?:next|coming|following|in)\s+(\d{1,3})\s+(day|week|month)s?")
_BARE_DAYS = re.compile(r"(\d{1,3})\s*(?:일간|일 동안|일동안|일치|days?)\b|(\d{1,3})일(?!\s*부터)")
_BARE_SPAN = re.compile(r"(?<![\d.])(\d{1,3})\s*(주|개월|달|weeks?|months?)(?![a-z가-힣])"
                        r"|(?<![\d.])(\d{1,3})\s*(주|개월|달)(?=\s*(?:남은|남았|이내|안에|내|치|간|"
                        r"동안|뒤|후))")
_MONTH_KO = re.compile(r"(?<!\d)(\d{1,2})월(?!\s*\d{1,2}일)")
_UNIT_DAYS = {"일": 1, "day": 1, "주": 7, "week": 7, "개월": 30, "달": 30, "month": 30}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _month_of(year: int, month: int, today: dt.date) -> Period:
    """A calendar month (up to today when it is under way)."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    if end >= today:
        return Period(start, today, "month_to_date")
    return Period(start, end, "month")


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
    end = _month_of(year, number * 3, today).end
    return Period(start, end, "quarter_to_date" if end == today else "quarter")


def _named(text: str, flat: str, today: dt.date) -> Period | None:
    """오늘/어제/이번 주/지난주/이번 달/지난달/분기/작년 and their English names."""
    week = _week_start(today)
    month = _month_start(today)
    last_month_end = month - dt.timedelta(days=1)
    quarter = _quarter_start(today)
    last_quarter_end = quarter - dt.timedelta(days=1)
    if _SAME_TIME_LAST_YEAR_KO.search(text) or _SAME_TIME_LAST_YEAR_EN.search(text):
        same = _month_of(today.year - 1, today.month, today)
        return Period(same.start, same.end, "month")
    ago = _ago(text, today)
    if ago:
        return ago
    month_before_last_end = _month_start(last_month_end) - dt.timedelta(days=1)
    named = [
        # First: "지지난주" holds "지난주", "the week before last" holds "last".
        (("지지난주", "the week before last", "week before last"),
         Period(week - dt.timedelta(days=14), week - dt.timedelta(days=8), "week")),
        (("지지난달", "the month before last", "month before last"),
         Period(_month_start(month_before_last_end), month_before_last_end, "month")),
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
        (("지난분기", "전분기", "직전분기", "last quarter", "previous quarter",
          "past quarter"),
         Period(_quarter_start(last_quarter_end), last_quarter_end, "quarter")),
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
        monday = _week_start(today) - dt.timedelta(days=7 * count)
        return Period(monday, monday + dt.timedelta(days=6), "week")
    first = _months_back(today.replace(day=1), count)
    return _month_of(first.year, first.month, today)


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


# A year back, as a baseline: "작년", "전년 동기", "작년 같은 달", "작년 이맘때",
# "last year", "the same month last year", "a year ago".
_YEAR_BACK_KO = (r"(?:작년|전년|지난해)(?:\s*(?:동기|동월|같은\s*(?:달|기간|시기|때|주|분기)|"
                 r"이\s*맘\s*때|요맘때|이때|이\s*시기))?")
_YEAR_BACK_EN = (r"(?:the\s+)?same (?:time|month|week|period|quarter|days?) (?:of |from |"
                 r"in )?last year|last year|the previous year|a year (?:ago|earlier|before)")
_YEAR_BACK = re.compile(r"^(?:" + _YEAR_BACK_KO + "|" + _YEAR_BACK_EN + r")$")
_NAMED_KO = (r"(지지난주|지지난달|그저께|그제|어제|오늘|지난주|이번주|지난달|이번달|지난분기|"
             r"전분기|이번분기|" + _YEAR_BACK_KO + r"|올해|(?<!\d)\d{1,2}월|[1-4]\s*분기)")
_NAMED_EN = (r"(the day before yesterday|yesterday|today|the week before last|"
             r"the month before last|" + _YEAR_BACK_EN + r"|last week|this week|"
             r"last month|this month|last quarter|this quarter|this year|"
             r"the previous (?:week|month|quarter)|the week before|"
             r"the month before)")
_BASELINE = (
    # "지난주 대비 이번주", "지난달보다 이번달", "지난주에 비해", "지난주랑 비교",
    # "작년 같은 달이랑 비교", "전년 동기 대비", "9월 대비"
    re.compile(_NAMED_KO + r"\s*(?:대비|보다|에\s*비해|에\s*비하면|비해|"
               r"(?:와|과|랑|이랑|하고)\s*비교)"),
    # "this week vs last week", "compared to last month", "than yesterday",
    # "up from last week", "grown since last month", "vs the same month last year"
    re.compile(r"\b(?:vs\.?|versus|compared (?:to|with)|than|against|over|"
               r"(?:up|down|rise|rose|risen|grow|grew|grown|increased?|decreased?|"
               r"dropp?(?:ed)?|fall|fell|fallen|changed?|improved?)\s+"
               r"(?:from|since|on))\s+" + _NAMED_EN + r"\b"),
)
# The period after a baseline: "쿠팡 저번주보다 늘었나" asks about this week.
_FOLLOWING = {
    "그저께": "어제", "그제": "어제", "어제": "오늘", "지난주": "이번주", "지난달": "이번달",
    "지지난주": "이번주", "지지난달": "이번달",
    "지난분기": "이번분기", "전분기": "이번분기", "작년": "올해", "전년": "올해",
    "지난해": "올해", "the day before yesterday": "yesterday", "yesterday": "today",
    "last week": "this week", "the previous week": "this week",
    "the week before": "this week", "last month": "this month",
    "the previous month": "this month", "the month before": "this month",
    "the week before last": "this week", "the month before last": "this month",
    "last quarter": "this quarter", "the previous quarter": "this quarter",
    "last year": "this year", "the previous year": "this year",
}


def _following(words: str) -> str | None:
    """The period meant when only the baseline is named: the one after it;
    a named month or the same month a year back → this month."""
    if words in _FOLLOWING:
        return _FOLLOWING[words]
    if re.fullmatch(r"\d{1,2}월", words) or _YEAR_BACK.match(words):
        return "이번달" if re.search(r"[가-힣]", words) else "this month"
    return None


# Words of change that make a question a comparison ("늘었어?", "went up?").
_CHANGE_KO = ("늘었", "늘어났", "줄었", "줄어들", "증가", "감소", "올랐", "성장", "더팔",
              "덜팔", "차이")
_CHANGE_EN = re.compile(r"\b(?:go(?:ne)? up|went up|go(?:ne)? down|went down|"
                        r"increas\w*|decreas\w*|grow\w*|grew|drop(?:ped)?|"
                        r"improv\w*|better|worse)\b")


def compares(text: str) -> bool:
    """The question compares with a period or asks whether something changed."""
    flat = text.replace(" ", "")
    return any(p.search(text) for p in _BASELINE) or any(
        w in flat for w in _CHANGE_KO) or bool(_CHANGE_EN.search(text))


def without_baseline(text: str) -> tuple[str, bool]:
    """The question without the period it is compared *against*, and whether
    it was dropped: "지난달 대비 이번달 매출" is this month's sales (the
    answer already states the previous period beside it). With no other
    period named, the period after the baseline is meant ("저번주보다 늘었나":
    this week)."""
    changed = False
    for pattern in _BASELINE:
        found = pattern.search(text)
        if found:
            rest = text[:found.start()] + " " + text[found.end():]
            # Drop it when another period remains to be the subject.
            if _has_period(rest):
                text, changed = rest, True
            elif _following(found.group(1)):
                text = rest + " " + _following(found.group(1))
                changed = True
    return text, changed


def _has_period(text: str) -> bool:
    return period_of(text, text.replace(" ", ""), dt.date(2000, 1, 5)) is not None


def _aligned(baseline: Period, period: Period) -> Period:
    """The baseline cut to as many days as the asked period has when that one
    is still under way (this week, month, quarter or year to date)."""
    if period.kind in ("week_to_date", "month_to_date", "quarter_to_date",
                       "year_to_date"):
        end = min(baseline.end, baseline.start + (period.end - period.start))
        return Period(baseline.start, end, baseline.kind)
    return baseline


def baseline_of(text: str, period: Period | None, today: dt.date) -> Period | None:
    """The period the question names to compare *with* ("작년 대비 이번달",
    "지지난주랑 비교", "vs the same month last year"), aligned day for day to
    the asked period; a year back (작년, 전년 동기, last year) is the asked
    period a year earlier. None when no baseline is named."""
    if period is None:
        return None
    for pattern in _BASELINE:
        found = pattern.search(text)
        if not found:
            continue
        words = found.group(1)
        if _YEAR_BACK.match(words):
            return Period(_months_back(period.start, 12), _months_back(period.end, 12),
                          period.kind)
        named = _named(words, words.replace(" ", ""), today) or _month_name(words, today)
        if named is None:
            return None
        return _aligned(named, period)
    return None


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
            count = 1 if match.group(1) == "한" else int(match.group(1))
            days = count * _UNIT_DAYS[match.group(2)]
            if days > 0:
                return Period(today - dt.timedelta(days=days - 1), today, "days")
    if _LAST_WEEK_SPAN_KO.search(text):  # "최근 일주일"
        return Period(today - dt.timedelta(days=6), today, "days")
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


def ahead_period(text: str, flat: str, today: dt.date) -> Period | None:
    """A period still to come, as dates: "다음주"/"next week" (Monday to
    Sunday), "다음 달"/"next month" (the calendar month), "앞으로 14일"/"next 2
    weeks" (tomorrow on). For what must be done by then ("다음주에 발주할 거")."""
    for pattern in (_AHEAD_KO, _AHEAD_EN):
        match = pattern.search(text)
        if match:
            days = int(match.group(1)) * _UNIT_DAYS[match.group(2)]
            if days > 0:
                return Period(today + dt.timedelta(days=1),
                              today + dt.timedelta(days=days), "days")
    if "다음주" in flat or re.search(r"\bnext week\b", text):
        monday = _week_start(today) + dt.timedelta(days=7)
        return Period(monday, monday + dt.timedelta(days=6), "week")
    if "다음달" in flat or re.search(r"\bnext month\b", text):
        first = (_month_start(today) + dt.timedelta(days=32)).replace(day=1)
        end = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Period(first, end, "month")
    return None


def next_month_said(text: str, flat: str) -> bool:
    """"다음 달"/"next month" with no count of days, weeks or months ahead."""
    if any(pattern.search(text) for pattern in (_AHEAD_KO, _AHEAD_EN)):
        return False
    return "다음달" in flat or bool(re.search(r"\bnext month\b", text))


def bare_days(text: str) -> int | None:
    """A number of days without a direction ("30일", "30 days")."""
    match = _BARE_DAYS.search(text)
    span = _BARE_SPAN.search(text)
    if not match and span:  # "2주 남은", "3 weeks", "2개월"
        number, unit = span.group(1) or span.group(3), span.group(2) or span.group(4)
        return int(number) * _UNIT_DAYS[unit.rstrip("s")]
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
