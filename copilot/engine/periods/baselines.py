"""Comparisons: the period a question compares *with* (its baseline), and
the asked period once the baseline is taken out."""

from __future__ import annotations

import datetime as dt
import re

from ..types import Period, _months_back
from .named import _month_name, _named, plain_period

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
    return plain_period(text, flat, today)
