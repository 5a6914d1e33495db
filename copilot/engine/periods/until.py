"""A deadline ahead: "연말까지", "월말까지", "크리스마스까지", "12월 10일까지",
"다음주 수요일까지", "by christmas", "until the end of the month", "by friday",
"before dec 10". Its distance from today is a forecast horizon or an
order-by window ("연말까지 얼마나 팔릴까": 34 days on 2026-11-27)."""

from __future__ import annotations

import datetime as dt
import re

from .calendar import month_start, safe_date, week_start
from .days import MONTH_NAME_EN, MONTHS_EN, WEEKDAYS_EN, WEEKDAYS_KO

# A named day ahead, then 까지 (through it) or 전까지 / 이전까지 (before it); a
# date only with 까지 ("3일 전까지" is three days ago).
_TARGET_KO = re.compile(
    r"(연말|년말|올해\s*말|올\s*연말|이번\s*해\s*말|월말|이번달\s*말|이달\s*말|다음달\s*말|"
    r"크리스마스\s*이브|크리스마스|성탄절|(?:이번주|다음주)\s*(?:주)?말|주말|"
    r"(?:(?:이번주|다음주)\s*(?:의\s*)?)?[월화수목금토일](?:요일|욜))\s*(까지|전까지|"
    r"이전까지)"
    r"|((?<!\d)\d{1,2}\s*월\s*\d{1,2}\s*일|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])|"
    r"(?<![\d월])\d{1,2}\s*일)\s*까지")
_WITHIN_YEAR_KO = re.compile(r"올해\s*(?:안에|내에|중에|가\s*가기\s*전에)|연내")
_TARGET_EN = re.compile(
    r"\b(by|until|till|til|through|thru|before)\s+(?:the\s+)?("
    r"end of (?:the |this )?year|year[- ]end|new year'?s?(?: eve)?|"
    r"christmas(?: eve)?|xmas|end of next month|end of (?:the |this )?month|"
    r"month[- ]end|end of next week|end of (?:the |this )?week|(?:this )?weekend|"
    r"(?:next |this )?(?:" + "|".join(WEEKDAYS_EN) + r")|" + MONTH_NAME_EN +
    r"\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th))\b")


def _month_end(day: dt.date) -> dt.date:
    return (month_start(day) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(
        days=1)


def _next(month: int | None, day: int, today: dt.date) -> dt.date | None:
    """The first date after today with that day (and month)."""
    if month is None:
        found = safe_date(today.year, today.month, day)
        if found is None or found <= today:
            following = _month_end(today) + dt.timedelta(days=1)
            found = safe_date(following.year, following.month, day)
        return found
    found = safe_date(today.year, month, day)
    if found is not None and found <= today:
        # A date of the last half year is an end past ("11월 15일까지" sold),
        # an earlier one is next year's ("1월 10일까지" in November).
        if (today - found).days <= 183:
            return None
        found = safe_date(today.year + 1, month, day)
    return found


def _weekday_ahead(index: int, week: str, today: dt.date) -> dt.date:
    if week in ("이번주", "this"):
        return week_start(today) + dt.timedelta(days=index)
    if week in ("다음주", "next"):
        return week_start(today) + dt.timedelta(days=7 + index)
    return today + dt.timedelta(days=(index - today.weekday()) % 7 or 7)


def _target_ko(words: str, today: dt.date) -> dt.date | None:
    flat = words.replace(" ", "")
    sunday = week_start(today) + dt.timedelta(days=6)
    fixed = {"연말": dt.date(today.year, 12, 31), "년말": dt.date(today.year, 12, 31),
             "올해말": dt.date(today.year, 12, 31), "올연말": dt.date(today.year, 12, 31),
             "이번해말": dt.date(today.year, 12, 31), "월말": _month_end(today),
             "이번달말": _month_end(today), "이달말": _month_end(today),
             "다음달말": _month_end(_month_end(today) + dt.timedelta(days=1)),
             "크리스마스이브": _next(12, 24, today), "크리스마스": _next(12, 25, today),
             "성탄절": _next(12, 25, today), "이번주말": sunday, "이번주주말": sunday,
             "주말": sunday, "다음주말": sunday + dt.timedelta(days=7),
             "다음주주말": sunday + dt.timedelta(days=7)}
    if flat in fixed:
        return fixed[flat]
    weekday = re.fullmatch(r"(이번주|다음주)?(?:의)?([월화수목금토일])(?:요일|욜)", flat)
    if weekday:
        return _weekday_ahead(WEEKDAYS_KO.index(weekday.group(2)),
                              weekday.group(1) or "", today)
    date = re.fullmatch(r"(?:(\d{1,2})월)?(\d{1,2})일|(\d{1,2})/(\d{1,2})", flat)
    if date:
        month = date.group(1) or date.group(3)
        return _next(int(month) if month else None, int(date.group(2) or date.group(4)),
                     today)
    return None


def _target_en(words: str, today: dt.date) -> dt.date | None:
    sunday = week_start(today) + dt.timedelta(days=6)
    if re.fullmatch(r"end of (?:the |this )?year|year[- ]end|new year'?s?(?: eve)?",
                    words):
        return dt.date(today.year, 12, 31)
    if words.startswith(("christmas", "xmas")):
        return _next(12, 24 if words.endswith("eve") else 25, today)
    if words == "end of next month":
        return _month_end(_month_end(today) + dt.timedelta(days=1))
    if re.fullmatch(r"end of (?:the |this )?month|month[- ]end", words):
        return _month_end(today)
    if words == "end of next week":
        return sunday + dt.timedelta(days=7)
    if re.fullmatch(r"end of (?:the |this )?week|(?:this )?weekend", words):
        return sunday
    weekday = re.fullmatch(r"(next |this )?(" + "|".join(WEEKDAYS_EN) + ")", words)
    if weekday:
        return _weekday_ahead(WEEKDAYS_EN.index(weekday.group(2)),
                              (weekday.group(1) or "").strip(), today)
    date = re.fullmatch(r"(" + MONTH_NAME_EN + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
                        r"|(\d{1,2})(?:st|nd|rd|th)", words)
    if date:
        month = MONTHS_EN.index(date.group(1)[:3]) + 1 if date.group(1) else None
        return _next(month, int(date.group(2) or date.group(3)), today)
    return None


def deadline(text: str, today: dt.date) -> dt.date | None:
    """The last day ahead the question counts up to, or None ("before X":
    the day before X)."""
    if _WITHIN_YEAR_KO.search(text):
        return dt.date(today.year, 12, 31)
    match = _TARGET_KO.search(text)
    if match and match.group(3) and "부터" in text[:match.start()]:
        return None  # "1일부터 15일까지": the end of a range, not a deadline
    if match:
        target = _target_ko(match.group(1) or match.group(3), today)
        before = match.group(2) in ("전까지", "이전까지")
    else:
        match = _TARGET_EN.search(text)
        if not match:
            return None
        target = _target_en(match.group(2), today)
        before = match.group(1) == "before"
    if target is not None and before:
        target -= dt.timedelta(days=1)
    return target if target is not None and target > today else None


def days_until(text: str, today: dt.date) -> int | None:
    """The days from tomorrow up to the deadline the text names, or None."""
    target = deadline(text, today)
    return (target - today).days if target else None
