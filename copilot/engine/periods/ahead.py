"""Periods ahead: forecast horizons, order-by periods, bare day counts."""

from __future__ import annotations

import datetime as dt
import re

from ..types import Period
from .calendar import UNIT_DAYS, month_start, week_start
from .until import days_until, deadline

_AHEAD_KO = re.compile(r"(?:앞으로|다음|향후|이후|향후에|앞으로의)\s*(\d{1,3})\s*(일|주|개월|달)")
_AHEAD_EN = re.compile(r"(?:next|coming|following|in)\s+(\d{1,3})\s+(day|week|month)s?")
_BARE_DAYS = re.compile(r"(\d{1,3})\s*(?:일간|일 동안|일동안|일치|days?)\b|(\d{1,3})일(?!\s*(?:부터|이후))")
_BARE_SPAN = re.compile(r"(?<![\d.])(\d{1,3})\s*(주|개월|달|weeks?|months?)(?![a-z가-힣])"
                        r"|(?<![\d.])(\d{1,3})\s*(주|개월|달)(?=\s*(?:남은|남았|이내|안에|내|치|간|"
                        r"동안|뒤|후))")


def horizon_days(text: str, flat: str, today: dt.date | None = None) -> int | None:
    """A forecast horizon: "앞으로 14일", "next 2 weeks", "다음 달" (30); with
    `today`, also up to a deadline ("연말까지", "by christmas")."""
    until = days_until(text, today) if today else None
    if until:
        return until
    for pattern in (_AHEAD_KO, _AHEAD_EN):
        match = pattern.search(text)
        if match:
            return int(match.group(1)) * UNIT_DAYS[match.group(2)]
    if any(w in flat for w in ("다음달", "다음 달", "향후한달", "앞으로한달")) or re.search(
            r"\bnext month\b", text):
        return 30
    if any(w in flat for w in ("다음주", "앞으로일주일")) or re.search(r"\bnext week\b", text):
        return 7
    return None


def ahead_period(text: str, flat: str, today: dt.date) -> Period | None:
    """A period still to come, as dates: "다음주"/"next week" (Monday to
    Sunday), "다음 달"/"next month" (the calendar month), "앞으로 14일"/"next 2
    weeks" (tomorrow on), up to a deadline ("연말까지": tomorrow to 12-31). For
    what must be done by then ("다음주에 발주할 거")."""
    target = deadline(text, today)
    if target:
        return Period(today + dt.timedelta(days=1), target, "days")
    for pattern in (_AHEAD_KO, _AHEAD_EN):
        match = pattern.search(text)
        if match:
            days = int(match.group(1)) * UNIT_DAYS[match.group(2)]
            if days > 0:
                return Period(today + dt.timedelta(days=1),
                              today + dt.timedelta(days=days), "days")
    if "다음주" in flat or re.search(r"\bnext week\b", text):
        monday = week_start(today) + dt.timedelta(days=7)
        return Period(monday, monday + dt.timedelta(days=6), "week")
    if "다음달" in flat or re.search(r"\bnext month\b", text):
        first = (month_start(today) + dt.timedelta(days=32)).replace(day=1)
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
        return int(number) * UNIT_DAYS[unit.rstrip("s")]
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
