"""Days named by the calendar: a weekday (지난주 월요일, 월요일, "last
monday", "monday last week"), a weekend (지난 주말, "last weekend"), a date
(11월 10일, 11/10, "nov 10", "the 10th"), two days together (어제오늘, 그제랑
어제, "yesterday and today"), and a period from such a day to today
(월요일부터, 11월 10일 이후로, 지난주부터, "since monday", "since nov 10",
"from the 10th") or to another day (월요일부터 수요일까지, "from monday to
wednesday").

Weeks start on Monday. A weekday alone is the latest one up to today; "지난
월요일" / "last monday" the latest one before today; a weekday with a week
(지난주, 이번주, "last week") that week's. A date without a year is the latest
one up to today.
"""

from __future__ import annotations

import datetime as dt
import re

from ..types import Period
from .calendar import month_start, quarter_start, safe_date, week_start

WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
               "sunday")
WEEKDAYS_KO = "월화수목금토일"
MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
             "nov", "dec")
# "january" … "december" and their short forms ("sept" too); "may" only where
# a month is expected (after a preposition or before a day).
MONTH_NAME_EN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|"
                 r"july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"
                 r"dec(?:ember)?)")
_WEEK_KO = r"(?:지지난주|지난주|이번주|다음주)"
# A weekday, with the week it belongs to or "지난"/"이번" before it.
WEEKDAY_KO = (r"(?:" + _WEEK_KO + r"\s*(?:의\s*)?|(?:지난|이번|저번)\s*)?"
              r"(?<!\d)[월화수목금토일](?:요일|욜)")
WEEKDAY_EN = (r"(?:(?:last|this|past|previous|next)\s+)?(?:" + "|".join(WEEKDAYS_EN) +
              r")(?:\s+(?:of\s+)?(?:last|this|next) week|\s+(?:the\s+)?week before "
              r"last)?|(?:last|this|next) week'?s\s+(?:" + "|".join(WEEKDAYS_EN) + ")")
WEEKEND_KO = r"(?:(?:지지난|지난|이번|다음)\s*주\s*(?:의\s*)?(?:주)?말(?!해|하|씀)|주말)"
WEEKEND_EN = r"(?:(?:last|this|past|previous|next)\s+)?weekend"
DATE_KO = r"(?:(?<!\d)\d{1,2}\s*월\s*\d{1,2}\s*일|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/]))"
# A day of the month alone ("10일") names a day only as a start ("10일부터").
_DAY_OF_MONTH_KO = r"(?<![\d월])\d{1,2}\s*일"
DATE_EN = (r"(?:" + MONTH_NAME_EN + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\d{1,2}(?:st|nd|"
           r"rd|th)?\s+(?:of\s+)?" + MONTH_NAME_EN + r"\b|(?:the\s+)?\d{1,2}(?:st|nd|rd|"
           r"th)\b)")
# Any single day or weekend, as a phrase other rules may embed (baselines).
DAY_PHRASE_KO = r"(?:" + WEEKEND_KO + "|" + WEEKDAY_KO + "|" + DATE_KO + ")"
DAY_PHRASE_EN = r"(?:" + WEEKEND_EN + "|" + WEEKDAY_EN + "|" + DATE_EN + ")"

_DAY_WORDS = {"그저께": -2, "그제": -2, "어제": -1, "오늘": 0,
              "the day before yesterday": -2, "yesterday": -1, "today": 0}
_SPAN_KO = re.compile(r"(그저께|그제|어제)\s*(?:랑|이랑|하고|와|과|,|~|-|부터)?\s*"
                      r"(어제|오늘)(?!\s*(?:대비|보다|비교|에\s*비해))")
_SPAN_EN = re.compile(r"\b(the day before yesterday|yesterday)\s*(?:and|&|,|to|through|"
                      r"-)\s*(yesterday|today)\b")
# "A부터 (B까지)", "A 이후로", "since A", "from A (to B)".
_NAMED_START_KO = (r"지지난주|지난주|이번주|지지난달|지난달|이번달|지난분기|이번분기|그저께|그제|"
                   r"어제|오늘|올해")
_START_KO = r"(?:" + DAY_PHRASE_KO + "|" + _NAMED_START_KO + ")"
_SINCE_KO = re.compile(r"(" + _START_KO + r")\s*(?:부터|이후로?|이래로?)|(" +
                       _DAY_OF_MONTH_KO + r")\s*부터")
_UNTIL_KO = re.compile(r"^\s*(" + _START_KO + "|" + _DAY_OF_MONTH_KO + r")\s*까지")
_NAMED_START_EN = (r"the day before yesterday|yesterday|today|last week|this week|"
                   r"last month|this month|the (?:start|beginning) of (?:the |this )?"
                   r"(?:week|month|year)")
_SINCE_EN = re.compile(
    r"\bsince\s+(" + DAY_PHRASE_EN + "|" + _NAMED_START_EN + r")"
    r"|\b(?:from|starting(?: on| from)?)\s+(" + DAY_PHRASE_EN + r")(?:\s+(?:to|until|"
    r"till|through|thru|-)\s+(" + DAY_PHRASE_EN + "|yesterday|today" + r"))?")

def _weekday_ko(text: str, today: dt.date) -> dt.date | None:
    match = re.search(r"(" + _WEEK_KO + r"|지난|이번|저번)?\s*(?:의\s*)?"
                      r"([월화수목금토일])(?:요일|욜)", text)
    if not match:
        return None
    week = {"지지난주": -2, "지난주": -1, "이번주": 0, "다음주": 1, "이번": 0}.get(
        match.group(1) or "")
    return _weekday(WEEKDAYS_KO.index(match.group(2)), week,
                    before=match.group(1) in ("지난", "저번"), today=today)


def _weekday_en(text: str, today: dt.date) -> dt.date | None:
    names = "|".join(WEEKDAYS_EN)
    match = re.search(r"(?:(last|this|past|previous|next)\s+)?(" + names + r")(?:\s+(?:of"
                      r"\s+)?(last|this|next) week|\s+(?:the\s+)?(week before last))?",
                      text)
    owned = re.search(r"(last|this|next) week'?s\s+(" + names + ")", text)
    if owned:
        return _weekday(WEEKDAYS_EN.index(owned.group(2)),
                        {"last": -1, "this": 0, "next": 1}[owned.group(1)],
                        before=False, today=today)
    if not match:
        return None
    week = {"last": -1, "this": 0, "next": 1}.get(match.group(3) or "")
    if match.group(4):
        week = -2
    elif week is None and match.group(1) in ("this", "next"):
        week = 0 if match.group(1) == "this" else 1
    return _weekday(WEEKDAYS_EN.index(match.group(2)), week,
                    before=match.group(1) in ("last", "past", "previous"), today=today)


def _weekday(index: int, week: int | None, *, before: bool, today: dt.date) -> dt.date:
    """That weekday of a week counted from this one, or the latest one up to
    today (before today when `before`)."""
    if week is not None:
        return week_start(today) + dt.timedelta(days=7 * week + index)
    back = (today.weekday() - index) % 7 or (7 if before else 0)
    return today - dt.timedelta(days=back)


def weekend(text: str, today: dt.date) -> Period | None:
    """지난 주말 / last weekend: Saturday and Sunday of last week; 이번 주말 /
    this weekend: of this week; 주말 / weekend alone: this week's once it has
    begun, else last week's."""
    match = re.search(r"(지지난|지난|이번|다음)\s*주\s*(?:의\s*)?(?:주)?말|(주말)", text) or \
        re.search(r"\b(?:(last|this|past|previous|next)\s+)?weekend\b", text)
    if not match:
        return None
    word = match.group(1) or ""
    weeks = {"지지난": -2, "지난": -1, "last": -1, "past": -1, "previous": -1,
             "이번": 0, "this": 0, "다음": 1, "next": 1}.get(word)
    if weeks is None:
        weeks = 0 if today.weekday() >= 5 else -1
    saturday = week_start(today) + dt.timedelta(days=7 * weeks + 5)
    return Period(saturday, saturday + dt.timedelta(days=1), "range")


def _date_ko(text: str, today: dt.date) -> dt.date | None:
    match = re.search(r"(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일|(\d{1,2})/(\d{1,2})", text)
    if not match:
        return None
    month = match.group(1) or match.group(3)
    day = int(match.group(2) or match.group(4))
    return _latest(int(month) if month else None, day, today)


def _date_en(text: str, today: dt.date) -> dt.date | None:
    match = re.search(r"(" + MONTH_NAME_EN + r")\.?\s+(\d{1,2})|(\d{1,2})(?:st|nd|rd|th)?"
                      r"\s+(?:of\s+)?(" + MONTH_NAME_EN + r")\b|(\d{1,2})(?:st|nd|rd|th)\b",
                      text)
    if not match:
        return None
    name = match.group(1) or match.group(4)
    day = int(match.group(2) or match.group(3) or match.group(5))
    return _latest(MONTHS_EN.index(name[:3]) + 1 if name else None, day, today)


def _latest(month: int | None, day: int, today: dt.date) -> dt.date | None:
    """The latest date up to today with that day (and month)."""
    if month is None:
        found = safe_date(today.year, today.month, day)
        if found is None or found > today:
            previous = month_start(today) - dt.timedelta(days=1)
            found = safe_date(previous.year, previous.month, day)
        return found
    found = safe_date(today.year, month, day)
    if found is not None and found > today:
        found = safe_date(today.year - 1, month, day)
    return found


def day_of(words: str, today: dt.date) -> Period | None:
    """One day or weekend named as `words` ("지난주 월요일", "the 10th")."""
    found = weekend(words, today)
    if found:
        return found
    day = (_weekday_ko(words, today) or _weekday_en(words, today)
           or _date_ko(words, today) or _date_en(words, today))
    if day is None:
        return None
    return Period(day, day, "day")


def _named_span(words: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a day, week or month named by a word."""
    week, month = week_start(today), month_start(today)
    last_month = month_start(month - dt.timedelta(days=1))
    spans = {
        "이번주": (week, today), "this week": (week, today),
        "지난주": (week - dt.timedelta(days=7), week - dt.timedelta(days=1)),
        "last week": (week - dt.timedelta(days=7), week - dt.timedelta(days=1)),
        "지지난주": (week - dt.timedelta(days=14), week - dt.timedelta(days=8)),
        "이번달": (month, today), "this month": (month, today),
        "지난달": (last_month, month - dt.timedelta(days=1)),
        "last month": (last_month, month - dt.timedelta(days=1)),
        "지지난달": (month_start(last_month - dt.timedelta(days=1)),
                 last_month - dt.timedelta(days=1)),
        "이번분기": (quarter_start(today), today),
        "지난분기": (quarter_start(quarter_start(today) - dt.timedelta(days=1)),
                 quarter_start(today) - dt.timedelta(days=1)),
        "올해": (today.replace(month=1, day=1), today),
    }
    if words in _DAY_WORDS:
        day = today + dt.timedelta(days=_DAY_WORDS[words])
        return day, day
    if words in spans:
        return spans[words]
    begins = re.fullmatch(r"the (?:start|beginning) of (?:the |this )?(week|month|year)",
                          words)
    if begins:
        first = {"week": week, "month": month,
                 "year": today.replace(month=1, day=1)}[begins.group(1)]
        return first, first
    day_only = re.fullmatch(r"(\d{1,2})\s*일", words)
    if day_only:
        day = _latest(None, int(day_only.group(1)), today)
        return (day, day) if day else None
    found = day_of(words, today)
    return (found.start, found.end) if found else None


def _kind(start: dt.date, end: dt.date, today: dt.date) -> str:
    """A period from a week's, month's, quarter's or year's first day to today
    is compared as that period to date."""
    if end != today:
        return "range"
    if start == week_start(today):
        return "week_to_date"
    if start == month_start(today):
        return "month_to_date"
    if start == quarter_start(today):
        return "quarter_to_date"
    return "year_to_date" if start == today.replace(month=1, day=1) else "range"


def since(text: str, today: dt.date) -> Period | None:
    """"월요일부터", "11월 10일 이후로", "since monday", "from the 10th to the
    20th": from that day to today (or to the end of the day or week named as
    the end)."""
    for pattern in (_SINCE_KO, _SINCE_EN):
        match = pattern.search(text)
        if not match:
            continue
        groups = [g.strip() for g in match.groups() if g]
        if pattern is _SINCE_KO:
            until = _UNTIL_KO.match(text[match.end():])
            groups += [until.group(1)] if until else []
        first = _named_span(groups[0], today)
        last = _named_span(groups[1], today) if len(groups) > 1 else (today, today)
        if first is None or last is None:
            return None
        start, end = first[0], min(last[1], today)
        if start >= today or start > end:
            return None
        return Period(start, end, _kind(start, end, today))
    return None


def span(text: str, today: dt.date) -> Period | None:
    """Two day words together: "어제오늘", "그제랑 어제", "yesterday and today"."""
    for pattern in (_SPAN_KO, _SPAN_EN):
        match = pattern.search(text)
        if match:
            first, last = _DAY_WORDS[match.group(1)], _DAY_WORDS[match.group(2)]
            if first < last:
                return Period(today + dt.timedelta(days=first),
                              today + dt.timedelta(days=last), "range")
    return None


_UNTIL_AFTER = re.compile(r"^\s*(?:까지|이전|전까지)")


def calendar_period(text: str, today: dt.date) -> Period | None:
    """A period named by calendar days (see the module docstring), or None.
    A day followed by 까지 ("월요일까지") is a deadline ahead, not a period."""
    found = since(text, today) or span(text, today)
    if found:
        return found
    match = re.search(DAY_PHRASE_KO + "|" + r"\b(?:" + DAY_PHRASE_EN + r")\b", text)
    if not match or _UNTIL_AFTER.match(text[match.end():]) or re.search(
            r"\b(?:by|until|till|before)\s*$", text[:match.start()]):
        return None
    return day_of(match.group(0), today)
