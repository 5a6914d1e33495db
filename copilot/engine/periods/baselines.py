"""Comparisons: the period a question compares *with* (its baseline), and
the asked period once the baseline is taken out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..types import Period, _months_back
from .days import DAY_PHRASE_EN, DAY_PHRASE_KO, MONTH_NAME_EN
from .named import plain_period

# A year back, as a baseline: "작년", "전년 동기", "작년 같은 달", "작년 이맘때",
# "last year", "the same month last year", "a year ago".
_YEAR_BACK_KO = (r"(?:작년|전년|지난해)(?:\s*(?:동기|동월|같은\s*(?:달|기간|시기|때|주|분기)|"
                 r"이\s*맘\s*때|요맘때|이때|이\s*시기))?")
_YEAR_BACK_EN = (r"(?:the\s+)?same (?:time|month|week|period|quarter|days?) (?:of |from |"
                 r"in )?last year|last year|the previous year|a year (?:ago|earlier|before)")
_YEAR_BACK = re.compile(r"^(?:" + _YEAR_BACK_KO + "|" + _YEAR_BACK_EN + r")$")
# A week back from the asked period: "지난주 같은 요일", "the same day last week".
_WEEK_BACK_KO = r"지난주\s*(?:같은\s*(?:요일|날|때)|이맘때|요맘때|이때)"
_WEEK_BACK_EN = (r"(?:the\s+)?same (?:day|time) (?:of |from )?last week|this time last "
                 r"week")
_WEEK_BACK = re.compile(r"^(?:" + _WEEK_BACK_KO + "|" + _WEEK_BACK_EN + r")$")
# The period just before the asked one: "그 전달", "전날", "the day before".
_BEFORE_KO = (r"그\s*전\s*(?:달|주|날|분기)|그\s*이전|그\s*전|전달|전날|전일|"
              r"직전\s*(?:기간|달|주|날)|이전\s*기간|전\s*기간")
_BEFORE_EN = (r"the (?:day|week|month|quarter|period) (?:before|prior)(?!\s+(?:last|"
              r"yesterday))|the (?:previous|prior|preceding) (?:day|week|month|quarter|"
              r"period)|the one before|previous period|prior period")
_BEFORE = re.compile(r"^(?:" + _BEFORE_KO + "|" + _BEFORE_EN + r")$")
_PHRASE_KO = (r"(?:" + "|".join([
    _WEEK_BACK_KO, _YEAR_BACK_KO, _BEFORE_KO, r"(?<![\d.])\d{1,3}\s*(?:일|주|개월|달)\s*전",
    DAY_PHRASE_KO, r"지지난주|지지난달|그저께|그제|어제|오늘|지난주|이번주|지난달|이번달|"
    r"지난분기|전분기|이번분기|올해", r"(?<!\d)\d{1,2}월", r"[1-4]\s*분기"]) + ")")
_PHRASE_EN = (r"(?:" + "|".join([
    _WEEK_BACK_EN, _YEAR_BACK_EN, _BEFORE_EN, r"\d{1,3} (?:days?|weeks?|months?) ago",
    DAY_PHRASE_EN, r"the week before last|the month before last|week before last|"
    r"the day before yesterday|yesterday|today|last week|this week|last month|"
    r"this month|last quarter|this quarter|this year", r"(?:last\s+)?" + MONTH_NAME_EN])
    + r")\b")
_MARKER_KO = r"\s*(?:대비|보다|에\s*비해|에\s*비하면|비해|(?:와|과|랑|이랑|하고)\s*(?:비교|견주))"
_MARKER_EN = (r"\b(?:vs\.?|versus|compared (?:to|with)|relative to|than|against|"
              r"(?:up|down|rise|rose|risen|grow|grew|grown|increased?|decreased?|"
              r"dropp?(?:ed)?|fall|fell|fallen|changed?|improved?)\s+"
              r"(?:from|since|on))\s+")
# Two periods side by side: the later one is asked, the earlier the baseline
# ("지난주랑 이번주 비교", "10월 vs 11월", "compare october and november").
_PAIRS = (
    re.compile(r"(?P<a>" + _PHRASE_KO + r")\s*(?:이랑|랑|와|과|하고|,)\s*(?P<b>" +
               _PHRASE_KO + r")(?=.*(?:비교|견주|차이|어때|어땠|달라|다른))"),
    re.compile(r"(?P<a>" + _PHRASE_KO + "|" + _PHRASE_EN + r")\s*(?:vs\.?|versus|대)\s*"
               r"(?P<b>" + _PHRASE_KO + "|" + _PHRASE_EN + ")"),
    re.compile(r"\bcompare\s+(?P<a>" + _PHRASE_EN + r")\s+(?:and|with|to|against)\s+"
               r"(?P<b>" + _PHRASE_EN + ")"),
)
_BASELINE = (
    # "지난주 대비 이번주", "지난달보다 이번달", "2주 전이랑 비교", "그 전달이랑 비교",
    # "작년 같은 달이랑 비교", "전년 동기 대비", "9월 대비", "지난주 월요일보다"
    re.compile(r"(?P<base>" + _PHRASE_KO + ")" + _MARKER_KO),
    # "compared to last month", "than yesterday", "up from last week", "vs the
    # day before", "compared to october", "vs 2 weeks ago"
    re.compile(_MARKER_EN + r"(?P<base>" + _PHRASE_EN + ")"),
    # "over last week" (not "over the past 3 weeks", a span)
    re.compile(r"\bover\s+(?P<base>the week before last|last week|last month|"
               r"last quarter|last year|yesterday)\b"),
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


_UNIT_FOLLOWING = (("날|일|day", "오늘", "today"), ("주|week", "이번주", "this week"),
                   ("달|월|month", "이번달", "this month"),
                   ("분기|quarter", "이번분기", "this quarter"))
_KIND_UNIT = {"day": "day", "week": "week", "week_to_date": "week", "month": "month",
              "month_to_date": "month", "quarter": "quarter",
              "quarter_to_date": "quarter"}


def _following(words: str) -> str | None:
    """The period meant when only the baseline is named: the one after it;
    a named month or the same month a year back → this month; else the
    current day, week, month or quarter, by the baseline's unit ("2주 전보다"
    → this week, "전날 대비" → today)."""
    if words in _FOLLOWING:
        return _FOLLOWING[words]
    korean = bool(re.search(r"[가-힣]", words))
    if re.fullmatch(r"\d{1,2}월", words) or _YEAR_BACK.match(words):
        return "이번달" if korean else "this month"
    if _BEFORE.match(words):
        unit = words
    else:
        found = plain_period(words, words.replace(" ", ""), _ANY_DAY)
        unit = _KIND_UNIT.get(found.kind, "") if found else ""
    for pattern, ko, en in _UNIT_FOLLOWING:
        if unit and re.search(pattern, unit):
            return ko if korean else en
    return None


# Words of change that make a question a comparison ("늘었어?", "went up?").
_CHANGE_KO = ("늘었", "늘어났", "줄었", "줄어들", "증가", "감소", "올랐", "성장", "더팔",
              "덜팔", "차이")
_CHANGE_EN = re.compile(r"\b(?:go(?:ne)? up|went up|go(?:ne)? down|went down|"
                        r"increas\w*|decreas\w*|grow\w*|grew|drop(?:ped)?|"
                        r"improv\w*|better|worse)\b")


_ANY_DAY = dt.date(2000, 1, 5)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    words: str  # the baseline as written
    kept: str = ""  # what stays of the matched text (the asked period of a pair)


def _find(text: str, today: dt.date) -> _Found | None:
    """The baseline the text names, where it is, and what replaces it."""
    for pattern in _PAIRS:
        for match in pattern.finditer(text):
            first, second = match.group("a").strip(), match.group("b").strip()
            periods = [plain_period(w, w.replace(" ", ""), today) for w in (first, second)]
            if None in periods or periods[0] == periods[1]:
                continue
            earlier = periods[0].start < periods[1].start
            base, asked = (first, second) if earlier else (second, first)
            return _Found(match.start(), match.end(), base, asked)
    for pattern in _BASELINE:
        match = pattern.search(text)
        if match:
            return _Found(match.start(), match.end(), match.group("base").strip())
    return None


def compares(text: str) -> bool:
    """The question compares with a period or asks whether something changed."""
    flat = text.replace(" ", "")
    return _find(text, _ANY_DAY) is not None or any(
        w in flat for w in _CHANGE_KO) or bool(_CHANGE_EN.search(text))


def without_baseline(text: str, today: dt.date = _ANY_DAY) -> tuple[str, bool]:
    """The question without the period it is compared *against*, and whether
    it was dropped: "지난달 대비 이번달 매출" is this month's sales (the
    answer already states the previous period beside it). With no other
    period named, the period after the baseline is meant ("저번주보다 늘었나":
    this week)."""
    found = _find(text, today)
    if found is None:
        return text, False
    rest = text[:found.start] + " " + found.kept + " " + text[found.end:]
    # Drop it when another period remains to be the subject.
    if found.kept or _has_period(rest):
        return rest, True
    following = _following(found.words)
    if following:
        return rest + " " + following, True
    return text, False


def _has_period(text: str) -> bool:
    return period_of(text, text.replace(" ", ""), _ANY_DAY) is not None


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
    "지지난주랑 비교", "2주 전이랑 비교", "vs the day before", "compared to
    october"), aligned day for day to the asked period. A year back (작년, 전년
    동기, last year) is the asked period a year earlier, a week back (지난주 같은
    요일, the same day last week) a week earlier, the one before (그 전달, 전날,
    the day before) the calendar's previous period; a baseline that is the
    asked period itself ("지난주 매출 전주 대비") means the one before it too.
    None when no baseline is named."""
    if period is None:
        return None
    found = _find(text, today)
    if found is None:
        return None
    words = found.words
    if _YEAR_BACK.match(words):
        return Period(_months_back(period.start, 12), _months_back(period.end, 12),
                      period.kind)
    if _WEEK_BACK.match(words):
        week = dt.timedelta(days=7)
        return Period(period.start - week, period.end - week, period.kind)
    if _BEFORE.match(words):
        return period.previous()
    named = plain_period(words, words.replace(" ", ""), today)
    if named is None:
        return None
    if (named.start, named.end) == (period.start, period.end):
        return period.previous()
    return _aligned(named, period)


def period_of(text: str, flat: str, today: dt.date) -> Period | None:
    """The period the question names, or None (a compared-against one aside)."""
    text, compared = without_baseline(text, today)
    if compared:
        flat = text.replace(" ", "")
    return plain_period(text, flat, today)
