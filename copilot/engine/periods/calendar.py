"""Calendar arithmetic the period readers share (weeks start on Monday)."""

from __future__ import annotations

import datetime as dt

from ..types import Period

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



def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

