"""Calendar arithmetic the period readers share (weeks start on Monday)."""

from __future__ import annotations

import datetime as dt

from ..types import Period

UNIT_DAYS = {"일": 1, "day": 1, "주": 7, "week": 7, "개월": 30, "달": 30, "month": 30}


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date) -> dt.date:
    """The first day of the day's month."""
    return day.replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the day's calendar quarter."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def month_of(year: int, month: int, today: dt.date) -> Period:
    """A calendar month (up to today when it is under way)."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    if end >= today:
        return Period(start, today, "month_to_date")
    return Period(start, end, "month")


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (30 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

